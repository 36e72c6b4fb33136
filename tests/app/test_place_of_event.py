"""Where it happened (``places_of_events.py``, set T, fourteenth session): the claim's
event put at the place the source gives for another event of the same sentence."""

from __future__ import annotations

import pytest

from app.evidence import assess, index_source
from tests.twins import Case, assert_caught_with_green_twins

ROBBERY = Case(
    source=("ELMFORD, Ind., March 6 (Metro Wire) — Two men armed with handguns robbed the "
            "First Harbor Bank branch on Main Street in Elmford on Wednesday morning and were "
            "arrested about 40 minutes later in neighboring Tollbridge, police said. The "
            "branch is expected to reopen Thursday."),
    wrong="Two armed men robbed a bank in Tollbridge on Wednesday morning, police said.",
    faithful=(
        "Two armed men robbed a bank in Elmford on Wednesday morning, police said.",
        "Two men who robbed a bank were arrested in Tollbridge about 40 minutes later, "
        "police said.",
    ),
    quoted="in Elmford",
)


def test_the_event_at_the_other_events_place_is_contradicted() -> None:
    assert_caught_with_green_twins(ROBBERY)


@pytest.mark.parametrize("source, claim", [
    # the place is the claim's own event's too: both events happened there
    ("The band played in Galway on Friday and signed autographs in Galway on Saturday.",
     "The band played in Galway on Friday."),
    # a place with nothing said of it but a title ("... Lowan in Beauty and the Beast")
    ("Ramamurthy is known for his roles as Mohinder Suresh in the NBC drama Heroes, and "
     "Gabriel Lowan in Beauty and the Beast.",
     "Ramamurthy is known for his role as Gabriel Lowan in Beauty and the Beast."),
    # two places of one event, one inside the other
    ("The fire broke out at a warehouse in Dunmore near Kilcar on Sunday night.",
     "The fire broke out at a warehouse near Kilcar on Sunday night."),
])
def test_a_place_the_source_also_gives_for_the_claims_event_is_not_moved(
        source: str, claim: str) -> None:
    a = assess(claim, index_source(source))
    assert a.verdict != "contradicted", a.explanation
