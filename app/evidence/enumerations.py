"""A count the source gives as a list: "four western counties" is backed by "counties
Galway, Mayo, Clare and Kerry"; "five rivers" is contradicted by "the rivers Severn,
Wye, Avon and Teme", a list of four next to the noun the claim counts. A list after
"including" or "such as" names only some, and answers no count."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .contradict import Contradiction
from .figures import sentence_text
from .index import SourceIndex
from .numbers import NumberMention
from .text import Token, tokenize

# a capitalised name of one to three words; a list of three or more, the last after
# "and" or "or" ("Galway, Mayo, Clare and Kerry")
_ITEM = r"[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,2}"
_LIST = re.compile(rf"{_ITEM}(?:,\s+{_ITEM})+,?\s+(?:and|or)\s+{_ITEM}")
_SOME_OF = re.compile(r"\b(?:including|includes|include|such\s+as|among\s+them|like|"
                      r"notably|especially)\s*\W*\s*(?:the\s+)?\Z", re.IGNORECASE)
#: How far from the list the counted noun may stand, in words.
_NEAR = 3
#: The counts a list is read for: fewer than three is no list; past a dozen, nobody
#: names them all.
_SMALLEST, _LARGEST = 3, 12


@dataclass
class ListReading:
    backed: dict[str, tuple[int, int]] = field(default_factory=dict)  # count -> its span
    clashes: list[Contradiction] = field(default_factory=list)


def read_lists(claim: str, tokens: list[Token], numbers: list[NumberMention],
               index: SourceIndex) -> ListReading:
    """The claim's small counts the source never gives as a number, read against the
    lists of names beside the noun they count: backed where a list names as many, a
    contradiction where the lists there all name another number."""
    reading = ListReading()
    for n in numbers:
        if n.is_date or not n.key.isdigit() or not _SMALLEST <= int(n.key) <= _LARGEST:
            continue
        after = _words_after(claim, tokens, n.end)
        counted = {t.stem for t in after if t.content}
        sizes: list[tuple[int, int, str]] = []
        for k, stems in enumerate(index.sentence_stems):
            if not counted.isdisjoint(stems):
                sentence = sentence_text(index, k)
                sizes += [(size, k, listed) for size, listed in _lists_of(sentence, counted)]
        if any(size == int(n.key) for size, _, _ in sizes):
            reading.backed[n.text] = (n.start, n.end)
        elif sizes:
            size, k, listed = sizes[0]
            said = " ".join([n.text, *(t.text for t in after)])
            reading.clashes.append(Contradiction("number", said, f"{listed} ({size} named)", k))
    return reading


def _words_after(claim: str, tokens: list[Token], end: int) -> list[Token]:
    """Up to three words right after a count, to the first punctuation ("four western
    counties")."""
    out: list[Token] = []
    for t in tokens:
        if t.start < end:
            continue
        if len(out) == 3 or claim[(out[-1].end if out else end):t.start].strip():
            break
        out.append(t)
    return out


def _lists_of(sentence: str, counted: set[str]) -> list[tuple[int, str]]:
    """The lists of ``sentence`` beside a word of ``counted``, with how many each names
    and its words (the counted noun in front when it stands there)."""
    out = []
    for listed in _LIST.finditer(sentence):
        head = sentence[:listed.start()]
        if _SOME_OF.search(head):
            continue
        before = [t for t in tokenize(head) if t.content][-_NEAR:]
        after = [t.stem for t in tokenize(sentence[listed.end():]) if t.content][:_NEAR]
        if counted.isdisjoint([t.stem for t in before] + after):
            continue
        items = re.split(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+", listed.group())
        start = before[-1].start if before and before[-1].stem in counted else listed.start()
        out.append((len(items), sentence[start:listed.end()]))
    return out
