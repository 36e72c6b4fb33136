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
from .page_dates import MONTHS, months_written_out, page_date, relative_months
from .slots import in_claims_slot
from .text import Token, stem

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
    given = relative_months(index.text, page_date(index.text))
    return [m.span("month") for m in said if _month(m) in given]


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
            given = relative_months(index.text, page_date(index.text))
        if month not in given:
            out.append(m["month"])
    return out


# "mid-June", "in early March", "late September": a part of the month
_PART = re.compile(r"\b(?P<part>mid|early|late)[\s-]+(?P<month>" + "|".join(MONTHS) + r")\b",
                   re.IGNORECASE)
_PART_DAYS = {"early": range(1, 11), "mid": range(10, 21), "late": range(20, 32)}


def month_parts(claim: str, index: SourceIndex) -> tuple[list[tuple[int, int]], list[str]]:
    """The claim's "mid-", "early" or "late" before a month, read against the page's
    dates of that month: the spans of those a date in the part meets ("mid-June" /
    "will reopen on June 14"), the date's words, not words the page lacks; and those
    the page's dates of the month all fall outside ("early June" / "June 14"): a date
    the page gives otherwise, missed like a number it never gives."""
    backed, unmet = [], []
    for m in _PART.finditer(claim):
        month = MONTHS.index(m["month"].casefold()) + 1
        days = [int(key[-2:]) for key in index.numbers if len(key) in (7, 10)
                and (key.startswith(f"--{month:02d}-") or key[4:8] == f"-{month:02d}-")]
        if any(day in _PART_DAYS[m["part"].casefold()] for day in days):
            backed.append(m.span("part"))
        elif days and not re.search(rf"\b{m['part']}[\s-]+{m['month']}\b", index.text,
                                    re.IGNORECASE):
            unmet.append(m.group())
    return backed, unmet
