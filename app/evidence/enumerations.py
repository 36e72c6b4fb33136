"""A count the source gives as a list: "four western counties" is backed by "counties
Galway, Mayo, Clare and Kerry"; "five rivers" is contradicted by "the rivers Severn,
Wye, Avon and Teme", a list of four next to the noun the claim counts. A list after
"including" or "such as" names only some, and answers no count."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .contradict import Contradiction
from .figures import sentence_text
from .index import SourceIndex
from .numbers import NumberMention, extract_numbers, number_found
from .text import Token, tokenize

# a capitalised name of one to three words; a list of three or more, the last after
# "and" or "or" ("Galway, Mayo, Clare and Kerry")
_ITEM = r"[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,2}"
_LIST = re.compile(rf"{_ITEM}(?:,\s+{_ITEM})+,?\s+(?:and|or)\s+{_ITEM}")
_SOME_OF = re.compile(r"\b(?:including|includes|include|such\s+as|among\s+them|like|"
                      r"notably|especially)\s*\W*\s*(?:the\s+)?\Z", re.IGNORECASE)
_PLAIN_COUNT = re.compile(r"\d+|[A-Za-z]+")
#: How far from the list the counted noun may stand, in words.
_NEAR = 3
#: The counts a list is read for: fewer than three is no list; past a dozen, nobody
#: names them all.
_SMALLEST, _LARGEST = 3, 12
#: The share of the claim's words the list's sentence must carry.
ABOUT_IT = 0.5
#: Sentences longer than this are not read for lists (a page's tag cloud or credits).
_LONGEST = 600


@dataclass
class ListReading:
    backed: dict[str, tuple[int, int]] = field(default_factory=dict)  # count -> its span
    clashes: list[Contradiction] = field(default_factory=list)


def read_lists(claim: str, tokens: list[Token], numbers: list[NumberMention],
               index: SourceIndex, sentences: list[int]) -> ListReading:
    """The claim's small counts the source never gives as a number, read against the
    lists of names beside the noun they count in ``sentences`` (those searched for the
    claim): backed where a list names as many, a contradiction where one names another
    number."""
    reading = ListReading()
    claim_stems = {t.stem for t in tokens if t.content}
    for n in numbers:
        # a plain count: not "$5", "10 km", "7th"
        if (n.is_date or not _PLAIN_COUNT.fullmatch(n.text) or not n.key.isdigit()
                or not _SMALLEST <= int(n.key) <= _LARGEST):
            continue
        noun = _counted_noun(claim, tokens, n.end)
        if noun is None:
            continue
        sizes: list[tuple[int, int, str]] = []
        for k in sentences:
            stems = set(index.sentence_stems[k])
            # the list's sentence is about the claim, not only about its noun ("It
            # already runs stores in London, Leeds, Bristol and Cardiff" for "will open
            # three stores in Scotland")
            if noun.stem in stems and len(claim_stems & stems) >= ABOUT_IT * len(claim_stems):
                sentence = sentence_text(index, k)
                if len(sentence) <= _LONGEST:
                    sizes += [(size, k, listed) for size, listed in _lists_of(sentence, noun.stem)]
        if any(size == int(n.key) for size, _, _ in sizes):
            reading.backed[n.text] = (n.start, n.end)
        elif sizes:
            size, k, listed = sizes[0]
            said = claim[n.start:noun.end]
            reading.clashes.append(Contradiction("number", said, f"{listed} ({size} named)", k))
    return reading


def _counted_noun(claim: str, tokens: list[Token], end: int) -> Token | None:
    """The noun a count counts: of up to three words right after it, to the first
    punctuation, the first plural ("four western counties"), else the first word."""
    run: list[Token] = []
    for t in tokens:
        if t.start < end:
            continue
        if len(run) == 3 or claim[(run[-1].end if run else end):t.start].strip():
            break
        run.append(t)
    words = [t for t in run if t.content]
    return next((t for t in words if t.lower.endswith("s")), words[0] if words else None)


def _lists_of(sentence: str, counted: str) -> list[tuple[int, str]]:
    """The lists of ``sentence`` beside the stem ``counted``, with how many each names
    and its words (the counted noun in front when it stands there)."""
    out = []
    for listed in _LIST.finditer(sentence):
        head = sentence[:listed.start()]
        if _SOME_OF.search(head):
            continue
        before = [t for t in tokenize(head) if t.content][-_NEAR:]
        after = [t.stem for t in tokenize(sentence[listed.end():]) if t.content][:_NEAR]
        if counted not in [t.stem for t in before] + after:
            continue
        items = re.split(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+", listed.group())
        start = before[-1].start if before and before[-1].stem == counted else listed.start()
        out.append((len(items), sentence[start:listed.end()]))
    return out


# "three stores", "five western counties": a count in words before the plural it counts;
# not a multiplier or a span of time ("three times", "ten years": sources give them as
# "the third time", "a decade", "from 1936 to 1941"), nor a share ("one in five")
_NOT_COUNTED = frozenset("times seconds minutes hours days weeks months years decades "
                         "centuries".split())  # noqa: SIM905


def missing_counts(claim: str, tokens: list[Token], index: SourceIndex,
                   listed: dict[str, tuple[int, int]],
                   backed: Sequence[tuple[int, int]] = ()) -> list[str]:
    """The claim's small counts in words ("three stores") the source gives neither in
    words nor in digits nor as a list (``listed``) nor otherwise as a figure (``backed``
    spans: "picked up three seats" / "won 20 seats, up from 17"): figures it lacks.
    (Counts of two to a dozen: "one" is too often no count.)"""
    out = []
    for n in extract_numbers(claim):
        if not (n.is_word and n.key.isdigit() and 2 <= int(n.key) <= _LARGEST):
            continue
        if any(s <= n.start < e for s, e in backed):
            continue
        noun = _counted_noun(claim, tokens, n.end)
        if (noun is None or not noun.lower.endswith("s") or noun.lower in _NOT_COUNTED
                or n.text in listed
                or re.search(r"\bin\s+\Z", claim[max(0, n.start - 4):n.start])
                or number_found(n, index.numbers) or n.text.casefold() in index.words):
            continue
        out.append(n.text)
    return out
