"""A month is a date: a claim's "will close its factory in the town of Zgierzno in
September" is contradicted by the sentence that states it saying "in the town of
Zgierzno in November", the other month where the claim's month stands. A month named
elsewhere in the page ("wound down from September") is no backing for it."""

from __future__ import annotations

import re
from functools import lru_cache

from .contradict import Contradiction, stating_sentence
from .figures import sentence_text
from .index import SourceIndex
from .numbers import extract_numbers
from .page_dates import MONTHS, months_written_out, page_date, relative_months
from .slots import in_claims_slot
from .text import Token, stem, tokenize

_SHORT = {"jan": "january", "feb": "february", "aug": "august", "sept": "september",
          "sep": "september", "oct": "october", "nov": "november", "dec": "december"}
# after a word that dates by it, so "May" the verb or the name is no month; and with no
# day after it ("in September", not "September 3": a date, the figures' to compare)
_MONTH = re.compile(
    r"\b(?:in|from|by|until|till|since|during|before|after|last|next|this|early|late|"
    r"mid|end\s+of|start\s+of|beginning\s+of)[\s-]+(?P<month>" + "|".join(MONTHS)
    + r"|(?:jan|feb|aug|sept?|oct|nov|dec)\.)\b(?![\s-]*\d)", re.IGNORECASE)


def _month(match: re.Match[str]) -> str:
    word = match["month"].casefold().rstrip(".")
    return _SHORT.get(word, word)


@lru_cache(maxsize=512)
def _months(text: str) -> tuple[re.Match[str], ...]:
    """The months ``text`` dates by, capitalised as months are ("this may delay" is no
    May; "in Augusta" no August). (Kept: four checks read each claim's.)"""
    return tuple(m for m in _MONTH.finditer(text) if m["month"][:1].isupper())


def claim_months(claim: str) -> list[str]:
    """The months a claim dates by, lower-cased and written out."""
    return [_month(m) for m in _months(claim)]


def month_flip(claim: str, tokens: list[Token], index: SourceIndex, searched: list[int],
               aliases: dict[str, str]) -> Contradiction | None:
    """The sentence stating the claim that gives another month where the claim's one
    stands, or None."""
    said = _months(claim)
    if len({_month(m) for m in said}) != 1:
        return None
    month = _month(said[0])
    stems = {aliases.get(t.stem, t.stem) for t in tokens if t.content} - {stem(month)}
    best = stating_sentence(stems, index, searched)
    if best < 0:
        return None
    written = sentence_text(index, best)
    # "by the end of next month" on a page of May 20 is "by the end of June"
    sentence = months_written_out(written, page_date(index.text))
    others = [m for m in _months(sentence) if _month(m) != month]
    if len({_month(m) for m in others}) != 1:
        return None
    # the claim's month named too: the other contradicts only where it stands in the
    # claim's slot ("reopen to the public in July" for "reopen to the public in June",
    # where the sentence's June is when repairs end)
    if not in_claims_slot(tokens, stem(month), sentence, {stem(_month(others[0]))}):
        return None
    said_instead = others[0].group()
    if _month(others[0]) not in written.casefold():
        said_instead += " (the page's date reckoned)"
    return Contradiction("number", said[0].group(), said_instead, best)


def months_reckoned(claim: str, index: SourceIndex) -> list[tuple[int, int]]:
    """Spans of the claim's months the page never names but gives by its own date ("by
    the end of June" / "by the end of next month" on a page of May 20): the figures'
    words, not words the source lacks."""
    said = [m for m in _months(claim) if _month(m) not in index.words]
    if not said:
        return []
    given = _months_given_near(claim, index)
    return [m.span("month") for m in said if _month(m) in given]


_YEAR_START = re.compile(r"\b(?:start|beginning)\s+of\s+(?:the\s+year|this\s+year|\d{4})\b|"
                         r"\bso\s+far\s+this\s+year\b", re.IGNORECASE)
#: Content words of the claim a sentence with "next month" must share for its month to
#: count: the sentence is about the claim's thing, not the page's other news.
_NEAR = 2


def _near_sentences(claim: str, index: SourceIndex) -> list[int]:
    """The sentences sharing :data:`_NEAR` of the claim's words: about the claim's thing,
    not the page's other news."""
    stems = {t.stem for t in tokenize(claim) if t.content}
    return [k for k, own in enumerate(index.sentence_stems)
            if len(stems.intersection(own)) >= _NEAR]


def _months_given_near(claim: str, index: SourceIndex) -> set[str]:
    """The months the page's "next month" and the like stand for, in the sentences near
    the claim ("The Kestrel Road bridge will close next month" gives no month to "The
    Elm Street library will reopen in June")."""
    date = page_date(index.text)
    if date is None:
        return set()
    given: set[str] = set()
    for k in _near_sentences(claim, index):
        given |= relative_months(sentence_text(index, k), date)
    return given


def missing_months(claim: str, index: SourceIndex) -> list[str]:
    """The claim's months the page never names, short or long, nor gives by its own
    date: a date it lacks, like a day it never gives ("by the end of August")."""
    given = None
    out = []
    for m in _months(claim):
        month = _month(m)
        number = f"-{MONTHS.index(month) + 1:02d}"  # as a date key has it: "2019-04-11"
        if (month in index.words or month in index.folded  # (or glued: "OPINIONApril 11")
                or any(short in index.words for short, full in _SHORT.items() if full == month)
                or any(key[4:7] == number or key[1:4] == number for key in index.numbers)):
            continue
        if given is None:
            given = _months_given_near(claim, index)
            if _YEAR_START.search(index.text):
                given.add("january")  # "since the start of the year" is "since January"
        if month not in given:
            out.append(m["month"])
    return out


# "mid-June", "in early March", "late September": a part of the month
_PART = re.compile(r"\b(?P<part>mid|early|late)[\s-]+(?P<month>" + "|".join(MONTHS) + r")\b",
                   re.IGNORECASE)
_PART_DAYS = {"early": range(1, 11), "mid": range(10, 21), "late": range(20, 32)}


def _own_date_keys(index: SourceIndex) -> set[str]:
    date = page_date(index.text)
    return {key for n in extract_numbers(date.written) for key in n.keys} if date else set()


def month_parts(claim: str, index: SourceIndex) -> tuple[list[tuple[int, int]], list[str]]:
    """The claim's "mid-", "early" or "late" before a month, read against the page's
    dates of that month: the spans of those a date in the part meets ("mid-June" /
    "will reopen on June 14"), the date's words, not words the page lacks; and those
    the page's dates of the month all fall outside ("early June" / "June 14"): a date
    the page gives otherwise, missed like a number it never gives."""
    backed, unmet = [], []
    parts = list(_PART.finditer(claim))
    if not parts:
        return backed, unmet
    # the dates of the sentences about the claim's thing, not the page's own date
    keys = {key for k in _near_sentences(claim, index)
            for key in index.sentence_numbers[k]} - _own_date_keys(index)
    for m in parts:
        month = MONTHS.index(m["month"].casefold()) + 1
        days = [int(key[-2:]) for key in keys if len(key) in (7, 10)
                and (key.startswith(f"--{month:02d}-") or key[4:8] == f"-{month:02d}-")]
        inside = [day in _PART_DAYS[m["part"].casefold()] for day in days]
        if inside and all(inside):  # (not "runs from June 6 to June 29" for "early June")
            backed.append(m.span("part"))
        elif days and not any(inside) and not re.search(
                rf"\b{m['part']}[\s-]+{m['month']}\b", index.text, re.IGNORECASE):
            unmet.append(m.group())
    return backed, unmet
