"""What assessing a claim computes before it decides: the features and the parts of
the explanation (:class:`Analysis`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import Missing
from .contradict import Contradiction


@dataclass(frozen=True)
class Analysis:
    """Everything :func:`assess` computes before it decides: the features and the parts
    of the explanation. The quality script fits the model on ``features``."""

    features: Mapping[str, float]
    passage: int  # index into ``SourceIndex.passages``; -1 when the source is empty
    matched: tuple[str, ...]
    missing: Missing
    near_quotes: tuple[str, ...]
    negation_flipped: bool
    unbacked: tuple[str, ...]
    clauses: tuple[tuple[str, float], ...]  # each single fact and its best coverage
    hard_fail: tuple[str, ...]  # failed checks that rule out "supported" on their own
    soft_fail: tuple[str, ...] = ()  # failed checks that only lower the score
    contradictions: tuple[Contradiction, ...] = ()  # the source says otherwise
    unbound_numbers: tuple[str, ...] = ()  # in the source only in another role
    elsewhere: tuple[str, ...] = ()  # claim words the source has, not the passage shown
    hedges: tuple[str, ...] = ()  # the claim's modals and hedges ("can", "may")
    denying: str = ""  # the source sentence that denies (part of) the claim, if any
    # the passage's undecided actions ("whether to file charges") that alone carry
    # claim words
    undecided: tuple[str, ...] = ()
    # a change, year or weekday the passage gives only by reckoning (its two ends, the
    # page's date): what the green tells the reviewer to check
    reckoned: tuple[str, ...] = ()
    # the passage that has what the shown one lacks, where the two have every claim word
    second_passage: str = ""
