"""A length of time said in another unit: "more than six decades" is the page's "more
than 60 years", "30 months" its "two and a half years", "a fortnight" its "two weeks",
"ten years ago" its "a decade ago". The claim's figure and unit words are then the
page's, read in the sentences that state the claim, not words it never uses."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from .index import SourceIndex
from .numbers import extract_numbers
from .text import tokenize

#: Each unit in days (a month and a year as the calendar averages them: a claim's "18
#: months" is a page's "a year and a half" whichever months they are).
_UNIT_DAYS = {"hour": Decimal(1) / 24, "day": Decimal(1), "week": Decimal(7),
              "fortnight": Decimal(14),
              "month": Decimal("30.4375"), "year": Decimal("365.25"),
              "decade": Decimal("3652.5"), "century": Decimal("36525")}
# (not an age: "the two-year-old")
_UNIT = re.compile(r"[\s-]*(?:and\s+a\s+half\s+)?(?:(?:consecutive|straight|successive|long|full|"
                   r"whole|more|further|additional|extra)\s+)?(hour|day|week|fortnight|month|year|decade|"
                   r"centur)(?:s|ies|y)?\b(?![\s-]*old\b)", re.IGNORECASE)
_A_UNIT = re.compile(r"\b(?:a|an|one)[\s-]+(fortnight|week|month|year|decade|century)\b"
                     r"(?![\s-]+(?:of|and\s+a\s+half|ago\s+today))", re.IGNORECASE)
_HALF = re.compile(r"\band\s+a\s+half\b", re.IGNORECASE)


def _lengths(text: str) -> list[tuple[int, int, Decimal, str, str]]:
    """The lengths of time in ``text``: (start, end, days, unit, the figure as written)."""
    out = []
    for n in extract_numbers(text):
        if n.is_date or not n.key.replace(".", "").isdigit():
            continue
        unit = _UNIT.match(text, n.end)
        if unit is None:
            continue
        value = Decimal(n.key)
        if _HALF.match(text[n.end:unit.end()].strip()):
            value += Decimal("0.5")
        name = unit.group(1).casefold().replace("centur", "century")
        out.append((n.start, unit.end(), value * _UNIT_DAYS[name], name, n.text))
    for m in _A_UNIT.finditer(text):
        name = m.group(1).casefold()
        out.append((m.start(), m.end(), _UNIT_DAYS[name], name, m.group()))
    return out


def _beside(text: str, start: int, end: int) -> set[str]:
    """The stems of the content words right before and right after a length of time."""
    tokens = [t for t in tokenize(text) if t.content and t.lower != "long"]  # ("year-long")
    before = [t.stem for t in tokens if t.end <= start][-1:]
    after = [t.stem for t in tokens if t.start >= end][:1]
    return {*before, *after}


def durations_backed(claim: str, index: SourceIndex, sentences: list[int]
                     ) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """The claim's lengths of time that ``sentences`` give in another unit, each as its
    figure's text and the span of the figure and its unit words; and what the reviewer
    is told of each ("“six decades” is the page's “60 years”")."""
    said = _lengths(claim)
    if not said:
        return {}, []
    given = [(days, unit, text[s:e], _beside(text, s, e)) for k in sentences
             for text in [index.text[slice(*index.sentences[k])]]
             for s, e, days, unit, _ in _lengths(text)]
    out, notes = {}, []
    for start, end, days, unit, figure in said:
        # beside the same word: "will take 30 months" / "will take two and a half years",
        # not "Jane Kettle worked at the mill for six decades" / "The mill, which
        # operated for 60 years"
        words = _beside(claim, start, end)
        same = next((written for d, other, written, near in given
                     if unit != other and abs(days - d) <= days * Decimal("0.01")
                     and words & near), None)
        if same is not None:
            out[figure] = (start, end)
            notes.append(f"“{claim[start:end]}” is the page's “{same}”")
    return out, notes


@lru_cache(maxsize=64)
def _page_lengths(text: str) -> frozenset[Decimal]:
    """Every length of time the page gives, in days (kept: each claim of a story asks
    it of the same page)."""
    return frozenset(days for _, _, days, _, _ in _lengths(text))


def durations_missing(claim: str, index: SourceIndex, backed: dict[str, tuple[int, int]],
                      sentences: list[int]) -> list[str]:
    """The claim's lengths of time in words ("five decades") the page gives in no unit,
    nor as two years of ``sentences`` that far apart ("five years after construction
    began" / "began in 1936 and was completed in 1941"): a figure it lacks, as a number
    in digits would be (the numbers check reads those)."""
    out = []
    years = {int(key) for k in sentences for key in index.sentence_numbers[k]
             if len(key) == 4 and key.isdigit()}
    for start, end, days, _, figure in _lengths(claim):
        if figure in backed or any(c.isdigit() for c in figure):
            continue
        span = days / _UNIT_DAYS["year"]
        if span == span.to_integral_value() and any(y + int(span) in years for y in years):
            continue
        # the page gives it as a length of time: the figure with its unit, in any unit
        # (not a 5 somewhere and an "hour" elsewhere: "5 motions ... after rush hour")
        given = any(abs(d - days) <= days * Decimal("0.01") for d in _page_lengths(index.text))
        if not given and not figure.casefold().startswith(("a ", "an ", "one")):
            out.append(claim[start:end])
    return out
