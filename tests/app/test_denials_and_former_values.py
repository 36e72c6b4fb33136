"""What set Q taught (eleventh session): "has yet to" denies; a denial reaches past the
comma inside a number; a value "up from" an original estimate is a former one, no
backing for the claim's current value; where a sentence has a claim word and its
opposite and no word before tells which answers the claim, the object after it does.
Each rule beside its faithful twin: the same source, a claim it backs, which must stay
green."""

from __future__ import annotations

import pytest

from app.evidence import assess, index_source
from tests.twins import Case, assert_caught_with_green_twins

CASES = {
    "has yet to": Case(
        "The national aviation authority has yet to certify the Falcon 9X business jet, its "
        "maker Avantair said on Monday, after asking for more test data on the wing.",
        "The national aviation authority has certified the Falcon 9X business jet, its "
        "maker Avantair said.",
        ("The national aviation authority has yet to certify the Falcon 9X business jet, "
         "its maker Avantair said.",),
        contradicted=False, quoted="has yet to certify"),
    "a denial past a number's comma": Case(
        "Steelmaker Nordhem on Tuesday denied that it planned to close 1,500 posts at its "
        "Kallby works, after a newspaper reported a restructuring of the site.",
        "Steelmaker Nordhem will close 1,500 posts at its Kallby works, the company said "
        "on Tuesday.",
        ("Steelmaker Nordhem denied that it planned to close 1,500 posts at its Kallby "
         "works.",),
        contradicted=False, quoted="denied"),
    "a former value": Case(
        "The cost of the Eastport bridge has risen to $1.3 billion, the state roads agency "
        "said on Friday, up from an original estimate of $850 million.",
        "The Eastport bridge will cost $850 million, the state roads agency said.",
        ("The Eastport bridge will cost $1.3 billion, the state roads agency said.",
         "The cost of the Eastport bridge has risen to $1.3 billion from $850 million, the "
         "state roads agency said."),
        contradicted=False, quoted="$850 million"),
    "the object tells which word answers": Case(
        "A court in Lindholm on Thursday convicted Erik Sand, the former harbour master, "
        "of fraud over a dredging contract, but acquitted him of money laundering.",
        "A court in Lindholm acquitted former harbour master Erik Sand of fraud over a "
        "dredging contract.",
        ("A court in Lindholm convicted former harbour master Erik Sand of fraud over a "
         "dredging contract.",),
        quoted="convicted Erik Sand"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_wrong_claim_is_caught_and_its_twin_stays_green(case: Case) -> None:
    assert_caught_with_green_twins(case)


# What set R taught: the doer of a passive stands after "by"; a weekday named elsewhere
# in the page is no backing where the sentence stating the claim gives another in its
# slot; the claim's value before the claim's noun, in a sentence stating it, is not
# contradicted by a headline figure of another noun; a word named only as hoped for or
# expected is not the source's own.
R_CASES = {
    "a passive's doer after 'by'": Case(
        "Plans for a 9-turbine wind farm on Brack Moor were rejected by Elmley District "
        "Council's planning committee on Thursday, despite officers' advice.",
        "Elmley District Council's planning committee approved plans for a 9-turbine wind "
        "farm on Brack Moor.",
        ("Elmley District Council's planning committee rejected plans for a 9-turbine wind "
         "farm on Brack Moor.",),
        quoted="were rejected by Elmley"),
    "another weekday in the claim's slot": Case(
        "Storm Orla made landfall on the west coast of Kerrin province on Saturday, cutting "
        "power to 40,000 homes, officials said. On Sunday, crews began clearing roads.",
        "Storm Orla made landfall on the west coast of Kerrin province on Sunday, cutting "
        "power to 40,000 homes, officials said.",
        ("Storm Orla made landfall on the west coast of Kerrin province on Saturday, "
         "cutting power to 40,000 homes, officials said.",),
        quoted="province on Saturday"),
    "a word named only as hoped for": Case(
        "The road over the Brenn Pass remained closed on Friday after another rockfall, "
        "dashing hopes that it would reopen for the weekend, cantonal officials said.",
        "The road over the Brenn Pass reopened on Friday, cantonal officials said.",
        ("The road over the Brenn Pass remained closed on Friday after another rockfall, "
         "cantonal officials said.",),
        contradicted=False, quoted="remained closed"),
    "a state named only as expected": Case(
        "Varnia's energy regulator said on Tuesday it would keep the cap on household "
        "electricity prices frozen from October to December, defying expectations of a "
        "rise.",
        "Varnia's energy regulator said it would raise the cap on household electricity "
        "prices from October to December.",
        ("Varnia's energy regulator said it would keep the cap on household electricity "
         "prices frozen from October to December.",),
        quoted="frozen"),
}


@pytest.mark.parametrize("case", R_CASES.values(), ids=R_CASES.keys())
def test_set_r_wrong_claim_is_caught_and_its_twin_stays_green(case: Case) -> None:
    assert_caught_with_green_twins(case)


def test_the_claims_value_before_its_noun_is_not_a_headline_figure() -> None:
    index = index_source(
        "Kettlewise recalls 60,000 kettles over fire risk\nLEEDS (PA) - Appliance maker "
        "Kettlewise is recalling around 60,000 kettles. In a statement, the company said "
        "it had received 21 reports of units overheating, including two small fires.")
    a = assess("Kettlewise has received 21 reports of its kettles overheating, including two "
               "small fires, the appliance maker said in a statement.", index)
    assert a.verdict != "contradicted", a.explanation
