"""Readings a careful reader makes and the checker missed (sets T and U, fourteenth
session): an action the source leaves undecided ("have not decided whether to file
charges") or only possible ("could come ashore farther north") is not the claim's done
deed, and "before the festival" is not "after the festival". Each wrong claim stands
beside faithful twins the rule must leave green."""

from __future__ import annotations

import pytest

from app.evidence import assess, index_source
from tests.twins import Case, assert_caught_with_green_twins

UNDECIDED = Case(
    source=("GREYWATER, April 15 — Prosecutors in Greywater have not yet decided whether to "
            "file charges against the driver of a delivery van that struck and killed a "
            "cyclist on Harbour Street last month, the district attorney's office said on "
            "Monday. The van's owner, Coastline Parcels, said it was cooperating."),
    wrong="Greywater prosecutors have charged the driver of the delivery van that killed a "
          "cyclist on Harbour Street.",
    faithful=(
        "A delivery van struck and killed a cyclist on Harbour Street in Greywater last "
        "month.",
        "Greywater prosecutors have not yet decided whether to file charges against the "
        "driver of the delivery van.",
    ),
    contradicted=False,
    quoted="“whether to file charges”",
)

POSSIBLE = Case(
    source=("PORT ELLERY, Sept. 13 — Tropical Storm Delia made landfall near Port Ellery "
            "early Friday with maximum sustained winds of 65 mph. Forecasters had warned "
            "earlier in the week that the storm could come ashore farther north near Cape "
            "Morrow, where evacuations were ordered."),
    wrong="Tropical Storm Delia came ashore near Cape Morrow early Friday.",
    faithful=(
        "Tropical Storm Delia made landfall near Port Ellery early Friday with maximum "
        "sustained winds of 65 mph.",
        "Forecasters had warned that the storm could come ashore near Cape Morrow.",
    ),
    contradicted=False,
    quoted="“could come ashore",
)

ORDER = Case(
    source=("WEXCOMBE, June 6 — The main road through Wexcombe's old town will close for six "
            "weeks of resurfacing work starting after the town's summer festival, the county "
            "highways department said on Thursday. Traders had asked for the delay."),
    wrong="The main road through Wexcombe's old town will close for six weeks of resurfacing "
          "work starting before the town's summer festival.",
    faithful=(
        "The main road through Wexcombe's old town will close for six weeks of resurfacing "
        "work starting after the town's summer festival.",
    ),
    quoted="after the town's summer festival",
)


@pytest.mark.parametrize("case", [UNDECIDED, POSSIBLE, ORDER],
                         ids=["undecided", "possible", "before-after"])
def test_the_wrong_reading_is_caught_and_the_faithful_twins_stay_green(case: Case) -> None:
    assert_caught_with_green_twins(case)


def test_an_action_decided_after_the_question_is_the_sources_own() -> None:
    # "whether to close" names the question; "voted to close it" settles it
    source = ("After weeks of debate over whether to close the Elm Road library, Dunmore "
              "council voted on Monday to close it in September.")
    a = assess("Dunmore council voted on Monday to close the Elm Road library.",
               index_source(source))
    assert a.verdict == "supported", a.explanation


def test_a_claim_that_leaves_the_question_open_itself_is_backed() -> None:
    source = "The club's board will decide on Friday whether to appeal the ban on its striker."
    a = assess("The club's board will decide on Friday whether to appeal the striker's ban.",
               index_source(source))
    assert a.verdict == "supported", a.explanation


def test_a_source_that_rules_the_other_order_out_itself_is_no_flip() -> None:
    source = ("Work on the bridge will begin after the harvest festival, not before the "
              "harvest festival, the council said.")
    a = assess("Work on the bridge will begin after the harvest festival, the council said.",
               index_source(source))
    assert a.verdict != "contradicted", a.explanation


def test_what_the_source_also_says_happened_is_its_own() -> None:
    source = ("The storm came ashore near Port Ellery on Friday. Officials said it could "
              "bring more flooding to the town over the weekend.")
    a = assess("The storm came ashore near Port Ellery on Friday.", index_source(source))
    assert a.verdict == "supported", a.explanation
