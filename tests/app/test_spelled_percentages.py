"""A percentage written in words ("Twenty-five percent") is a figure like "25%": the
source must give it, as a figure or as the share it is ("A quarter of adults"), and a
share the source gives otherwise contradicts it."""

from __future__ import annotations

import pytest

from tests.twins import Case, assert_caught_with_green_twins

SOURCE = ("CARROWMORE - A quarter of adults in Carrowmore are now obese, according to the "
          "latest regional health survey, up from 19% a decade ago. The survey of 6,200 "
          "people found obesity most common among men aged 45 to 64.")

CASES = {
    "another share than the source's": Case(
        SOURCE,
        "Thirty percent of adults in Carrowmore are now obese, according to the regional "
        "health survey.",
        ("Twenty-five percent of adults in Carrowmore are now obese, according to the "
         "regional health survey.",
         "25% of adults in Carrowmore are now obese, the regional health survey found."),
        quoted="A quarter of adults"),
    "a share the source never gives": Case(
        SOURCE.replace("A quarter of adults in Carrowmore are", "Many adults in "
                       "Carrowmore are"),
        "Twenty-five percent of adults in Carrowmore are now obese, according to the "
        "regional health survey.",
        ("Many adults in Carrowmore are now obese, according to the regional health "
         "survey.",),
        contradicted=False, quoted="Twenty-five percent"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_percentage_in_words_is_a_figure(case: Case) -> None:
    assert_caught_with_green_twins(case)
