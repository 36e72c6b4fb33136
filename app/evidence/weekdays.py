"""Weekdays are dates: a claim's "reopens Thursday" is a fact the source must give, by
the day's name or by a full date that falls on it ("Monday, Sept. 8, 2025"; "on
8 September 2025" for "on Monday"), and a sentence stating the claim with another day
("will reopen on Friday") contradicts it."""

from __future__ import annotations

import datetime
import re

from .contradict import Contradiction, stating_sentence
from .index import SourceIndex
from .numbers import NumberMention, number_found
from .page_dates import WEEKDAYS, named_day, relative_weekdays
from .slots import in_claims_slot
from .text import Token, stem

_CLAIM_DAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
# a source also writes the day short, with its dot ("Thurs., Oct. 9"); "Sun" or "Wed"
# alone is a newspaper or a verb
_SOURCE_DAY = re.compile(r"\b(?:(" + "|".join(WEEKDAYS) + r")\b|"
                         r"(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.)", re.IGNORECASE)
_FULL_DATE = re.compile(r"\A(\d{4})-(\d\d)-(\d\d)\Z")

_WEEKDAY_BEFORE = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)"
                             r"(?:day)?\.?,?\s*\Z", re.IGNORECASE)


def weekday_spans(claim: str, numbers: list[NumberMention],
                  index: SourceIndex) -> list[tuple[int, int]]:
    """The claim's weekdays a source date gives, as spans the figures own: a found date
    and the weekday written before it ("Monday, Sept. 8, 2025", "Sat., May 24"), and a
    weekday the source gives only as a date ("on Monday" / "on 8 September 2025")."""
    out = []
    for n in numbers:
        match = _WEEKDAY_BEFORE.search(claim, max(0, n.start - 12), n.start)
        if n.is_date and match and number_found(n, index.numbers):
            out.append((match.start(), n.end))
    days = claim_weekdays(claim)
    if days:
        named, dated = _days_named(index.text), _days_dated(index)
        out += [m.span() for m in days if day_of(m) in dated - named]
    return out


def claim_weekdays(claim: str) -> list[re.Match[str]]:
    """The weekdays a claim dates something by (not "Black Friday", "Sunday Times")."""
    return [m for m in _CLAIM_DAY.finditer(claim)
            if not named_day(claim, m.start(), m.end())]


def day_of(match: re.Match[str]) -> str:
    word = match.group().casefold().rstrip(".")
    return next(d for d in WEEKDAYS if d.startswith(word[:3]))


def _days_named(text: str) -> set[str]:
    return {day_of(m) for m in _SOURCE_DAY.finditer(text)}


def weekdays_reckoned(claim: str, index: SourceIndex) -> list[tuple[int, int]]:
    """Spans of the claim's weekdays the page gives only as its "yesterday", "today" or
    "tomorrow" beside its own date: words the figures own, still read against the
    sentence stating the claim (a "closed on Monday ..., said yesterday" is no
    backing for "closed on Tuesday")."""
    days = claim_weekdays(claim)
    if not days:
        return []
    reckoned = relative_weekdays(index.text) - _days_named(index.text) - _days_dated(index)
    return [m.span() for m in days if day_of(m) in reckoned]


def _days_dated(index: SourceIndex) -> set[str]:
    """The weekdays of the source's full dates."""
    days = set()
    for key in index.numbers:
        full = _FULL_DATE.match(key)
        if full:
            try:
                days.add(WEEKDAYS[datetime.date(*map(int, full.groups())).weekday()])
            except ValueError:
                continue
    return days


def _phrase(text: str, start: int, end: int, words: int = 4) -> str:
    """The weekday with up to ``words`` words before it in its clause."""
    before = re.split(r"[,;:—–(]", text[:start])[-1].split()[-words:]
    return " ".join([*before, text[start:end]]).strip()


def weekday_check(claim: str, tokens: list[Token], index: SourceIndex, searched: list[int],
                  aliases: dict[str, str], skip: list[tuple[int, int]]
                  ) -> tuple[list[str], Contradiction | None]:
    """The claim's weekdays the source never gives, and the sentence stating the claim
    that gives another day. ``skip``: spans already read as part of a found date."""
    days = [m for m in claim_weekdays(claim)
            if not any(s <= m.start() < e for s, e in skip)]
    if not days:
        return [], None
    known = _days_named(index.text) | _days_dated(index) | relative_weekdays(index.text)
    missing = [m for m in days if day_of(m) not in known]
    stems = {aliases.get(t.stem, t.stem) for t in tokens if t.content} - set(WEEKDAYS)
    found = None
    best = stating_sentence(stems, index, searched) if len(days) == 1 else -1
    if best >= 0:
        start, end = index.sentences[best]
        sentence = index.text[start:end]
        others = [m for m in _SOURCE_DAY.finditer(sentence)]
        said = days[0]
        other_days = {day_of(m) for m in others}
        # another day in the sentence stating the claim: a contradiction where the
        # page never gives the claim's day, or where it stands in the claim's slot
        # ("Calvera province on Saturday" for "Calvera province on Sunday"; the
        # page's "Sunday" elsewhere is another day's news)
        if (len(other_days) == 1 and day_of(said) not in other_days
                and (missing or in_claims_slot(tokens, stem(day_of(said)), sentence,
                                               {stem(d) for d in other_days}))):
            m = others[0]
            found = Contradiction("number", _phrase(claim, said.start(), said.end()),
                                  _phrase(sentence, m.start(), m.end()), best)
    return [m.group() for m in missing], found
