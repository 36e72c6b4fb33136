"""A bound the other way round is another value: "More than 300 households" against the
page's "Fewer than 300 households" is contradicted, quoting the page's bound."""

from __future__ import annotations

import pytest

from tests.twins import Case, assert_caught_with_green_twins

CASES = {
    "more than for fewer than": Case(
        "MILLHAVEN (Lakeside Courier) — Fewer than 300 households have signed up for "
        "Millhaven's free home energy audit program in its first six months, far short of "
        "the city's goal of 1,500, officials said Tuesday.",
        "More than 300 households have signed up for Millhaven's free home energy audit "
        "program in its first six months.",
        ("Under 300 households have signed up for Millhaven's free home energy audit "
         "program in its first six months.",),
        quoted="source says: Fewer than 300 households"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_bound_the_other_way_round(case: Case) -> None:
    assert_caught_with_green_twins(case)
