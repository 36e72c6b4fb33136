"""Findings that match the risk: contradictions, missing and misquoted quotations, and
references that have nothing to do with the claims citing them."""

from __future__ import annotations

import hashlib
import json

from .helpers import SAMPLE_DIGEST, write_bundle
from .test_cli import run

SOURCE = (
    "The city council approved the transit plan on Tuesday. "
    "The plan will add 8 new bus routes by 2027, fewer than the 15 first proposed. "
    'The mayor called it "a plan for every neighbourhood in the city".'
)


def _snapshot(text: str) -> dict:
    return {"text": text, "how": "bundled", "fetched_at": "",
            "sha256": hashlib.sha256(text.encode()).hexdigest()}


def _story(tmp_path, body: str):
    return write_bundle(
        tmp_path / "transit.json", id="transit", title="Council approves the transit plan",
        dek="New bus routes for the city.", body=body,
        references=[{"n": 1, "publisher": "City Herald", "title": "Council backs transit plan",
                     "url": "https://herald.example.org/transit",
                     "snapshot": _snapshot(SOURCE)}],
    )


def _findings(result) -> dict[str, list[dict]]:
    report = json.loads(result.stdout)
    out: dict[str, list[dict]] = {}
    for f in report["findings"]:
        out.setdefault(f["kind"], []).append(f)
    return out


def test_a_contradicted_number_is_a_blocker_naming_what_the_source_says(tmp_path):
    path = _story(tmp_path, "The council approved the transit plan on Tuesday [1]. "
                            "The plan adds 15 new bus routes [1].")
    result = run("check", path, "--json", db=tmp_path / "lib.sqlite3")
    assert result.returncode == 1, result.stderr
    found = _findings(result)
    assert found["contradiction"][0]["severity"] == "blocker"
    assert "8 new bus routes" in found["contradiction"][0]["message"]
    citation = json.loads(result.stdout)["claims"][1]["citations"][0]
    assert citation["verdict"] == "contradicted"
    assert "source says: add 8 new bus routes" in citation["reason"]


def test_a_misquotation_is_a_blocker_and_check_exits_1(tmp_path):
    path = _story(tmp_path, 'The mayor called it "a plan for every neighborhood of the city" [1].')
    result = run("check", path, "--json", db=tmp_path / "lib.sqlite3")
    assert result.returncode == 1
    found = _findings(result)
    assert "misquotation" in found or "missing_quotation" in found, found
    citation = json.loads(result.stdout)["claims"][0]["citations"][0]
    assert citation["verdict"] != "supported"


def test_a_faithful_story_raises_no_evidence_finding(tmp_path):
    path = _story(tmp_path, "The plan will add 8 new bus routes by 2027 [1]. "
                            'The mayor called it "a plan for every neighbourhood in the city" [1].')
    result = run("check", path, "--json", db=tmp_path / "lib.sqlite3")
    found = _findings(result)
    assert not {"contradiction", "misquotation", "missing_quotation", "missing_number",
                "unrelated_reference"} & found.keys(), found


def test_the_seed_digest_flags_reference_1_as_unrelated_and_two_stories_merged(tmp_path):
    result = run("check", SAMPLE_DIGEST, "--json", db=tmp_path / "lib.sqlite3")
    found = _findings(result)
    unrelated = found["unrelated_reference"]
    assert len(unrelated) == 1 and "[1]" in unrelated[0]["message"]
    assert "oxcaml" in unrelated[0]["message"]
    assert "two stories merged" in found["merged_stories"][0]["message"]


def test_a_reference_that_fits_its_claim_is_not_flagged_offline(tmp_path):
    path = write_bundle(tmp_path / "bridge.json")  # no snapshots: all unavailable
    result = run("check", path, "--json", db=tmp_path / "lib.sqlite3")
    assert "unrelated_reference" not in _findings(result)
