"""The claim's own hedges: an answer that says "can", "may" or "likely" is often the
writer's inference rather than what the source states (a feature of the score, and a
fully backed claim that hedges is left to the reviewer, see docs/evidence.md)."""

from __future__ import annotations

from collections.abc import Sequence

from .numbers import NumberMention
from .text import Token, quote_spans

HEDGES = frozenset("may might could can likely possibly potentially perhaps".split())  # noqa: SIM905


def claim_hedges(claim: str, tokens: Sequence[Token],
                 claim_numbers: Sequence[NumberMention]) -> list[str]:
    """The hedge words of ``claim``, apart from a date's "May" ("21 May 2024", "in May"
    past the first word) and a quotation's words (a speaker's "can" is theirs)."""
    quoted_at = quote_spans(claim)
    return [t.text for t in tokens if t.lower in HEDGES
            and not any(n.start <= t.start < n.end for n in claim_numbers)
            and not any(s <= t.start < e for s, e in quoted_at)
            and not (t.text == "May" and t.start > 0)]
