"""A change the source gives by its two ends ("risen to 52 this year from 40 last
year"), stated by the claim as the change ("12 more", "by 30%", "dropped by a quarter",
"doubled"): green where the arithmetic holds, with a note saying so, and not green, or
contradicted quoting the two ends, where it does not."""

from __future__ import annotations

import pytest

from app.evidence import assess, index_source
from tests.twins import Case, assert_caught_with_green_twins

TRUCKS = ("DALTON RIDGE (Eastbrook Gazette) — The number of food trucks licensed to operate "
          "in Dalton Ridge has risen to 52 this year from 40 last year, prompting the city "
          "to consider new rules on where they can park. The annual licence fee would stay "
          "at $350.")
BURGLARIES = ("STANWICK (Highland Courier) — Reported burglaries in Stanwick fell to 600 last "
              "year from 800 the year before, police figures published on Monday show.")
CHARGERS = ("KELMSCOTT (Northgate Daily) — Kelmscott now has 60 public charging points, up "
            "from 30 in 2022, the city council said on Wednesday.")

CASES = {
    "a difference": Case(
        TRUCKS,
        "Dalton Ridge has 15 more licensed food trucks this year than it did last year.",
        ("Dalton Ridge has 12 more licensed food trucks this year than it did last year.",),
        quoted="risen to 52 this year from 40"),
    "a percentage change": Case(
        TRUCKS,
        "The number of licensed food trucks in Dalton Ridge rose by 20% this year.",
        ("The number of licensed food trucks in Dalton Ridge rose by 30% this year.",),
        contradicted=False, quoted="20%"),
    "a count word against the ends": Case(
        TRUCKS,
        "The number of licensed food trucks in Dalton Ridge doubled this year.",
        ("The number of licensed food trucks in Dalton Ridge rose by nearly a third this "
         "year.",),
        quoted="risen to 52 this year from 40"),
    "a fraction down": Case(
        BURGLARIES,
        "Reported burglaries in Stanwick dropped by a third last year, police figures show.",
        ("Reported burglaries in Stanwick dropped by a quarter last year, according to "
         "police figures.",
         "Reported burglaries in Stanwick fell by 200 last year, police figures show."),
        quoted="fell to 600 last year from 800"),
    "a doubling after 'up from'": Case(
        CHARGERS,
        "Kelmscott's public charging points have tripled since 2022, the city council said.",
        ("Kelmscott's public charging points have doubled since 2022, the city council "
         "said.",),
        quoted="60 public charging points, up from 30"),
    "a count word beside the ends": Case(
        "KELLAN, Wash. (Valley Wire) — The number of public charging points in Kellan "
        "County has increased fivefold since 2020, from 84 to 420, a county report found.",
        "Kellan County's number of public charging points has doubled since 2020, a county "
        "report found.",
        ("Kellan County has 336 more public charging points than in 2020, a county report "
         "found.",),
        quoted="increased fivefold"),
    "seats picked up and lost, in words": Case(
        "NORLAND, Sept. 9 — The Norland People's Party won 20 seats in Sunday's regional "
        "assembly election, up from 17 at the last vote in 2020, while the ruling "
        "Coalition for Progress slipped from 26 seats to 23.",
        "Norland's People's Party won 25 seats in Sunday's regional election.",
        ("Norland's People's Party picked up three seats in Sunday's regional election.",),
        quoted="won 20 seats"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_change_is_read_from_its_two_ends(case: Case) -> None:
    assert_caught_with_green_twins(case)


def test_the_green_says_how_the_change_was_worked_out() -> None:
    a = assess("Dalton Ridge has 12 more licensed food trucks this year than last year.",
               index_source(TRUCKS))
    assert "“12” is the change from 40 to 52" in a.explanation


def test_a_change_in_the_other_direction_is_not_the_change() -> None:
    a = assess("Dalton Ridge has 12 fewer licensed food trucks this year than last year.",
               index_source(TRUCKS))
    assert a.verdict != "supported", a.explanation


def test_ends_in_another_sentence_are_not_the_claims() -> None:
    # the change is in a sentence about something else: no reckoning from it
    text = (TRUCKS + " Complaints from restaurant owners have risen to 52 from 40, the "
            "clerk said.")
    a = assess("Complaints about parking in Dalton Ridge doubled this year, the city said.",
               index_source(text))
    assert a.verdict != "supported", a.explanation


def test_a_range_is_no_change() -> None:
    text = "Tickets for the Marlow festival cost from $40 to $120, organisers said."
    a = assess("Tickets for the Marlow festival tripled in price, organisers said.",
               index_source(text))
    assert a.verdict != "contradicted", a.explanation
