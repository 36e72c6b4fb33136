"""Triage: which of a story's citations a reviewer should look at first (no widgets).

N walks the problems riskiest first: a source that says otherwise, then a marker with
no reference, a claim the source does not back, a source never checked (unavailable),
a partial verdict missing a quotation or a number, then any other partial verdict;
within a kind, in story order. The walk goes by the effective verdict, so an
override to "supported" takes a citation off it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ui.render import CitationKey

if TYPE_CHECKING:  # the views import this module before the core is loaded
    from app.model import Citation

# Riskiest first. "partial_fact": partial, with a quotation or a number missing from
# the source (or quoted in other words than the source's).
RISK_KINDS = ("contradicted", "dangling", "unsupported", "unavailable", "partial_fact",
              "partial")
PROBLEM_VERDICTS = ("contradicted", "dangling", "unsupported", "unavailable", "partial")


def risk_kind(citation: Citation | None) -> str | None:
    """The citation's place in ``RISK_KINDS``, or None when it is no problem (supported,
    or not checked yet)."""
    if citation is None:
        return None
    verdict = citation.effective_verdict
    if verdict == "partial" and (citation.missing_quotes or citation.missing_numbers
                                 or citation.near_quotes):
        return "partial_fact"
    return verdict if verdict in RISK_KINDS else None


def problems_by_risk(order: Sequence[CitationKey],
                     citation: Callable[[CitationKey], Citation | None]
                     ) -> list[CitationKey]:
    """The problem citations of ``order`` (story order), riskiest first; within a kind
    in story order."""
    ranked = []
    for position, key in enumerate(order):
        kind = risk_kind(citation(key))
        if kind is not None:
            ranked.append((RISK_KINDS.index(kind), position, key))
    return [key for _rank, _position, key in sorted(ranked)]


def step_through(keys: Sequence[CitationKey], selected: CitationKey | None,
                 step: int) -> CitationKey:
    """The next (``step`` > 0) or previous key after ``selected``, wrapping around;
    from outside ``keys``, the first or the last."""
    if selected is not None and selected in keys:
        return keys[(list(keys).index(selected) + step) % len(keys)]
    return keys[0] if step > 0 else keys[-1]
