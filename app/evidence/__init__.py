"""Evidence: does a source passage back a cited claim, and if not, what is missing.

This module is the contract the rest of Copydesk relies on. ``check`` calls
``index_source`` once per snapshot and ``assess`` once per (claim, reference).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Missing:
    """What the claim states that the source does not contain."""

    numbers: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """The verdict on one claim against one source text, with its reasons."""

    verdict: str  # "supported" | "partial" | "contradicted" | "unsupported"
    score: float  # in [0, 1]; higher means better backed
    passage: str  # the best evidence passage, verbatim from the source text
    span: tuple[int, int]  # character span of ``passage`` in the source text
    matched: tuple[str, ...] = ()  # claim words and numbers found in the passage
    missing: Missing = field(default_factory=Missing)
    near_quotes: tuple[str, ...] = ()  # quotations found only approximately
    negation_flipped: bool = False
    unbacked: tuple[str, ...] = ()  # parts of the claim that no passage backs
    failed_checks: tuple[str, ...] = ()  # e.g. ("number", "quote", "name", "negation")
    # (claim says, source says instead): why the verdict is "contradicted"
    contradictions: tuple[tuple[str, str], ...] = ()
    explanation: str = ""  # the verdict in words, checkable against ``passage``


# Re-exported at the end: these modules import the dataclasses above.
from .assess import assess  # noqa: E402
from .index import SourceIndex, index_source  # noqa: E402

__all__ = ["Assessment", "Missing", "SourceIndex", "assess", "index_source"]
