"""A rank is a value: the same superlative of the same noun with another ordinal before
it ("the second-largest supermarket operator" for "the largest supermarket operator")
contradicts the claim; the claim's own rank, or a superlative of another noun, does not."""

from __future__ import annotations

import pytest

from app.evidence import assess, index_source
from tests.twins import Case, assert_caught_with_green_twins

MERGER = ("PENROSE (The Ledger Business) — Grocery chain FreshWay will buy regional rival "
          "Kingsmead Markets for $1.1 billion, creating the second-largest supermarket "
          "operator in the Tri-Lakes region behind market leader Valumart, the companies "
          "said on Monday. Penrose is the largest city in the region.")

CASES = {
    "largest for second-largest": Case(
        MERGER,
        "FreshWay's $1.1 billion purchase of Kingsmead Markets will create the largest "
        "supermarket operator in the Tri-Lakes region.",
        ("FreshWay's $1.1 billion purchase of Kingsmead Markets will create the "
         "second-largest supermarket operator in the Tri-Lakes region.",),
        quoted="source says: creating the second-largest supermarket operator"),
    "third for second": Case(
        "DUNMORE — Dunmore's airport, the country's second-busiest airport, handled 9.1 "
        "million passengers last year, the operator said.",
        "Dunmore's airport, the country's third-busiest airport, handled 9.1 million "
        "passengers last year.",
        ("Dunmore's airport, the second-busiest airport in the country, handled 9.1 million "
         "passengers last year.",),
        quoted="second-busiest airport"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_another_rank_of_the_same_noun(case: Case) -> None:
    assert_caught_with_green_twins(case)


def test_a_superlative_of_another_noun_is_no_rank_of_the_claims() -> None:
    a = assess("Penrose is the largest city in the Tri-Lakes region.", index_source(MERGER))
    assert a.verdict != "contradicted", a.explanation


def test_the_sentence_sharing_most_of_the_claim_gives_the_rank() -> None:
    text = ("BRACKENRIDGE, Pa. (Valley Wire) — Brackenridge recorded 7.9 inches of rain in "
            "July, making it the third-wettest July on record in the city. The wettest July "
            "on record remains July 1938, when 9.4 inches fell.")
    a = assess("Brackenridge has just recorded its wettest July on record, with 7.9 inches "
               "of rain.", index_source(text))
    assert a.verdict == "contradicted", a.explanation
    assert "third-wettest July on record" in a.explanation
