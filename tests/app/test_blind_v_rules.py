"""What blind sets V and U taught (thirteenth session), each rule beside its twin:
a count given as a portion of another ("half of them"), an amount that is only a
target, a claim that only expects a figure, a length of time in hours, a phrasal verb
of movement against a frozen state, and the words news copy swaps ("positions" /
"jobs")."""

from __future__ import annotations

import pytest

from app.evidence import assess, index_source
from tests.twins import Case, assert_caught_with_green_twins

FESTIVAL = ("KILBRANNAN, 30 September 2024 — The Kilbrannan Film Festival sold a record "
            "46,000 tickets over its ten days, organisers said on Monday.\n\nThe festival "
            "screened 300 films from 52 countries, half of them by first-time directors. "
            "A third of its 90 volunteers were students.")

HOSPITAL = ("NORBRIDGE, 5 December 2024 — The proportion of patients seen within four hours "
            "at Norbridge General Hospital's emergency department rose from 58% in August to "
            "71% in November, figures showed.\n\nThe national target is for 78% of patients "
            "to be seen within four hours by March.")

QUILLON = ("SEATTLE, Oct. 24, 2024 — Software company Quillon has frozen hiring across most "
           "of its business for the rest of the year after a slowdown in advertising "
           "revenue, chief executive Dana Whitcombe told staff in an email on Thursday.")

CASES = {
    "half of the films, not of the countries": Case(
        FESTIVAL,
        "Some 26 of the 300 films screened at the Kilbrannan Film Festival were made by "
        "first-time directors.",
        ("Some 150 of the 300 films screened at the Kilbrannan Film Festival were made by "
         "first-time directors.",
         "About 30 of the Kilbrannan Film Festival's 90 volunteers were students."),
        contradicted=False, quoted="“26”"),
    "a target is no figure reached": Case(
        HOSPITAL,
        "Norbridge General Hospital's A&E saw 78% of patients within four hours in "
        "November.",
        ("Norbridge General Hospital's A&E saw 71% of patients within four hours in "
         "November, up from 58% in August.",),
        contradicted=False),
    "stepped up against frozen": Case(
        QUILLON,
        "Software company Quillon has stepped up hiring across most of its business for "
        "the rest of the year, its chief executive told staff.",
        ("Software company Quillon has frozen hiring across most of its business for the "
         "rest of the year after a slowdown in advertising revenue.",),
        quoted="frozen hiring"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_rule_of_set_v_beside_its_twin(case: Case) -> None:
    assert_caught_with_green_twins(case)


def test_the_green_names_the_portion() -> None:
    a = assess("Some 150 of the 300 films screened at the Kilbrannan Film Festival were "
               "made by first-time directors.", index_source(FESTIVAL))
    assert "“150” is half of the page's" in a.explanation


def test_a_portion_of_another_noun_backs_nothing() -> None:
    # a third of the 90 volunteers is 30, but the claim counts films
    a = assess("Some 30 films screened at the Kilbrannan Film Festival were made by "
               "first-time directors.", index_source(FESTIVAL))
    assert a.verdict != "supported", a.explanation


def test_a_target_still_contradicts_a_claimed_target() -> None:
    a = assess("The national target is for 85% of patients to be seen within four hours by "
               "March.", index_source(HOSPITAL))
    assert a.verdict == "contradicted", a.explanation
    assert "78%" in a.explanation


def test_a_figure_the_claim_only_expects_is_the_pages_expected_one() -> None:
    source = ("WESTHAVEN, 30 April 2024 — The University of Westhaven plans to cut 150 staff "
              "roles.\n\nThe university said it expected a deficit of £18 million this "
              "year. It blamed a 30% fall in applications from international students.")
    a = assess("The University of Westhaven, which expects an £18 million deficit this year, "
               "blamed a 30% drop in international applications.", index_source(source))
    assert a.verdict == "supported", a.explanation


def test_a_length_in_hours_the_page_gives() -> None:
    source = ("A Department for Education spokesperson said teacher numbers had risen by "
              "27,000 since 2010 and that the government was committed to cutting workload "
              "by five hours a week.")
    index = index_source(source)
    a = assess("The government is committed to cutting teachers' workload by five hours a "
               "week, a Department for Education spokesperson said.", index)
    assert "five hours" not in a.explanation, a.explanation
    wrong = assess("The government is committed to cutting teachers' workload by six hours "
                   "a week, a Department for Education spokesperson said.", index)
    assert wrong.verdict != "supported", wrong.explanation


@pytest.mark.parametrize(("claim", "source", "word"), [
    ("Appliance maker Ferrisgate is cutting 300 positions at its Wexley factory.",
     "Household appliance maker Ferrisgate will cut 300 jobs at its Wexley factory, the "
     "company said on Tuesday.", "positions"),
    ("The Hollen Glacier could almost completely disappear by 2050, a study found.",
     "The Hollen Glacier could disappear almost entirely by 2050, according to a study.",
     "completely"),
])
def test_words_news_copy_swaps(claim: str, source: str, word: str) -> None:
    # green, and the word is not named as one the source lacks
    a = assess(claim, index_source(source))
    assert a.verdict == "supported", a.explanation
    assert word not in a.explanation, a.explanation


# (blind set U) a word the claim only asks for, and "unless", are no denials
@pytest.mark.parametrize(("claim", "source"), [
    ("Nearly 3,000 Carbury residents have signed a petition calling for the town's minor "
     "injuries unit to reopen.",
     "CARBURY, Aug. 22 — A total of 2,940 residents of Carbury have signed a petition "
     "calling for the reopening of the town's minor injuries unit, which closed in January "
     "because of staff shortages, organisers said on Thursday."),
    ("Corran Water's chief executive said restrictions would almost certainly be introduced "
     "unless significant rain arrives by the middle of August.",
     "\"If we don't see significant rain by the middle of August, we will almost certainly "
     "have to introduce restrictions,\" said Corran Water chief executive Philippa Grange."),
])
def test_no_sentence_says_otherwise(claim: str, source: str) -> None:
    a = assess(claim, index_source(source))
    assert not a.negation_flipped and "says otherwise" not in a.explanation, a.explanation


def test_a_closure_still_contradicts_a_claimed_reopening() -> None:
    a = assess("The town's minor injuries unit reopened in January.",
               index_source("CARBURY, Aug. 22 — The town's minor injuries unit closed in "
                            "January because of staff shortages, organisers said."))
    assert a.verdict != "supported", a.explanation


def test_a_comparison_of_something_else_is_no_denial() -> None:
    # "higher shipping costs" says nothing against "lowered its profit outlook"
    a = assess("Homestead Direct lowered its annual profit forecast for the second time in "
               "three months.",
               index_source("Shares in online furniture retailer Homestead Direct plunged "
                            "27 per cent after the company cut its annual profit forecast "
                            "for the second time in three months, blaming weak consumer "
                            "spending and higher shipping costs."))
    assert not a.negation_flipped and "says otherwise" not in a.explanation, a.explanation


HURDLES = ("THORNBURY, March 14 — Thornbury Athletic Club's Hannah Okeke broke the national "
           "indoor record for the women's 60 metres hurdles on Sunday. The 23-year-old clocked "
           "7.81 seconds in the final, beating the previous record of 7.84 seconds set by "
           "Louise Carver in 2011.")


def test_a_record_since_beaten_is_no_rival() -> None:
    # (blind set U, u-p15) the old record of 7.84 does not contradict the new 7.81
    a = assess("Hannah Okeke's 7.81 seconds set a national indoor record in the 60 metres "
               "hurdles.", index_source(HURDLES))
    assert a.verdict == "supported", a.explanation


def test_the_beaten_record_is_still_not_the_new_one() -> None:
    a = assess("Hannah Okeke's 7.84 seconds set a national indoor record in the 60 metres "
               "hurdles.", index_source(HURDLES))
    assert a.verdict != "supported", a.explanation
