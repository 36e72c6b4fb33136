"""A page that dates itself gives the year of its "last year" and the weekday of its
"yesterday": a story that states them outright stays green, one that states another
year or day is not green, and a date that is not the page's own is no reckoning point."""

from __future__ import annotations

import pytest

from app.evidence import assess, index_source
from app.evidence.page_dates import page_date, relative_weekdays, relative_years
from tests.twins import Case, assert_caught_with_green_twins

WIRE = ("Zelvia tourist arrivals hit record\n\n"
        "RAVENA, Zelvia (Reuters) - Zelvia welcomed a record 4.8 million foreign tourists "
        "last year, up 17% from the year before, the national tourism board said.\n\n"
        "The board expects 5.2 million visitors this year.")

LIBRARY = ("ASHFORD BRIDGE, May 20 (Riverside Wire) — Repairs to the flood-damaged Ashford "
           "Bridge library will be finished by the end of next month, allowing the building "
           "to reopen to the public in July, town officials said on Tuesday.")

CASES = {
    "last year by the dateline's year": Case(
        WIRE.replace("Zelvia (Reuters)", "Zelvia, March 12, 2024 (Reuters)"),
        "Zelvia welcomed a record 4.8 million foreign tourists in 2022, the national "
        "tourism board said.",
        ("Zelvia welcomed a record 4.8 million foreign tourists in 2023, the national "
         "tourism board said.",
         "The tourism board expects 5.2 million visitors to Zelvia in 2024."),
        contradicted=False, quoted="2022"),
    "last year by a published line": Case(
        "Zelvia tourist arrivals hit record\n\nPublished 12 March 2024\n\n"
        + WIRE.split("\n\n", 1)[1],
        "Zelvia welcomed a record 4.8 million foreign tourists in 2021, the national "
        "tourism board said.",
        ("Zelvia welcomed a record 4.8 million foreign tourists in 2023, the national "
         "tourism board said.",),
        contradicted=False, quoted="2021"),
    "yesterday by the masthead's weekday": Case(
        "Karvo Daily News - Wednesday 14 May\n\nCouncil votes to pedestrianise Old Market "
        "Street\n\nKARVO - Councillors voted yesterday to close Old Market Street to motor "
        "traffic from September. The measure was approved by 27 votes to 14.",
        "Karvo councillors voted on Monday to close Old Market Street to motor traffic "
        "from September.",
        ("Karvo councillors voted on Tuesday to close Old Market Street to motor traffic "
         "from September.",),
        contradicted=False, quoted="Monday"),
    "today by a full dateline": Case(
        "DUNMORE, Sept. 10, 2024 — The Dunmore ferry will stop running today after its "
        "operator lost its licence, the harbour board said.",
        "The Dunmore ferry will stop running on Wednesday after its operator lost its "
        "licence, the harbour board said.",
        ("The Dunmore ferry will stop running on Tuesday after its operator lost its "
         "licence, the harbour board said.",),
        contradicted=False, quoted="Wednesday"),
    "next month by the dateline's month": Case(
        LIBRARY,
        "Repairs to the flood-damaged Ashford Bridge library will be finished by the end "
        "of July, town officials said.",
        ("Repairs to the flood-damaged Ashford Bridge library will be finished by the end "
         "of June, town officials said.",
         "The flood-damaged Ashford Bridge library will reopen to the public in July, town "
         "officials said."),
        quoted="end of June (the page's date reckoned)"),
    "a month in another month's slot": Case(
        LIBRARY.replace("end of next month", "end of June"),
        "The flood-damaged Ashford Bridge library will reopen to the public in June, town "
        "officials said.",
        ("The flood-damaged Ashford Bridge library will reopen to the public in July, town "
         "officials said.",),
        quoted="source says: in July"),
    "a month the page never gives": Case(
        LIBRARY,
        "Repairs to the flood-damaged Ashford Bridge library will be finished by the end "
        "of August, town officials said.",
        ("Repairs to the flood-damaged Ashford Bridge library will be finished by the end "
         "of next month, town officials said.",),
        contradicted=False, quoted="never gives “August”"),
    "a part of a month by a date in it": Case(
        "GRANBY (Lakeside Courier) — Granby's Westside Pool will reopen on June 14 after a "
        "$4 million renovation, the city's parks department said.",
        "Granby's Westside Pool will reopen in early June after a $4 million renovation, "
        "the parks department said.",
        ("Granby's Westside Pool will reopen in mid-June after a $4 million renovation, the "
         "parks department said.",),
        contradicted=False, quoted="early June"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_relative_date_is_the_pages_date_reckoned(case: Case) -> None:
    assert_caught_with_green_twins(case)


def test_a_date_further_down_is_an_events_not_the_pages() -> None:
    # the first date stands in a sentence of the story: it dates the plant's opening,
    # and "last year" is not reckoned from it
    text = ("The plant, which opened on March 3, 2015 after a long fight with residents, "
            "made 40,000 cars last year, the company said.")
    assert page_date(text) is None
    assert relative_years(text) == []
    a = assess("The plant made 40,000 cars in 2014, the company said.", index_source(text))
    assert a.verdict != "supported", a.explanation


def test_the_last_year_is_twelve_months_not_a_year() -> None:
    text = "LONDON, June 2, 2025 - Prices have risen 8% over the last year, the ONS said."
    assert relative_years(text) == []
    assert [m.key for m in relative_years(text.replace("over the last", "in the past "
                                                        "month and last"))] == ["2024"]


def test_no_weekday_without_a_dated_page() -> None:
    assert relative_weekdays("KARVO - Councillors voted yesterday to close the street.") \
        == set()


def test_the_green_says_which_relative_word_gave_the_day() -> None:
    case = CASES["yesterday by the masthead's weekday"]
    a = assess(case.faithful[0], index_source(case.source))
    assert "“Tuesday” is the page's “yesterday” (dated Wednesday 14 May)" in a.explanation



# A weekday of a page dated with its year is the date it falls on (thirteenth session,
# blind set U: "On 12 March ... voted" against "voted on Tuesday" on a page of Thursday
# March 14, 2024).
BLOWERS = ("HOLBROOK, March 14, 2024 — The Holbrook city council voted on Tuesday to ban "
           "gas-powered leaf blowers within city limits from 2026. The ban will be reviewed "
           "at a public meeting on Monday.")


@pytest.mark.parametrize(("claim", "green"), [
    ("On 12 March, Holbrook's city council voted to ban gas-powered leaf blowers.", True),
    ("On 5 March, Holbrook's city council voted to ban gas-powered leaf blowers.", False),
    # the meeting is still to come: the Monday after the page's date, not before it
    ("The Holbrook leaf blower ban will be reviewed at a public meeting on 18 March.", True),
    ("The Holbrook leaf blower ban will be reviewed at a public meeting on 11 March.", False),
])
def test_a_weekday_of_a_dated_story_is_its_date(claim: str, green: bool) -> None:
    a = assess(claim, index_source(BLOWERS))
    assert (a.verdict == "supported") is green, a.explanation


def test_the_green_names_the_weekday_it_reckoned_from() -> None:
    a = assess("On 12 March, Holbrook's city council voted to ban gas-powered leaf blowers.",
               index_source(BLOWERS))
    assert "“12 March” is the page's “Tuesday” (dated March 14, 2024)" in a.explanation


def test_a_whole_page_or_a_habit_gives_no_date() -> None:
    # forty sentences of a long page narrate many weeks; "every Tuesday" is no one day
    long_page = BLOWERS + " " + " ".join(f"Item {i} of the council's agenda passed." for i in
                                         range(40))
    claim = "On 12 March, Holbrook's city council voted to ban gas-powered leaf blowers."
    assert assess(claim, index_source(long_page)).verdict != "supported"
    habit = BLOWERS.replace("voted on Tuesday", "votes every Tuesday")
    assert assess(claim, index_source(habit)).verdict != "supported"


def test_a_named_day_is_no_weekday_of_the_story() -> None:
    # "Black Friday" is a festival of sales, not the Friday before the page's date
    source = ("LONDON, March 14, 2024 — Shoppers spent £3bn in the Black Friday sales, "
              "retailers said.")
    a = assess("On 8 March, shoppers spent £3bn in the sales, retailers said.",
               index_source(source))
    assert a.verdict != "supported", a.explanation
