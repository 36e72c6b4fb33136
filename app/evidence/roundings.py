"""Whether the claim's figure rounds, or its hedge or bound meets, a figure the source
gives instead of its own value: "about 800 million" for 812 million, "more than 2,000
people" for 2,046, "A$1.5 billion" for "A$1.47 billion ($960 million)". Read by
:func:`~app.evidence.contradict.read_numbers` before it calls a figure missing or
contradicted."""

from __future__ import annotations

from decimal import Decimal

from .compare import (
    BOUND,
    ROUNDING,
    binding,
    comparable,
    compatible,
    other_measure,
    same_value,
)
from .figures import Mention
from .negation import is_negation
from .text import Token, tokenize

#: The share the sentence closest to the claim must carry for the one figure of a kind
#: in it to be read as what the claim's figure rounds.
ROUNDS_IN = 0.5


def near(claim: Mention, source: Mention) -> bool:
    """Within :data:`~app.evidence.compare.ROUNDING` of each other: "$1.2B" for $1.187
    billion, not "$2B" for $1.5 billion (which only the last digit's rounding allows)."""
    biggest = max(abs(claim.value), abs(source.value))
    return not biggest or abs(claim.value - source.value) / biggest <= Decimal(ROUNDING)


def rounded_closer(cm: Mention, rival_at: int, source: list[tuple[int, Mention]],
                    carried: dict[int, float]) -> bool:
    """A figure the claim's value rounds stands in a sentence that carries more of the
    claim than the rival's: "About 800 million people still lack access to electricity"
    is "Some 812 million people ... live without access to electricity", not "2.1
    billion people lack access to clean cooking fuels"."""
    rival_share = carried.get(rival_at, 0.0)
    return any(sm.kind == cm.kind and not same_value(cm, sm) and not other_measure(cm, sm)
               and compatible(cm, sm) and near(cm, sm)
               and carried.get(k, 0.0) > rival_share
               for k, sm in source)


#: How far a bound ("more than 2,000") may stand from the figure that meets it: "more
#: than 2,000" is true of 20,000, but no reviewer would call it what the source says.
BOUND_REACH = Decimal("0.25")
#: The share of the claim the sentence of the figure meeting a hedge must carry.
HEDGE_MET_IN = 0.3


def hedge_met(cm: Mention, source: list[tuple[int, Mention]],
               carried: dict[int, float]) -> bool:
    """Whether a hedged or bounded figure with no value of its own in the source
    ("more than 2,000 people attended a rally") is met by the figure most surely bound
    to the same thing, ties going to the sentence with more of the claim ("2,046 people
    took part in the rally", not "will employ about 3,000 people"). Bound to the same
    noun (:func:`comparable`): shared words further off alone ("nearly 500 homes in
    the village" / "497 properties in the village") cost AttributionBench precision."""
    candidates = [(b, carried.get(k, 0.0), sm) for k, sm in source
                  if comparable(cm, sm) and not other_measure(cm, sm)
                  and (b := binding(cm, sm)) >= BOUND
                  # the sentence carries more of the claim than the noun ("Police said
                  # 2,046 people were arrested" meets no "2,000 people attended")
                  and carried.get(k, 0.0) >= HEDGE_MET_IN]
    if not candidates:
        return False
    _, _, best = max(candidates, key=lambda c: (c[0], c[1]))
    biggest = max(abs(cm.value), abs(best.value))
    return compatible(cm, best) and (
        cm.bound == "approx" or abs(cm.value - best.value) / biggest <= BOUND_REACH)


def rounds_stated(cm: Mention, source: list[tuple[int, Mention]], sentences: set[int]) -> bool:
    """Whether the one figure of its kind (of several, the one bound to the claim's
    words) in a sentence that states the claim (for an unhedged figure, the closest
    sentence only) is what the claim's value rounds: "a
    deal worth about $1.2B" / "for $1.187 billion"; "revenue of about €810 million" /
    "Revenue ... rose 14% to €812 million". (A bound, "over 130", is not a rounding:
    it needs its words bound.)"""
    for k in sentences:
        stated = [sm for j, sm in source if j == k and sm.kind == cm.kind
                  and not same_value(cm, sm) and not other_measure(cm, sm)]
        if len(stated) > 1:
            # of several, the one bound to the claim's words ("users reached 812 million
            # ..., up from 760 million a year earlier" for "about 800 million users");
            # where none is, the one near the claim's value ("A$1.47 billion ($960
            # million)" for "A$1.5 billion")
            stated = ([sm for sm in stated if binding(cm, sm) >= 1.0]
                      or [sm for sm in stated if compatible(cm, sm) and near(cm, sm)])
        if len(stated) == 1 and compatible(cm, stated[0]) and near(cm, stated[0]):
            return True
    return False


# (not the "no" of "no fewer than 300", a bound)
def _denies(tokens: list[Token]) -> bool:
    """Whether the claim has a negation anywhere ("Police did not, despite ..., count
    more than 300"; "no more than 300" is a bound, not one)."""
    return any(is_negation(tokens, i) for i in range(len(tokens)))


def bound_flipped(cm: Mention, same_at: list[tuple[float, int, Mention]], claim: str
                  ) -> tuple[int, Mention] | None:
    """The source's same value bound to the same thing with the other bound ("More
    than 300 households" / "Fewer than 300 households"), and its sentence; not where
    the page also gives the claim's own bound ("More than 300 households applied ...,
    but fewer than 300 received it"), nor for a claim that denies ("under 65 will
    not")."""
    flipped = next(((k, sm) for b, k, sm in same_at
                    if b >= 1.0 and {cm.bound, sm.bound} == {"at_least", "at_most"}), None)
    if flipped is None or any(sm.bound == cm.bound for _, _, sm in same_at) \
            or _denies(tokenize(claim)):
        return None
    return flipped
