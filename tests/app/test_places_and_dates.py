"""What set P taught (eleventh session): a place is named by the word for its people
("Croatian" / "Croatia") or the wire's abbreviation ("Montana" / "Mont."); a month is a
date the sentence stating the claim must not give otherwise; a value asked for is no
outcome; a decade is backed by a year in it; a hedged or bounded figure is met by the
figure bound to the same noun; "the company said" closes a claim as a frame. Each rule
beside its faithful twin: the same source, a claim it backs, which must stay green."""

from __future__ import annotations

import pytest

from app.evidence import assess, index_source
from tests.twins import Case, assert_caught_with_green_twins

CASES = {
    "a place by the word for its people": Case(
        "ZAGREB, Croatia - Voters in the Adriatic port of Luka Brela elected architect "
        "Mira Horvat as mayor on Sunday with 54 percent of the vote.",
        "Voters in the Slovenian port of Luka Brela elected architect Mira Horvat as mayor "
        "on Sunday.",
        ("Voters in the Croatian port of Luka Brela elected architect Mira Horvat as mayor "
         "on Sunday.",),
        contradicted=False, quoted="Slovenian"),
    "a state by the wire's abbreviation": Case(
        "BOZEMAN, Mont. (AP) - A wildfire in the hills above Bozeman has burned 3,200 "
        "acres and forced the evacuation of 140 homes, fire officials said Tuesday.",
        "A wildfire near Bozeman, Wyoming, has burned 3,200 acres and forced the "
        "evacuation of 140 homes, fire officials said.",
        ("A wildfire near Bozeman, Montana, has burned 3,200 acres and forced the "
         "evacuation of 140 homes, fire officials said.",),
        contradicted=False, quoted="Wyoming"),
    "another month where the claim's stands": Case(
        "Brewer Halvard will close its bottling plant in the town of Skarnes in March, "
        "cutting 210 jobs, the company said on Monday. Talks with unions began in January.",
        "Brewer Halvard will close its bottling plant in the town of Skarnes in January, "
        "cutting 210 jobs, the company said.",
        ("Brewer Halvard will close its bottling plant in the town of Skarnes in March, "
         "cutting 210 jobs, the company said.",),
        quoted="in March"),
    "a date only asked for": Case(
        "The trial of former mayor Tomas Lindqvist will begin on June 14, the district "
        "court said. Prosecutors had asked for it to start on June 2, but the defence "
        "needed more time.",
        "The trial of former mayor Tomas Lindqvist will begin on June 2, the district "
        "court said.",
        ("The trial of former mayor Tomas Lindqvist will begin on June 14, the district "
         "court said.",),
        quoted="June 14"),
    "a decade by a year of it": Case(
        "The Regent, the town's last cinema, closed in 1987 and has stood empty since. "
        "The council bought it in 2022 and plans to reopen it as a music venue.",
        "The Regent cinema closed in the early 1980s, the council said.",
        ("The Regent cinema closed in the late 1980s and has stood empty since.",),
        contradicted=False, quoted="early 1980s"),
    "a bound met by the figure of its noun": Case(
        "Organisers said 3,120 people took part in the march through the centre of "
        "Lindau on Saturday. The city says the new bypass would cost about 5,000 trees.",
        "More than 4,000 people took part in the march through the centre of Lindau on "
        "Saturday, organisers said.",
        ("More than 3,000 people attended the march through the centre of Lindau on "
         "Saturday, organisers said.",),
        contradicted=False),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_wrong_claim_is_caught_and_its_twin_stays_green(case: Case) -> None:
    assert_caught_with_green_twins(case)


def test_a_closing_attribution_to_the_company_is_a_frame() -> None:
    index = index_source("PERTH (Reuters) - Miner Tallis Gold said on Tuesday it had agreed "
                         "to buy the Wirra copper project from Boreal Metals for A$820 "
                         "million.")
    a = assess("Tallis Gold agreed to buy the Wirra copper project for A$820 million, the "
               "company said.", index)
    assert a.verdict == "supported", a.explanation


def test_a_continent_or_a_lower_case_word_is_no_rival_place() -> None:
    from app.evidence.assess import analyse

    index = index_source("The European brewer Carlsberg raised its full-year outlook on "
                         "Tuesday and said china and glassware sales were steady.")
    a = analyse("Carlsberg, the Danish brewer, raised its full-year outlook on Tuesday.", index)
    assert "name" not in a.hard_fail


def test_a_request_reaches_no_figure_past_a_comma() -> None:
    index = index_source("The union, which had called for a strike, said 2,000 workers "
                         "walked out on Monday.")
    a = assess("About 2,000 workers walked out on Monday.", index)
    assert a.verdict == "supported", a.explanation


def test_a_bound_is_not_met_by_a_figure_about_something_else() -> None:
    index = index_source("A rally was held in Lindau on Sunday. Police said 2,046 people "
                         "were arrested.")
    a = assess("More than 2,000 people attended the rally in Lindau on Sunday.", index)
    assert a.verdict != "supported", a.explanation
