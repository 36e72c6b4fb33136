"""Where the source gives the claim's value in another role than the claim's: in
another currency ("12 million euros" for "$12 million"), as an ordinal of another noun
("his 19th goal" for "the 19th minute"), or as a value someone only expected
("Economists had expected annual inflation of 4.5%") or asked for ("Prosecutors had
asked for the trial to start on March 12")."""

from __future__ import annotations

import re

from .compare import binding
from .currencies import currency_at, currency_words
from .figures import Mention, sentence_text
from .index import SourceIndex

# What someone expected or asked for, not what happened: "Economists had expected annual
# inflation of 4.5%" gives no inflation of 4.5%, "Prosecutors had asked for the trial to
# start on March 12" no start on March 12 (read in the words just before the figure).
# "Is expected to create 210 jobs" is the future, said with care: no expectation apart.
_FORECAST = re.compile(r"\b(?:expect|expects|expected|expecting|forecast|forecasts|predicted|"
                       r"predicts|projected|"
                       r"consensus)\b(?!\s+to\b)[^.;]{0,50}\Z"
                       # a request reaches its object only, not past a comma ("The union,
                       # which had called for a strike, said 2,000 workers walked out")
                       r"|\b(?:(?:asked|asking|called|calling)\s+for|sought|seeking|requested|"
                       r"demanded)\b(?!\s+to\b)[^.;,]{0,40}\Z", re.IGNORECASE)


# A target is an amount aimed at, not reached ("The national target is for 78% of
# patients to be seen"); a target date is only when a plan is for, as a claim's "plans
# to launch in 2026" is (so dates are left to the date checks).
# (the target's own clause only, and a target said as one: not "long a target of
# militants, was hit by a bombing that killed 31", nor "aimed low and scored", nor
# "targeted 3 refineries", which attacked them)
_TARGET = re.compile(r"\b(?:targets?\s+(?:is|was|of|for|to)|"
                     r"aims?\s+(?:to|for|at)|aimed\s+(?:to|for|at)|aiming\s+(?:to|for|at))"
                     r"\b[^.;,]{0,50}\Z", re.IGNORECASE)
_CONVERSION = re.compile(r"\s*\([^()]{1,30}\)")


def bound_same(cm: Mention, sm: Mention, sentence: str, forecasts: bool) -> float:
    """:func:`binding` of the source's mention of the claim's value, none where the
    source's is another role: an ordinal counts the word right after it ("his 19th
    goal of the season in the 23rd minute" for "in the 19th minute"), and a value only
    expected is not the value (unless the claim ``forecasts`` it too)."""
    if (cm.kind == sm.kind == "ordinal" and cm.right and sm.right
            and cm.right[0] != sm.right[0]):
        return 0.0
    if not forecasts and expected(sm, sentence):
        return 0.0
    return binding(cm, sm)


# A value the figure was before: "has risen to $910 million, up from an original estimate
# of $640 million" gives no cost of $640 million now, nor "beating the previous record of
# 7.84 seconds" a record of 7.84 (right before the figure only).
_FORMER = re.compile(r"\b(?:up|down)\s+from\s+(?:an?\s+|the\s+|its\s+)?(?:original\s+|"
                     r"initial\s+|earlier\s+|previous\s+)?(?:estimate\s+of\s+|forecast\s+"
                     r"of\s+|budget\s+of\s+)?\Z"
                     # a mark since beaten: "beating the previous record of 7.84 seconds"
                     r"|\b(?:previous|former|old)\s+(?:[\w-]+\s+){0,3}?(?:record|best|mark)"
                     r"\s+(?:of\s+)?\Z", re.IGNORECASE)


def expected(sm: Mention, sentence: str) -> bool:
    """Whether the source gives ``sm`` as what someone expected, forecast or aims at."""
    before = max(0, sm.start - 60)
    return bool(_FORECAST.search(sentence, before, sm.start)) or (
        sm.kind in ("count", "money", "percent") and bool(_TARGET.search(sentence, before,
                                                                          sm.start)))


def former(sm: Mention, sentence: str) -> bool:
    """Whether the source gives ``sm`` as the value something had before ("up from an
    original estimate of $640 million")."""
    return bool(_FORMER.search(sentence, max(0, sm.start - 48), sm.start))


def former_in_claim(cm: Mention, claim: str) -> bool:
    """Whether the claim gives ``cm`` as a former value: as a source does, or after a
    bare "from" ("rose to £212 million from £148 million")."""
    return former(cm, claim) or bool(re.search(r"\bfrom\s+\Z", claim[max(0, cm.start - 8):
                                                                       cm.start]))


def other_currency(cm: Mention, claim: str, raw_same: list[tuple[float, int, Mention]],
                    index: SourceIndex) -> tuple[int, str] | None:
    """The source's figure of the claim's amount in another currency, where it gives the
    amount in no other: "12 million euros" for "$12 million" (sentence, words)."""
    wanted = currency_at(claim, cm.start, cm.end) if cm.kind == "money" else ""
    if not wanted or not raw_same:
        return None
    other: list[tuple[float, int, str]] = []
    for b, k, sm in raw_same:
        text = sentence_text(index, k)
        given = currency_at(text, sm.start, sm.end)
        if not given or given == wanted:
            return None
        end = sm.end + currency_words(text, sm.end)
        converted = _CONVERSION.match(text, end)  # "12 million euros ($13.1 million)"
        other.append((b, k, text[sm.start:converted.end() if converted else end]))
    b, k, words = max(other, key=lambda o: o[0])
    return (k, words) if b >= 1.0 else None
