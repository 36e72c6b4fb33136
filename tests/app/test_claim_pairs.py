"""Independent hand-written claim/source pairs (issue #12), each set written by a helper
who had read neither the checker nor its tests:

* ``tests/data/claim_pairs.jsonl`` (fourth session): 50 contradictions of eight kinds
  and 50 faithful paraphrases;
* ``tests/data/claim_pairs_fresh.jsonl``, ``claim_pairs_b.jsonl``,
  ``claim_pairs_c.jsonl``, ``claim_pairs_d.jsonl``, ``claim_pairs_e.jsonl`` (fifth
  session): 60 + 60, 50 + 50, 40 + 40, 40 + 40 and 30 + 30 more, each
  written against the issue's list of kinds by a helper who had seen none of the
  earlier sets, measured as written, then learnt from (docs/evidence.md has the
  figures at first sight).

A contradiction must never be green, and when it is ``contradicted`` the verdict must
quote the source's value; a faithful paraphrase must stay green. The pairs the checker
still gets wrong are listed in ``KNOWN_GAPS`` with their cause: strict xfails, so a
fix that makes one pass shows up and the entry must go.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.evidence import assess, index_source
from tests.pair_values import value_parts

PAIR_FILES = ("claim_pairs.jsonl", "claim_pairs_fresh.jsonl", "claim_pairs_b.jsonl",
              "claim_pairs_c.jsonl", "claim_pairs_d.jsonl", "claim_pairs_e.jsonl")


def _read(name: str) -> list[dict]:
    text = (Path(__file__).parents[1] / "data" / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


PAIRS = [pair for name in PAIR_FILES for pair in _read(name)]

KNOWN_GAPS = {
    # paraphrases that lose their green: lexical limits (docs/evidence.md, Limitations)
    "p-mix-2": "synonym attracts / receives",
    "f-s-7": "'won' against 'scooped': no synonym; the score stays just under the cut",
    "f-s-46": "'for only the second time' against 'only once before': arithmetic",
    "f-s-51": "'won their match against' against 'beat': no synonym",
    "f-s-59": "'found not guilty' against 'acquitted': no synonym",
    "b-p-35": "'rose from 420,000 to 840,000' against 'doubled to 840,000': arithmetic",
    "b-p-42": "'no longer holds a majority' against 'lost its majority'",
    "b-p-43": "'won 2-0 away at' against 'were beaten 2-0 at home by'",
    "c-c-40": "'critically injured' against 'seriously injured ... in a critical condition'",
    "c-c-45": "'a purchase it says will add' against 'said ... would add': score under the cut",
    "c-c-55": "'twice as many ... the total reaching 86' against 'doubled ..., to 86'",
    "c-c-75": "'Brandt heading the winner in the 74th minute' against 'Brandt's 74th-minute "
              "header gave ... a 1-0 win'",
    "d-s-21": "'Kenyan tea' against 'Kenya's tea exports': a demonym is not the name",
    "d-s-29": "'twice as many ... reaching 240' against 'doubled to 240': the total's role",
    "d-s-30": "'three times higher in 2024 than in 2019' against 'tripled between 2019 "
              "and 2024'",
    "d-s-35": "'voted to keep ... as chief conductor' against 're-elected'",
    "d-s-5": "'will take 30 months' against 'two and a half years': no unit conversion",
    "e-s-1": "'1,500 metres' against '1.5 kilometres': no unit conversion",
    "e-s-29": "'said it had no plans to sell' against 'denied that it planned to sell'",
    # contradictions that stay green: the value is right, the relation is not
    "d-c-26": "'City had 14 shots' against 'Rovers had 14 shots to City's six'",
    "c-c-54": "'Eastmoor campus enrolled 12,300' against 'the college enrolled 12,300, while "
              "its campus in Eastmoor recorded 8,900': the claim adds a qualifier",
}


def _case(pair: dict) -> object:
    marks = ([pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[pair["id"]])]
             if pair["id"] in KNOWN_GAPS else [])
    return pytest.param(pair, id=pair["id"], marks=marks)


@pytest.mark.parametrize("name", PAIR_FILES)
def test_each_set_has_as_many_paraphrases_as_contradictions(name: str) -> None:
    kinds = [p["expect"] for p in _read(name)]
    assert kinds.count("contradicted") == kinds.count("supported") >= 30
    assert len({p["id"] for p in PAIRS}) == len(PAIRS)


@pytest.mark.parametrize("pair", [_case(p) for p in PAIRS if p["expect"] == "contradicted"])
def test_a_contradiction_is_never_green_and_names_the_source_value(pair: dict) -> None:
    a = assess(pair["claim"], index_source(pair["source"]))
    assert a.verdict != "supported", a.explanation
    if a.verdict == "contradicted":
        said = " ".join(source for _, source in a.contradictions)
        for part in value_parts(pair["source_value"], pair["claim"]):
            assert part in said.casefold().replace(",", ""), f"{part!r} not in {said!r}"
            assert part in a.explanation.casefold().replace(",", "")


@pytest.mark.parametrize("pair", [_case(p) for p in PAIRS if p["expect"] == "supported"])
def test_a_faithful_paraphrase_stays_green(pair: dict) -> None:
    a = assess(pair["claim"], index_source(pair["source"]))
    assert a.verdict == "supported", f"{a.verdict} {a.score}: {a.explanation}"
