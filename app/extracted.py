"""What extraction gives back, and the tidying every kind of page shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.textio import strip_controls


class ExtractError(Exception):
    """The bytes could not be turned into text; ``reason`` is the sentence to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Extracted:
    """What a page says, without its furniture.

    ``html`` is the page's markup decoded to text (empty for PDF and plain text), kept
    only for provenance; ``kind`` is "html", "pdf" or "text".
    """

    text: str
    title: str = ""
    author: str = ""
    published: str = ""
    html: str = ""
    kind: str = ""
    encoding: str = ""


_BLANKS = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    # A PDF's text layer can hold any code point, NUL and escape codes included.
    text, _ = strip_controls(text)
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def tidy_line(text: str) -> str:
    """A title or a name: one line, no control characters."""
    return " ".join(strip_controls(text)[0].split())
