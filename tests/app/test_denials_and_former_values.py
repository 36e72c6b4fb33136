"""What set Q taught (eleventh session): "has yet to" denies; a denial reaches past the
comma inside a number; a value "up from" an original estimate is a former one, no
backing for the claim's current value; where a sentence has a claim word and its
opposite and no word before tells which answers the claim, the object after it does.
Each rule beside its faithful twin: the same source, a claim it backs, which must stay
green."""

from __future__ import annotations

import pytest

from app.evidence import assess, index_source
from tests.app.test_flips_and_roles import Case

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
    index = index_source(case.source)
    wrong = assess(case.wrong, index)
    if case.contradicted:
        assert wrong.verdict == "contradicted", wrong.explanation
    else:
        assert wrong.verdict != "supported", wrong.explanation
    assert case.quoted in wrong.explanation
    for claim in case.faithful:
        right = assess(claim, index)
        assert right.verdict == "supported", (claim, right.explanation)
