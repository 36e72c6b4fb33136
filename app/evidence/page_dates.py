"""The page's own date, and the dates its relative words stand for.

A wire story dated "Sept. 10, 2024" that reports figures for "last year" gives 2023,
and a paper of "Wednesday 14 May" whose councillors voted "yesterday" says they voted
on Tuesday. A story written from such a page states the year or the day outright; the
page gives it only through its date, so without this the year or day reads as a figure
the source never gives. Only the page's own date counts: one in its header, its
dateline ("TALLIS BAY, Sept. 10, 2024 —") or after "Published"; a date further down is
some event's, and "last year" is not reckoned from it.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .numbers import NumberMention, extract_numbers
from .text import split_sentences

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")

#: A dated source this long is a whole page (a feature, a live blog, several stories),
#: not one story whose weekdays all fall in the week of its date.
STORY_SENTENCES = 30
#: How far into the page its own date may stand (header, byline, dateline).
HEAD_CHARS = 400
#: A header line holding the date has at most this many words besides it, a masthead's
#: ("Karvo Daily News - Wednesday 14 May").
_HEADER_WORDS = 8
_HEADER_GLUE = frozenset("published updated posted on at the of".split())  # noqa: SIM905
_PUBLISHED = re.compile(r"\b(?:published|updated|posted|dated)\b\W*(?:on\s+)?\Z",
                        re.IGNORECASE)
# a dateline: the place in capitals, maybe a country after it ("RAVENA, Zelvia, ")
_DATELINE = re.compile(r"\A\s*[A-Z][A-Z.'’ -]+,(?:\s*[A-Z][a-z]+,)?\s*\Z")
_WEEKDAY_BEFORE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b,?\s*\Z", re.IGNORECASE)
# "last year" (and "last year's"), not "the last year", twelve months back from any day;
# "this year" and "next year" alike
_RELATIVE_YEAR = re.compile(r"(?<!the\s)(?<!the\s\s)\b(last|this|next)\s+year\b",
                            re.IGNORECASE)
_WRITTEN_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_RELATIVE_MONTH = re.compile(r"(?<!the\s)\b(last|this|next)\s+month\b", re.IGNORECASE)
_RELATIVE_DAY = re.compile(r"\b(yesterday|today|tonight|tomorrow)\b", re.IGNORECASE)
_YEAR_STEP = {"last": -1, "this": 0, "next": 1}
_DAY_STEP = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}


@dataclass(frozen=True)
class PageDate:
    year: int | None
    month: int  # 1 = January
    day: int
    weekday: int | None  # 0 = Monday
    written: str  # as the page writes it ("Sept. 10, 2024", "Wednesday 14 May")
    dateline: bool = False  # given in a dateline ("HOLBROOK, March 14, 2024 —")


@lru_cache(maxsize=64)
def page_date(text: str) -> PageDate | None:
    """The date the page carries for itself, if its head gives one with a day. (Kept:
    the checks of every claim ask it of the same page.)"""
    head = text[:HEAD_CHARS]
    for mention in extract_numbers(head):
        if not mention.is_date or mention.key.startswith("t") or mention.key.count("-") < 2:
            continue  # a time, a year, a month: no day to reckon from
        line_start = head.rfind("\n", 0, mention.start) + 1
        line_end = text.find("\n", mention.end)
        whole = text[line_start:line_end if line_end >= 0 else len(text)]
        line = head[line_start:mention.start]
        dateline = bool(_DATELINE.match(line))
        if not (dateline or _header_line(whole, head[mention.start:mention.end])
                or _PUBLISHED.search(line)):
            continue
        named = _WEEKDAY_BEFORE.search(line)
        year = None if mention.key.startswith("--") else int(mention.key[:4])
        weekday = WEEKDAYS.index(named.group(1).casefold()) if named else None
        if year is not None:
            try:
                weekday = datetime.date(*map(int, mention.key.split("-"))).weekday()
            except ValueError:
                continue
        start = named.start() + line_start if named else mention.start
        return PageDate(year, int(mention.key[-5:-3]), int(mention.key[-2:]), weekday,
                        head[start:mention.end], dateline)
    return None


def _header_line(line: str, date: str) -> bool:
    """A short line of the date and a masthead only ("Karvo Daily News - Wednesday 14
    May"), not a headline holding a date ("Remembering the flood of March 3, 2019")."""
    rest = line.replace(date, " ").split()
    return len(rest) <= _HEADER_WORDS and all(
        not w[:1].isalpha() or w[:1].isupper() or w.casefold() in _HEADER_GLUE for w in rest)


def relative_years(text: str, date: PageDate | None = None,
                   sentences: Sequence[tuple[int, int]] = ()) -> list[NumberMention]:
    """"last year", "this year", "next year" as the years the page's date makes them
    (``date``: the page's, when ``text`` is only part of the page; ``sentences``: the
    text's sentence spans, when the caller has them)."""
    date = date or page_date(text)
    if date is None or date.year is None:
        return []
    out = []
    spans = sentences or None
    for m in _RELATIVE_YEAR.finditer(text):
        spans = spans or split_sentences(text)
        if _two_years(_sentence_of(text, m.start(), spans), date):
            continue
        year = str(date.year + _YEAR_STEP[m.group(1).casefold()])
        out.append(NumberMention(m.group(), m.start(), m.end(), year, frozenset({year}),
                                 is_date=True))
    return out


def _sentence_of(text: str, at: int, spans: Sequence[tuple[int, int]]) -> str:
    k = bisect_right(spans, (at, len(text))) - 1  # (spans sort by their starts)
    return text[slice(*spans[k])] if k >= 0 else text


def _two_years(sentence: str, date: PageDate) -> bool:
    """Whether ``sentence`` names another year, relative or written ("rose 6% this year,
    after falling 2% last year"), the page's own date aside: which year a figure of it
    has is then the figures' question, and a reckoned year would answer it for all."""
    sentence = sentence.replace(date.written, " ")
    return len(_RELATIVE_YEAR.findall(sentence)) > 1 or bool(_WRITTEN_YEAR.search(sentence))


def _month_meant(m: re.Match[str], date: PageDate) -> str:
    """The month a "last month", "this month" or "next month" is on a page of ``date``."""
    return MONTHS[(date.month - 1 + _YEAR_STEP[m.group(1).casefold()]) % 12]


def relative_months(text: str, date: PageDate | None) -> set[str]:
    """The months "last month", "this month" and "next month" in ``text`` stand for on a
    page of ``date``."""
    if date is None:
        return set()
    return {_month_meant(m, date) for m in _RELATIVE_MONTH.finditer(text)}


def months_written_out(text: str, date: PageDate | None) -> str:
    """``text`` with its "next month" and the like written as the months they are on a
    page of ``date`` ("by the end of next month" -> "by the end of June")."""
    if date is None:
        return text
    return _RELATIVE_MONTH.sub(lambda m: _month_meant(m, date).capitalize(), text)


@lru_cache(maxsize=64)
def relative_weekdays(text: str) -> frozenset[str]:
    """The weekdays "yesterday", "today" and "tomorrow" stand for on this page."""
    if not _RELATIVE_DAY.search(text):
        return frozenset()
    date = page_date(text)
    if date is None or date.weekday is None:
        return frozenset()
    return frozenset({WEEKDAYS[(date.weekday + _DAY_STEP[m.group(1).casefold()]) % 7]
            for m in _RELATIVE_DAY.finditer(text)})


# A weekday a sentence dates something by ("voted on Tuesday"), not a habit ("every
# Tuesday", "on Tuesdays") nor one written with its date, which the date itself gives.
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b(?!s\b)(?![,.]?\s*(?:\d|"
                      + "|".join(m[:3] for m in MONTHS) + r"))", re.IGNORECASE)
# a weekday that is no one day of the page's week: a habit ("every Tuesday", "each"),
# any such day ("on a Tuesday"), one named from another week ("last Tuesday", "next
# Friday", "Tuesday of last week", "the Monday before last", "Tuesday week")
_NOT_THIS_WEEK_BEFORE = re.compile(r"\b(?:every|each|a|any|one|that|last|next|this|the)\s+\Z",
                                   re.IGNORECASE)
_NOT_THIS_WEEK_AFTER = re.compile(r"\s*(?:week|of\s+(?:last|next|that)\b|before\s+last|"
                                  r"after\s+next|nights?\b|mornings?\b|,?\s*the\s+\d)",
                                  re.IGNORECASE)
# The tense the words just before a weekday give it: still to come ("is due to appear in
# court on Monday", "will, on Monday, unveil") or past ("voted on Tuesday", "the plant
# due to close in June walked out on Monday": the nearer word tells). A present tense
# ("resumes on Monday") is either, and dates nothing.
_FUTURE = re.compile(r"\b(?:will|shall|'ll|is to|are to|due|scheduled|set to|plans? to|"
                     r"planned|expected to|tomorrow|upcoming)\b", re.IGNORECASE)
# (a participle after "be" is no past, "will be reviewed on Monday", nor a form after
# a modal or "to", "will hit", "to shed"; an "-ed" word in lower case that is no verb's
# past, "United", "hundred", "proceed", is left out)
_PAST = re.compile(r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bwill\s)(?<!\bto\s)(?<!\bwould\s)"
                   r"(?<!\bcan\s)(?<!\bcould\s)(?<!\bmay\s)(?<!\bmust\s)(?<!\bshall\s)"
                   r"\b(?:(?!(?:hundred|shed|bed|red|need|indeed)\b)[a-z]{2,}[^e\W]ed|[a-z]{2,}ied|"
                   r"[a-z]*[^e\W]eed(?<!proceed)(?<!exceed)(?<!succeed)|"
                   r"(?i:was|were|had|did|said|told|met|won|lost|held|began|took|"
                   r"made|went|came|left|led|gave|saw|spent|sold|struck|fell|rose|broke|ran|"
                   r"shot|beat|drew|threw|got|paid|sent|built|brought|bought|kept|found|chose|"
                   r"wrote|spoke|stood|became|died|hit|quit))\b")
# words that leave the day's week open: a plan of the past ("was due to go ahead on
# Monday but was postponed"), a wish or a condition ("hoped the bill would pass on
# Tuesday")
_OPEN = re.compile(r"\b(?:(?:was|were)\s+(?:due|set|scheduled|expected|planned|supposed)|"
                   r"would|could|might|hopes?|hoped|hoping|wants?|wanted|if|unless)\b",
                   re.IGNORECASE)
#: How far before a weekday the words giving its tense are read.
_TENSE_REACH = 60
# part of a name or a festival: "Black Friday", "Super Tuesday", "the Sunday Times"
_NAMED_BEFORE = re.compile(r"\b(?:black|good|super|cyber|easter|ash|palm|holy|bloody|"
                           r"giving|shrove|maundy|whit|low)\s+\Z", re.IGNORECASE)
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")


def named_day(text: str, start: int, end: int) -> bool:
    """Whether the weekday at ``text[start:end]`` is part of a name ("Black Friday",
    "Super Tuesday", "the Sunday Times"), not a day something happens on."""
    return bool(_NAMED_BEFORE.search(text, max(0, start - 12), start)
                or _NAME_AFTER.match(text, end))


@lru_cache(maxsize=64)
def _story_weekday_dates(text: str) -> tuple[NumberMention, ...]:
    """:func:`weekday_dates` of a whole page, worked out once for all its claims."""
    return tuple(weekday_dates(text, split_sentences(text)))


_DAY_WRITTEN = re.compile(r"(?:" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|modified|edited|revised)\b", re.IGNORECASE)


def weekday_dates(text: str, sentences: Sequence[tuple[int, int]]) -> list[NumberMention]:
    """The weekdays of a page dated with its year ("HOLBROOK, March 14, 2024 —") as the
    dates they fall on: "voted on Tuesday" is March 12, the Tuesday before; "will meet
    on Friday" March 15, the Friday after. A story written from the page dates it so."""
    date = page_date(text)
    # (a dateline's date with its year only, or a byline's that names its own weekday,
    # "Thursday 14 March 2024": an "Updated" line may stand over a story of years
    # before)
    if date is None or date.year is None or date.weekday is None or not (
            date.dateline or _DAY_WRITTEN.match(date.written)
            and not _UPDATED.search(text, max(0, text.find(date.written) - 30),
                                    max(0, text.find(date.written)))):
        return []
    if len(sentences) >= STORY_SENTENCES:
        return []  # a whole page narrates many weeks: its "Sunday" may be any of them
    day = datetime.date(date.year, date.month, date.day)
    head_end = text.find(date.written) + len(date.written)
    out = []
    for m in _WEEKDAY.finditer(text, head_end):
        if (_NOT_THIS_WEEK_BEFORE.search(text, max(0, m.start() - 8), m.start())
                or _NOT_THIS_WEEK_AFTER.match(text, m.end())
                or named_day(text, m.start(), m.end())):
            continue
        weekday = WEEKDAYS.index(m.group(1).casefold())
        sentence_start = sentences[bisect_right(sentences, (m.start(), len(text))) - 1][0]
        before = text[max(sentence_start, m.start() - _TENSE_REACH):m.start()]
        future = max((c.end() for c in _FUTURE.finditer(before)), default=-1)
        past = max((c.end() for c in _PAST.finditer(before)), default=-1)
        held_open = max((c.end() for c in _OPEN.finditer(before)), default=-1)
        if future == past or held_open >= max(future, past):
            continue  # neither ("the inquiry resumes on Monday"), or a week left open
        if future > past:
            step = (weekday - date.weekday) % 7 or 7
        else:
            step = -((date.weekday - weekday) % 7)
        key = (day + datetime.timedelta(days=step)).isoformat()
        out.append(NumberMention(m.group(), m.start(), m.end(), key,
                                 frozenset({key, "--" + key[5:]}), is_date=True))
    return out


def reckoned(claim_years: list[str], claim_days: list[str], passage: str,
             page_text: str, claim_months: list[str] = (),
             claim_dates: Sequence[NumberMention] = ()) -> tuple[str, ...]:
    """What the reviewer is told where the passage shown gives the claim's year, month,
    weekday or date only by a relative word or a weekday: "“2023” is the page's “last
    year” (dated 12 March 2024)", "“12 March” is the page's “Tuesday”".
    ``claim_days``, ``claim_months``: lower-cased names."""
    if not (claim_years or claim_days or claim_months or claim_dates):
        return ()
    date = page_date(page_text)
    if date is None:
        return ()
    notes = []
    written = {key for n in extract_numbers(passage) for key in n.keys}
    for day in [n for n in claim_dates if n.key not in written]:
        word = next((m.text for m in _story_weekday_dates(page_text)
                     if day.key in m.keys and re.search(rf"\b{m.text}\b", passage)), "")
        if word:
            notes.append(f"“{day.text}” is the page's “{word}”")
    for month in claim_months:
        if re.search(rf"\b{month}\b", passage, re.IGNORECASE):
            continue
        word = next((m.group() for m in _RELATIVE_MONTH.finditer(passage)
                     if _month_meant(m, date) == month), "")
        if word:
            notes.append(f"“{month.capitalize()}” is the page's “{word}”")
    for year in claim_years:
        if year in passage:
            continue
        word = next((m.text for m in relative_years(passage, date) if m.key == year), "")
        if word:
            notes.append(f"“{year}” is the page's “{word}”")
    for day in claim_days:
        if date.weekday is None or re.search(rf"\b{day}\b", passage, re.IGNORECASE):
            continue
        word = next((m.group() for m in _RELATIVE_DAY.finditer(passage)
                     if WEEKDAYS[(date.weekday + _DAY_STEP[m.group().casefold()]) % 7] == day),
                    "")
        if word:
            notes.append(f"“{day.capitalize()}” is the page's “{word}”")
    if notes:
        notes[-1] += f" (dated {date.written})"
    return tuple(notes)
