"""The bundled sample library: real snapshots from the public data, honestly sourced."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.check import check_story
from app.parse import load_story_file

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
BUNDLES = sorted(SAMPLES.glob("*.json"))
DATA = SAMPLES.parents[2] / "shared" / "data" / "citation-support"


def test_there_are_at_least_three_bundles_besides_the_digest() -> None:
    assert len(BUNDLES) >= 3
    assert (SAMPLES / "muse-spark-digest.txt").exists()


@pytest.mark.parametrize("path", BUNDLES, ids=lambda p: p.name)
def test_each_bundle_carries_real_snapshots_and_gets_real_verdicts(path: Path) -> None:
    story = load_story_file(path)
    assert story.origin == "bundle" and story.id.startswith("sample-")
    assert story.references
    for ref in story.references:
        assert ref.snapshot is not None and ref.snapshot.usable, ref.n
        assert ref.snapshot.how == "bundled"
        assert ref.publisher
    report = check_story(story)
    verdicts = {c.verdict for claim in report.claims for c in claim.citations}
    assert verdicts - {"unavailable", "dangling"}, verdicts
    # the only blockers a real bundle may carry are what its sources say against it
    # (britain-cafe-culture quotes "classic caffs"; its source says only "caff")
    structural = [f.message for f in report.findings if f.severity == "blocker"
                  and f.kind not in ("missing_quotation", "misquotation", "contradiction")]
    assert not structural, structural


@pytest.mark.parametrize("path", BUNDLES, ids=lambda p: p.name)
def test_each_bundle_names_its_source_and_licence(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    provenance = data["provenance"]
    assert provenance["dataset"] and provenance["licence"] and provenance["labels"]
    labels = {row["label"] for row in provenance["labels"]}
    # A mix: at least one citation judged backed and one judged not (fully) backed.
    assert labels & {"attributable", "supported"}
    assert labels & {"not attributable", "not_supported", "partially_supported"}
    assert path.name in (SAMPLES / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", BUNDLES, ids=lambda p: p.name)
def test_check_json_explanations_match_the_snapshot_text(path: Path, tmp_path: Path) -> None:
    """What the issue's acceptance runs: ``check --json`` on each bundled sample. Every
    evidence span is really in its snapshot, every matched word is in the evidence
    shown, every missing name or number is really absent, every unbacked part is the
    claim's own words."""
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", str(tmp_path / "lib.db"), "check",
         str(path), "--json"],
        capture_output=True, text=True, timeout=120, cwd=SAMPLES.parents[1])
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    snapshots = {ref.n: ref.snapshot.text for ref in load_story_file(path).references
                 if ref.snapshot is not None}
    judged = 0
    for claim in report["claims"]:
        for citation in claim["citations"]:
            source = snapshots[citation["n"]]
            evidence = citation["evidence"]
            start, end = evidence["span"]
            assert source[start:end] == evidence["text"] and evidence["text"]
            shown = evidence["text"].casefold()
            for word in citation["matched"]:
                assert word.casefold()[:4] in shown, (word, evidence["text"])
            for name in citation["missing"]["names"]:
                assert name not in source
            for number in citation["missing"]["numbers"]:
                # (as a word: a count in words, "two", is no part of "trustworthy")
                assert not re.search(rf"(?<!\w){re.escape(number)}(?!\w)", source, re.I), number
            for word in citation["missing"]["words"]:
                assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", source, re.I), word
            for part in citation.get("unbacked", []):
                assert part.rstrip(".") in claim["text"]
            judged += 1
    assert judged == report["summary"]["citations"] > 0


def test_digest_sample_has_no_invented_snapshots() -> None:
    story = load_story_file(SAMPLES / "muse-spark-digest.txt")
    assert all(ref.snapshot is None for ref in story.references)


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data/citation-support not present")
def test_bundles_match_what_the_script_builds_from_the_data() -> None:
    result = subprocess.run([sys.executable, str(SAMPLES / "make_samples.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
