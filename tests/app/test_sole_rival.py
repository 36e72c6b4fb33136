"""A figure the page never gives, where the sentence carrying most of the claim gives one
figure of its kind and only one, is contradicted by that figure, however differently the
words around the two are put; not where the sentence is about another subject, nor where
another sentence binds a figure to the claim's own words more closely."""

from __future__ import annotations

import pytest

from app.evidence import assess, index_source
from tests.twins import Case, assert_caught_with_green_twins

WIND = ("ABERLYN, Wales (Capital Observer) — Construction of the Morfa Glas offshore wind "
        "farm will begin next spring after developer Tregaron Renewables secured final "
        "investment approval for the £640m project, the company said on Wednesday. The "
        "farm's 40 turbines will power about 300,000 homes.")

CASES = {
    "an amount put in other words": Case(
        WIND,
        "Tregaron Renewables has given the final go-ahead to the £460m Morfa Glas offshore "
        "wind farm off the coast of Aberlyn.",
        ("Tregaron Renewables has secured final investment approval for the £640m Morfa "
         "Glas offshore wind farm.",),
        quoted="£640m project"),
    "a count in words": Case(
        "ORRIN BAY, Maine (Tidewater Tribune) — About 20 residents spoke against a proposed "
        "cruise ship pier at a packed Orrin Bay planning board hearing Tuesday night.",
        "A dozen residents voiced opposition to the proposed cruise ship pier at Orrin "
        "Bay's planning board hearing on Tuesday.",
        ("About 20 residents spoke against the proposed cruise ship pier at Orrin Bay's "
         "planning board hearing on Tuesday.",),
        quoted="About 20 residents"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_one_figure_of_its_kind_answers_the_claim(case: Case) -> None:
    assert_caught_with_green_twins(case)


# (a sentence, a claim, a value the explanation must not quote)
NOT_THE_VALUE = {
    "a sentence about another subject names no value": (
        "VERONA — Aldoria's competition authority fined five cement companies a total of "
        "€6.9 million for colluding to fix prices. The largest fine, €2.4 million, was "
        "imposed on Castellan Cement, which it called the organiser.",
        "Aldoria's competition authority fined Castellan Cement €4.2 million for its part "
        "in a price-fixing cartel.",
        "€6.9 million"),
    "a figure bound more closely elsewhere is the one that counts": (
        "Chipmaker Orison said on Wednesday that revenue rose to $8.4 billion, up 22% from "
        "a year earlier, as demand for its data-center processors surged. Gross margin "
        "widened to 44.5% from 41.2%.",
        "Chipmaker Orison said its gross margin widened to 54.5% as demand for data-center "
        "processors surged.",
        "22%"),
}


@pytest.mark.parametrize(("text", "claim", "other"), NOT_THE_VALUE.values(),
                         ids=NOT_THE_VALUE.keys())
def test_no_value_of_another_thing_is_quoted(text: str, claim: str, other: str) -> None:
    a = assess(claim, index_source(text))
    assert other not in a.explanation, a.explanation
    assert a.verdict != "supported", a.explanation
