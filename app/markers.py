"""Citation markers in a story body: ``[3]``, ``[2][3]``, ``[2, 3]``, ``[2-4]``, ``[^2]``."""

from __future__ import annotations

import re

from app.model import Marker

# A bracket holding numbers separated by commas or ranges, or a Markdown footnote
# reference. A footnote *definition* (``[^2]:`` at a line start) is not a marker.
MARKER_RE = re.compile(
    r"\[\^(?P<footnote>\d{1,4})\](?!:)"
    r"|\[(?P<list>\d{1,4}(?:\s*(?:,|[-–])\s*\d{1,4})*)\](?!\()"
)
RANGE_LIMIT = 50  # "[1-9999]" is a typo, not a citation of 9,999 sources

# Zero-width space, non-joiner, joiner, word joiner and BOM: invisible, and copied
# from web pages and chat tools into brackets, where they would make "[1]" not a marker.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_BRACKET_WITH_ZERO_WIDTH = re.compile(
    rf"\[[\^\d\s,\-–{ZERO_WIDTH}]*[{ZERO_WIDTH}][\^\d\s,\-–{ZERO_WIDTH}]*\]"
)
_DROP_ZERO_WIDTH = dict.fromkeys(map(ord, ZERO_WIDTH))


def parse_numbers(inside: str) -> tuple[int, ...]:
    """Expand ``2, 3`` and ``2-4`` into reference numbers, in order, without repeats."""
    numbers: dict[int, None] = {}
    for part in inside.split(","):
        part = part.strip()
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2:
            low, high = int(bounds[0]), int(bounds[1])
            if low <= high and high - low <= RANGE_LIMIT:
                for n in range(low, high + 1):
                    numbers.setdefault(n, None)
                continue
            numbers.setdefault(low, None)
            numbers.setdefault(high, None)
        elif part:
            numbers.setdefault(int(part), None)
    return tuple(numbers)


def fold_zero_width(text: str) -> str:
    """``text`` with zero-width characters removed from inside marker brackets only.

    ``[\\u200b3]`` becomes ``[3]`` and counts as a citation; a zero-width joiner
    elsewhere (an emoji sequence, a Persian word) is left alone.
    """
    if not any(ch in text for ch in ZERO_WIDTH):
        return text
    return _BRACKET_WITH_ZERO_WIDTH.sub(lambda m: m.group(0).translate(_DROP_ZERO_WIDTH), text)


def find_markers(text: str, offset: int = 0) -> list[Marker]:
    """All markers in ``text``, spans shifted by ``offset``."""
    markers = []
    for match in MARKER_RE.finditer(text):
        inside = match.group("footnote") or match.group("list")
        markers.append(
            Marker(
                text=match.group(0),
                span=(match.start() + offset, match.end() + offset),
                numbers=parse_numbers(inside),
            )
        )
    return markers


def strip_markers(text: str) -> str:
    """The sentence as a reader says it: markers removed, spacing tidied."""
    without = MARKER_RE.sub("", text)
    without = re.sub(r"\s+([.,;:!?])", r"\1", without)
    return re.sub(r"\s{2,}", " ", without).strip()
