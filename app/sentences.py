"""Split a story body into sentences with character spans, keeping markers attached.

Written here rather than taken from a library because it must know about citation
markers (``... the claim. [3] Next`` gives ``[3]`` to the first sentence) and must
return exact spans into the Markdown body at a few microseconds per sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.markers import find_markers
from app.model import Sentence

# Words that end in a full stop without ending the sentence when a capital follows.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft vs v gen col lt sgt capt gov sen rep rev hon
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vol fig figs approx
    inc ltd co corp dept univ est ca al cf e.g i.e u.s u.k u.n e.u a.m p.m
    u.s.a ph.d b.a m.a d.c""".split()
)

_TERMINATOR = re.compile(
    r"(?:[.!?]+|…)"  # the stop itself (ellipses included)
    r"[\"'”’»)\]]*"  # closing quotes and brackets that belong to the sentence
    r"(?:\s*(?:\[\^?\d[\d,\s\-–]*\]))*"  # markers placed after the stop
)
_LIST_PREFIX = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,3}[.)])\s+")  # the same, matched at a position
_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")


def _word_before(text: str, index: int) -> str:
    start = index
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:index]


def _is_boundary(text: str, stop_start: int, stop_end: int) -> bool:
    rest = text[stop_end:]
    if rest and not rest[0].isspace():
        return False  # "14.3", "U.S.-led", "e.g.,"
    following = rest.lstrip()
    if not following:
        return True
    first = following[0]
    if first.islower() or first in ",;:":
        return False
    stop = text[stop_start]
    if stop == "." and text[stop_start:stop_start + 2] != "..":
        word = _word_before(text, stop_start).lower().rstrip(".")
        if word in ABBREVIATIONS:
            return False
        if len(word) == 1 and word.isalpha() and text[stop_start - 1].isupper():
            return False  # an initial: "J. Smith"
    return True


def _paragraphs(body: str) -> Iterator[tuple[int, str]]:
    """Blocks of prose with their offsets; headings and footnote definitions skipped."""
    position = 0
    for block_match in _BLOCK_SPLIT.finditer(body + "\n\n"):
        block = body[position:block_match.start()]
        block_start = position
        position = block_match.end()
        line_start = block_start
        prose_start: int | None = None
        for line in block.split("\n"):
            stripped = line.strip()
            is_structural = stripped.startswith("#") or re.match(r"^\[\^\d+\]:", stripped)
            if is_structural:
                if prose_start is not None:
                    yield prose_start, body[prose_start:line_start]
                    prose_start = None
            elif prose_start is None and stripped:
                prose_start = line_start
            line_start += len(line) + 1
        if prose_start is not None:
            yield prose_start, body[prose_start:block_start + len(block)]


def _trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    prefix = _LIST_PREFIX.match(body, start, end)
    if prefix:
        start = prefix.end()
    return start, end


def split_sentences(body: str) -> list[Sentence]:
    """Sentences of the body, in order, each with its span and its markers."""
    sentences: list[Sentence] = []
    for para_start, para in _paragraphs(body):
        cursor = 0
        for match in _TERMINATOR.finditer(para):
            if not _is_boundary(para, match.start(), match.end()):
                continue
            sentences.extend(_make(body, para_start + cursor, para_start + match.end()))
            cursor = match.end()
        if para[cursor:].strip():
            sentences.extend(_make(body, para_start + cursor, para_start + len(para)))
    return sentences


def _make(body: str, start: int, end: int) -> list[Sentence]:
    # A loop, not recursion: a paragraph followed by a 1,000-item list is 1,000 steps.
    sentences: list[Sentence] = []
    while True:
        start, end = _trimmed(body, start, end)
        if start >= end:
            return sentences
        newline = body.find("\n", start, end)
        # Line breaks inside a paragraph of a list are separate items, not one sentence.
        if newline != -1 and _LIST_ITEM.match(body, newline + 1, end):
            head_start, head_end = _trimmed(body, start, newline)
            if head_start < head_end:
                sentences.append(_sentence(body, head_start, head_end))
            start = newline + 1
            continue
        sentences.append(_sentence(body, start, end))
        return sentences


def _sentence(body: str, start: int, end: int) -> Sentence:
    text = body[start:end]
    return Sentence(text=text, span=(start, end), markers=tuple(find_markers(text, start)))
