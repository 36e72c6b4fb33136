"""Independent hand-written claim/source pairs (issue #12), each set written by a helper
who had read neither the checker nor its tests:

* ``tests/data/claim_pairs.jsonl`` (fourth session): 50 contradictions of eight kinds
  and 50 faithful paraphrases;
* ``tests/data/claim_pairs_fresh.jsonl`` (fifth session): 60 and 60 more, written
  against the issue's list of kinds (numbers in another role in the same sentence,
  "refused to" / "failed to" negations, dates in other formats...).

A contradiction must never be green, and when it is ``contradicted`` the verdict must
quote the source's value; a faithful paraphrase must stay green. The pairs the checker
still gets wrong are listed in ``KNOWN_GAPS`` with their cause: strict xfails, so a
fix that makes one pass shows up and the entry must go.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.evidence import assess, index_source

PAIR_FILES = ("claim_pairs.jsonl", "claim_pairs_fresh.jsonl")


def _read(name: str) -> list[dict]:
    text = (Path(__file__).parents[1] / "data" / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


PAIRS = [pair for name in PAIR_FILES for pair in _read(name)]

KNOWN_GAPS = {
    # paraphrases that lose their green: lexical limits (docs/evidence.md, Limitations)
    "p-mix-2": "synonym attracts / receives",
    "f-s-7": "'won' against 'scooped': no synonym; the score stays just under the cut",
    "f-s-38": "every fact backed (31/01/2025 read as the date), score 0.70 against a 0.71 cut",
    "f-s-46": "'for only the second time' against 'only once before': arithmetic",
    "f-s-51": "'won their match against' against 'beat': no synonym",
    "f-s-59": "'found not guilty' against 'acquitted': no synonym",
    # a contradiction that stays green: the value is right, the relation is not
    "f-c-41": "'won in a course record of 2h04' against 'won in 2h06, outside the course "
              "record of 2h04': the figure is the record's in both",
}


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z.%$£€]", "", text.lower().replace(",", ""))


def _case(pair: dict) -> object:
    marks = ([pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[pair["id"]])]
             if pair["id"] in KNOWN_GAPS else [])
    return pytest.param(pair, id=pair["id"], marks=marks)


@pytest.mark.parametrize("name", PAIR_FILES)
def test_each_set_has_as_many_paraphrases_as_contradictions(name: str) -> None:
    kinds = [p["expect"] for p in _read(name)]
    assert kinds.count("contradicted") == kinds.count("supported") >= 50
    assert len({p["id"] for p in PAIRS}) == len(PAIRS)


@pytest.mark.parametrize("pair", [_case(p) for p in PAIRS if p["expect"] == "contradicted"])
def test_a_contradiction_is_never_green_and_names_the_source_value(pair: dict) -> None:
    a = assess(pair["claim"], index_source(pair["source"]))
    assert a.verdict != "supported", a.explanation
    if a.verdict == "contradicted":
        said = " ".join(source for _, source in a.contradictions)
        assert _norm(pair["source_value"]) in _norm(said)
        assert _norm(pair["source_value"]) in _norm(a.explanation)


@pytest.mark.parametrize("pair", [_case(p) for p in PAIRS if p["expect"] == "supported"])
def test_a_faithful_paraphrase_stays_green(pair: dict) -> None:
    a = assess(pair["claim"], index_source(pair["source"]))
    assert a.verdict == "supported", f"{a.verdict} {a.score}: {a.explanation}"
