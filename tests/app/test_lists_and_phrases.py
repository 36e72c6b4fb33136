"""What set O taught (eleventh session): some flips are phrases, not words ("went ahead"
/ "was called off", "claimed victory" / "conceded"); a change after a comma is the
change of the figure before it ("sales of 2.3 billion crowns, up 8 percent"); a name
written out is backed by the short form the source uses ("World Health Organization" /
"WHO"); a count is backed by a list that names as many ("four rivers" / "the Severn,
Wye, Avon and Teme"); "a $40-million budget" is forty million. Each rule beside its
faithful twin: the same source, a claim it backs, which must stay green."""

from __future__ import annotations

import pytest

from app.evidence import assess, index_source
from tests.twins import Case, assert_caught_with_green_twins

CASES = {
    "went ahead, where it was called off": Case(
        "The Harbour Festival in Kinsale was called off on Friday after forecasters issued "
        "a storm warning, organisers said. It had been due to go ahead on Saturday.",
        "The Harbour Festival in Kinsale went ahead on Friday despite a storm warning, "
        "organisers said.",
        ("Organisers called off the Harbour Festival in Kinsale on Friday after a storm "
         "warning.",),
        contradicted=False, quoted="was called off"),
    "claimed victory, where the candidate conceded": Case(
        "Senator Alma Reyes conceded on Thursday in the race for governor of Santa Lucia "
        "province, after the final count gave her rival a lead of 4,000 votes.",
        "Senator Alma Reyes claimed victory in the race for governor of Santa Lucia "
        "province on Thursday.",
        ("Senator Alma Reyes conceded the race for governor of Santa Lucia province on "
         "Thursday.",),
        quoted="conceded"),
    "a change after a comma is the figure's": Case(
        "Norvik Foods reported third-quarter sales of 2.3 billion crowns on Thursday, up 8 "
        "percent from a year earlier. Operating profit fell 4 percent to 310 million "
        "crowns.",
        "Norvik Foods' third-quarter sales rose 4 percent to 2.3 billion crowns.",
        ("Norvik Foods' third-quarter sales rose 8 percent to 2.3 billion crowns.",),
        quoted="8 percent"),
    "a name written out where the source abbreviates it": Case(
        "GENEVA — The WHO said on Monday that measles cases in Europe doubled last year, "
        "driven by falling vaccination rates.",
        "The World Food Programme said on Monday that measles cases in Europe doubled last "
        "year.",
        ("The World Health Organization said on Monday that measles cases in Europe "
         "doubled last year.",),
        contradicted=False, quoted="World Food Programme"),
    "a count the source lists": Case(
        "Flood warnings remain in place for the rivers Severn, Wye, Avon and Teme, the "
        "Environment Agency said on Sunday.",
        "Flood warnings remain in place for five rivers, the Environment Agency said on "
        "Sunday.",
        ("Flood warnings remain in place for four rivers, the Environment Agency said on "
         "Sunday.",),
        quoted="rivers Severn, Wye, Avon and Teme (4 named)"),
    "an amount written with hyphens": Case(
        "The city council approved a budget of 40 million dollars for the new tram depot "
        "on Wednesday.",
        "The city council approved a $14-million budget for the new tram depot on "
        "Wednesday.",
        ("The city council approved a $40-million budget for the new tram depot on "
         "Wednesday.",),
        contradicted=False),
    "words a sub-editor swaps": Case(
        "Shares in Halden Group plunged 12 percent on Tuesday after the company warned that "
        "profits would be lower. Analysts had forecast growth.",
        "Halden Group shares tumbled 21 percent on Tuesday after the company cautioned "
        "that profits would be lower.",
        ("Halden Group shares tumbled 12 percent on Tuesday after the company cautioned "
         "that profits would be lower.",),
        quoted="12 percent"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_wrong_claim_is_caught_and_its_twin_stays_green(case: Case) -> None:
    assert_caught_with_green_twins(case)


def test_a_list_of_some_of_them_answers_no_count() -> None:
    index = index_source("Flood warnings remain in place for several rivers, including the "
                         "Severn, Wye, Avon and Teme, the Environment Agency said on Sunday.")
    a = assess("Flood warnings remain in place for five rivers, the Environment Agency said "
               "on Sunday.", index)
    assert a.verdict != "contradicted", a.explanation


NO_FLIP = {
    "'this may' is no month": (
        "Officials said in March that the storm would delay the opening of the bridge.",
        "Officials said this may delay the opening of the bridge."),
    "a percent range to a bare number": (
        "The central bank cut its main rate from 5 percent to 4.75 on Thursday.",
        "The bank cut its main rate to 4.75 percent on Thursday."),
    "an ordinal is no count": (
        "Talks between Britain, France and Germany will open in Geneva on Monday.",
        "A 7th round of talks will open on Monday in Geneva."),
    "a list about something else": (
        "The firm said on Monday it will open three new stores in Scotland next year. It "
        "already runs stores in London, Leeds, Bristol and Cardiff.",
        "The firm will open three stores in Scotland next year."),
    "a concession by someone else": (
        "Jones conceded the election to Smith on Sunday night.",
        "Smith claimed victory in the election on Sunday."),
    "a cancellation of something else": (
        "The summit opened on Monday in Geneva despite dozens of cancelled flights.",
        "The summit went ahead on Monday in Geneva."),
}


@pytest.mark.parametrize("source, claim", NO_FLIP.values(), ids=NO_FLIP.keys())
def test_a_rule_does_not_fire_on_what_only_looks_like_its_case(source: str, claim: str) -> None:
    a = assess(claim, index_source(source))
    assert a.verdict != "contradicted", a.explanation
    assert "opposite" not in a.explanation, a.explanation


def test_a_count_in_words_the_source_never_gives_is_a_missing_figure() -> None:
    index = index_source("The firm said on Monday it will open new stores in Scotland next "
                         "year, its chief executive said.")
    a = assess("The firm will open three stores in Scotland next year.", index)
    assert a.verdict != "supported", a.explanation
    assert "three" in a.explanation
