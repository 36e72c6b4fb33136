"""A length of time said in another unit ("six decades" / "60 years", "30 months" / "two
and a half years", "ten years ago" / "a decade ago") is the page's figure, with a note
saying so; a length in words the page gives in no unit ("five decades") is a figure it
lacks. And "cease generating" is the page's "stop generating", not its negation."""

from __future__ import annotations

import pytest

from app.evidence import assess, index_source
from tests.twins import Case, assert_caught_with_green_twins

PLANT = ("KESTON (Capital Observer) — The Keston coal-fired power station will stop "
         "generating electricity on March 15, ending more than 60 years of operation, its "
         "owner Albion Power said on Thursday. Demolition of the site will take two and a "
         "half years.")

CASES = {
    "decades for years": Case(
        PLANT,
        "The Keston coal-fired power station will stop generating electricity on March 15, "
        "ending more than five decades of operation.",
        ("The Keston coal-fired power station will cease generating electricity on March "
         "15, ending more than six decades of operation.",),
        contradicted=False, quoted="never gives “five decades”"),
    "months for years and a half": Case(
        PLANT,
        "Demolition of the Keston power station site will take 20 months.",
        ("Demolition of the Keston power station site will take 30 months.",),
        contradicted=False, quoted="“20”"),
    "a length between two years of the sentence": Case(
        "Construction of the Marrow dam began in 1936 and was completed in 1941, according "
        "to the national archives.",
        "The Marrow dam was completed in 1941, seven years after construction began, the "
        "national archives show.",
        ("The Marrow dam was completed in 1941, five years after construction began, the "
         "national archives show.",),
        contradicted=False, quoted="“seven years”"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_length_of_time_in_another_unit(case: Case) -> None:
    assert_caught_with_green_twins(case)


def test_the_green_names_the_pages_words() -> None:
    a = assess("Demolition of the Keston power station site will take 30 months.",
               index_source(PLANT))
    assert "“30 months” is the page's “two and a half years”" in a.explanation


def test_stopping_is_ceasing_not_its_negation() -> None:
    a = assess("The Keston coal-fired power station will keep generating electricity after "
               "March 15, Albion Power said.", index_source(PLANT))
    assert a.verdict == "contradicted", a.explanation
