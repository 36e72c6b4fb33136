"""Figures in a text and what they are bound to.

Every number of a claim or a source sentence (counts, percentages, money, dates, years,
count words such as "twice" or "halved", shares such as "a quarter of") is read as a
:class:`Mention`: its value and kind, the content words on either side of it within its
clause, the noun it is the value of ("profit" in "profit of $3m"), the names beside it,
and the words of its whole clause. :func:`binding` says how surely two mentions are
about the same thing; :func:`comparable`, :func:`compatible` and :func:`same_value`
say whether two values can be compared, agree, or are the same. The rules that turn
these into contradictions live in :mod:`.contradict`.
"""

from __future__ import annotations

import itertools
import re
import weakref
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from .numbers import CURRENCY_WORDS, NUMBER_WORDS
from .synonyms import same_sense
from .text import NumberMention, Token, extract_numbers, tokenize

if TYPE_CHECKING:
    from .index import SourceIndex

#: Content words looked at on each side of a number, within its clause.
REACH = 3

CLAUSE_BREAK = re.compile(r"[,;:()\[\]–—]|\s-\s|\band\b|\bbut\b|\bwhile\b|\bwhereas\b")
_AT_LEAST = re.compile(r"(?:more than|over|above|at least|exceed(?:s|ed|ing)?|upwards of)\s*$",
                       re.IGNORECASE)
_AT_MOST = re.compile(r"(?:less than|fewer than|under|below|at most|up to|no more than)\s*$",
                      re.IGNORECASE)
_NOT_MORE = re.compile(r"\b(?:no|not)\s+(?:more|greater|higher)\s+than\s*$", re.IGNORECASE)
_NOT_FEWER = re.compile(r"\b(?:no|not)\s+(?:fewer|less|lower)\s+than\s*$", re.IGNORECASE)
_APPROX = re.compile(r"(?:about|around|approximately|roughly|nearly|almost|some|close to|"
                     r"an estimated|estimated|circa|c\.|~)\s*$", re.IGNORECASE)
# "built over two years", "spread over 18 months": a span of time, no bound ("more than
# two years" is written so)
_OVER_SPAN = re.compile(r"\b(?:over|across)\s*$", re.IGNORECASE)
_SPAN_UNIT = re.compile(r"\s*(?:years?|months?|weeks?|days?|decades?|hours?)\b",
                        re.IGNORECASE)
MULTIPLIER = re.compile(
    r"\b(?:(?P<twice>twice|doubled?|doubles|doubling)"
    r"|(?P<thrice>thrice|tripled?|triples|tripling)"
    r"|(?P<four>quadrupled?|quadruples)"
    r"|(?P<half>halved|halves|halve|halving|half)"
    # "2x faster", "10× the memory" (not "4x4", "1920x1080")
    r"|(?<![\d.x×])(?P<x>\d+(?:\.\d+)?)[x×](?![\w×])"
    r"|(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)"
    r"(?:[\s-]*(?:times|fold)|\s+(?:separate\s+)?occasions)\b"
    # "arrested once before" is a count; "once a mill", "once again" are not
    r"|(?P<once>once)(?=\s+(?:before|previously|in\s+(?:the|its|his|her|their)\s+(?:history|career|life)))\b)",
    re.IGNORECASE,
)
# A change by a fraction in words: "fell by a third" is a factor 2/3, "rose by a quarter"
# 5/4 (read against "halved", "doubled": the same kind of figure)
FRACTION_CHANGE = re.compile(
    r"\b(?:(?P<down>f[ae]ll|falls|falling|fallen|dropp?(?:ed|s|ing)?|cut|declin(?:e|ed|es|ing)"
    r"|decreas(?:e|ed|es|ing)|reduc(?:e|ed|es|ing)|shr[iau]nk(?:s|ing)?)"
    r"|(?P<up>r[io]se|rises|rising|risen|gr[eo]wn?|grows|growing|increas(?:e|ed|es|ing)"
    # (what falls may stand between: "cut its carbon emissions by a third")
    r"|climb(?:ed|s|ing)?))\s+"
    r"(?:(?!(?:run|hit|as|after|when|while|because|owned|operated|managed|led|caused)\b)"
    r"[\w'’-]+\s+){0,7}?(?P<by>by)\s+"
    r"(?:(?:only|just|about|around|nearly|almost)\s+)?"
    r"(?:(?:a|one)[\s-](?P<frac>half|third|quarter|fifth|tenth)"
    r"|(?P<bare>half))\b(?![-\s]+(?:part(?:y|ies)|day|time|year|hour))",
    re.IGNORECASE,
)
# A share in words: "half of voters", "a quarter of its workforce" (a percentage)
SHARE = re.compile(r"\b(?:(?:a|one)[\s-])?(?P<frac>half|third|quarter|fifth|tenth|two[\s-]thirds"
                    r"|three[\s-]quarters)\s+of\b", re.IGNORECASE)
_SHARES = {"half": 50, "third": 33, "quarter": 25, "fifth": 20, "tenth": 10, "twothirds": 67,
           "threequarters": 75}
_FRACTION_WORDS = frozenset(("half", "third", "quarter", "fifth", "tenth", "halves",
                             "thirds", "quarters", "fifths", "tenths"))
_FRACTIONS = {"half": Decimal("0.5"), "third": Decimal(1) / 3, "quarter": Decimal("0.25"),
              "fifth": Decimal("0.2"), "tenth": Decimal("0.1")}
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
# "2 to 3 months", "50-70%", "$5-$7"; not "rose 12% to $48 million" (two kinds)
_RANGE_AFTER = re.compile(r"\A(?:\s*[-–—]\s*[$€£¥]?\d|\s+(?:to|and|or)\s+\d)", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"(?:\d\s*(?:-|–|—|to|or)|between)\s*[$€£¥]?\s*\Z", re.IGNORECASE)
# Words that open another clause: a number's binding stops there.
_JOINS = frozenset("and but while whereas which who whom than".split())  # noqa: SIM905
#: Words that qualify the number right after them ("more than", "at least", "nearly").
_QUALIFIERS = frozenset("more less fewer than at least most up to over under about around "
                        "nearly almost roughly approximately some no".split())  # noqa: SIM905
_TIMES_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class Mention:
    value: Decimal
    kind: str  # "percent" | "money" | "date" | "year" | "times" | "count" | "ordinal" | "decade"
    text: str
    start: int
    end: int
    keys: frozenset[str]
    left: tuple[str, ...]  # content stems before, nearest first
    right: tuple[str, ...]  # content stems after, nearest first
    bound: str  # "at_least" | "at_most" | "approx" | ""
    mention: NumberMention | None
    phrase: str  # the number with the words it is bound to, as written
    in_range: bool = False  # one end of "2 to 3 months", "50-70%", "27-17"
    spelled: bool = False  # "five", "twice"
    measure: str = ""  # the noun the figure is the value of: "profit" in "profit of $3m"
    share: bool = False  # a share in words: "half of", "a quarter of"
    names: frozenset[str] = frozenset()  # stems of capitalised words bound to it ("Green")
    label: bool = False  # a name, not a quantity: "type 1", "Season 20", "position 8"
    clause: frozenset[str] = frozenset()  # content stems of its whole clause


#: A currency written out after a figure makes it money ("1.31 billion pounds").
#: ("40 pounds of beef" is a weight)
_CURRENCY_AFTER = re.compile(
    rf"\s+(?:{'|'.join(sorted(CURRENCY_WORDS - {'pound', 'pounds'}, key=len, reverse=True))}"
    r"|pounds?(?!\s+of\b))\b", re.IGNORECASE)


def _kind(n: NumberMention) -> str:
    if n.is_date:
        return "date"
    if n.key.endswith("%"):
        return "percent"
    if any(k.endswith("th") for k in n.keys):
        return "ordinal"  # "tenth", "10th": compared with ordinals only
    if n.key.endswith("s"):
        return "decade"  # "the 1990s", "in his 40s": a span, no count of anything
    if n.text[:1] in "$€£¥" or n.text[:3].casefold() in {"us$", "usd", "eur", "gbp", "inr"}:
        return "money"
    if n.key.isdigit() and len(n.key) == 4 and 1000 <= int(n.key) <= 2100 and "," not in n.text:
        return "year"
    return "count"


def _window(tokens: list[Token], text: str, start: int, end: int) -> tuple[
        tuple[str, ...], tuple[str, ...], int, int]:
    """Content stems left and right of ``text[start:end]`` within its clause, and the
    character span of the phrase they make."""
    left: list[str] = []
    right: list[str] = []
    phrase_start, phrase_end = start, end
    before = [t for t in tokens if t.end <= start]
    after = [t for t in tokens if t.start >= end]
    edge = start
    leading = True
    for t in reversed(before):
        if leading and t.lower in _QUALIFIERS:
            # "more than $2 billion": the qualifier is part of the figure, and its
            # "than" opens no other clause
            edge = t.start
            continue
        leading = False
        if len(left) >= REACH or CLAUSE_BREAK.search(text[t.end:edge]) or t.lower in _JOINS:
            break
        if t.content:
            left.append(t.stem)
            if len(left) <= 1:
                phrase_start = t.start
        edge = t.start
    edge = end
    for t in after:
        if len(right) >= REACH or CLAUSE_BREAK.search(text[edge:t.start]) or t.lower in _JOINS:
            break
        if t.content:
            right.append(t.stem)
            phrase_end = t.end
        elif not t.lower[0].isdigit() and len(right) == 0:
            # "15 of the new routes": keep reading past small words
            pass
        edge = t.end
    return (tuple(map(plain_degree, left)), tuple(map(plain_degree, right)),
            phrase_start, phrase_end)


def plain_degree(stem: str) -> str:
    """A comparative's stem as its adjective's, so "four times higher" and "twice as
    high" bind to the same word (the stemmer keeps "higher", "larger" whole); a word
    of a synonym group as its group's ("dropped" / "fell")."""
    plain = same_sense(stem[:-2] if len(stem) >= 5 and stem.endswith("er") else stem)
    return _COUNTED_AS_ONE.get(plain, plain)


#: Nouns that count the same people when a figure counts them ("2,300 staff" / "employs
#: 2,300 people"): read as one only beside a number, never as words of the claim
#: ("people" is no synonym of "staff" in general; "jobs" at risk are another role).
_COUNTED_AS_ONE = {stem: "staff" for stem in ("staff", "worker", "employe", "peopl",
                                              "personnel", "workforc")}
#: Words that may stand between a figure and the noun it is the value of ("profit of
#: $3m", "profit was $610m", "revenue of about $2bn").
_MEASURE_GLUE = frozenset("of was were is are at a an the".split()) | _QUALIFIERS  # noqa: SIM905
#: One of these must be among them: with only a qualifier or "at" between, the word
#: before is more often a verb ("attracts about 250,000 visitors", "frozen at £2") than
#: the thing measured.
_MEASURE_LINK = frozenset("of was were is are".split())  # noqa: SIM905


def _measure(tokens: list[Token], text: str, start: int) -> str:
    """The stem of the noun a figure is the value of: the content word right before it
    when only "of", "was", "is" and qualifiers stand between, one of them a link word
    ("of", "was", "is"...); "" otherwise."""
    linked = False
    for t in reversed([t for t in tokens if t.end <= start]):
        if t.content:
            if t.lower in NUMBER_WORDS or t.lower in _FRACTION_WORDS:
                return ""  # "Twenty of the 40 paintings", "half of the 40": no noun
            between = text[t.end:start]
            return (plain_degree(t.stem) if linked and not CLAUSE_BREAK.search(between)
                    else "")
        if t.lower not in _MEASURE_GLUE:
            return ""
        linked = linked or t.lower in _MEASURE_LINK
    return ""


def _from_bound(text: str, start: int, phrase_start: int) -> int:
    """Where a figure's phrase starts once the bound written right before the figure
    is in it: a quote of the source's "Nearly a third of the shop units" or "More than
    2,000 people" must not drop the "Nearly" or the "More than"."""
    prefix = text[max(0, start - 24):start]
    for bound in (_NOT_MORE, _NOT_FEWER, _AT_LEAST, _AT_MOST, _APPROX):
        m = bound.search(prefix)
        if m:
            return min(phrase_start, start - len(prefix) + m.start())
    return phrase_start


def _bound(prefix: str) -> str:
    # "no more than 300" is at most 300, "no fewer than 300" at least: read first
    if _NOT_MORE.search(prefix):
        return "at_most"
    if _NOT_FEWER.search(prefix):
        return "at_least"
    if _AT_LEAST.search(prefix):
        return "at_least"
    if _AT_MOST.search(prefix):
        return "at_most"
    if _APPROX.search(prefix):
        return "approx"
    return ""


def mentions(text: str) -> list[Mention]:
    """The numbers of ``text`` (a claim or one source sentence) with what they bind to."""
    tokens = tokenize(text)
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in MULTIPLIER.finditer(text):
        g = m.groupdict()
        if g["twice"]:
            value = Decimal(2)
        elif g["thrice"]:
            value = Decimal(3)
        elif g["four"]:
            value = Decimal(4)
        elif g["once"]:
            value = Decimal(1)
        elif g["half"]:
            if m.group().casefold() == "half" and not re.match(r"\s+(?:as|the)\b",
                                                              text[m.end():]):
                continue  # "half of the votes" is a share, handled as a count word
            value = Decimal("0.5")
        elif g["x"]:
            value = Decimal(g["x"])
        else:
            word = g["n"].casefold()
            try:
                value = Decimal(_TIMES_WORDS.get(word, word))
            except InvalidOperation:
                continue
        left, right, ps, pe = _window(tokens, text, m.start(), m.end())
        out.append(Mention(value, "times", m.group(), m.start(), m.end(), frozenset(),
                            left, right, "", None, text[ps:pe], spelled=True))
        taken.append((m.start(), m.end()))
    for m in SHARE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        frac = re.sub(r"[\s-]", "", m.group("frac").casefold())
        left, right, ps, pe = _window(tokens, text, m.start(), m.end())
        ps = _from_bound(text, m.start(), ps)
        # a share in words is a round figure by nature: read like "about 25%"
        out.append(Mention(Decimal(_SHARES[frac]), "percent", m.group(), m.start(),
                            m.end(), frozenset(), left, right, "approx", None,
                            text[ps:pe], spelled=True, share=True))
        taken.append((m.start(), m.end()))
    for m in FRACTION_CHANGE.finditer(text):
        part = _FRACTIONS[(m.group("frac") or m.group("bare")).casefold()]
        value = (1 - part if m.group("down") else 1 + part).quantize(Decimal("0.001"))
        left, right, ps, pe = _window(tokens, text, m.start(), m.end())
        # what falls is between the verb and "by" ("cut its carbon emissions by a third")
        inside = tuple(t.stem for t in tokens
                       if t.content and m.end("down" if m.group("down") else "up") <= t.start
                       and t.end <= m.start("by"))
        out.append(Mention(value, "times", m.group(), m.start(), m.end(), frozenset(),
                            left, inside + right, "", None, text[ps:pe], spelled=True))
        taken.append((m.start(), m.end()))
    for n in extract_numbers(text):
        if any(s <= n.start < e for s, e in taken):
            continue
        try:
            # a date's value is its key's digits: 1998-05-04 -> 19980504
            digits = "".join(c for c in n.key if c.isdigit())
            value = Decimal(digits) if n.is_date else Decimal(n.key.rstrip("%sth"))
        except InvalidOperation:
            continue
        end = n.end
        half = _AND_A_HALF.match(text, end)
        if half is not None and not n.is_date:  # "two and a half years" is 2.5 years
            value, end = value + Decimal("0.5"), half.end()
        left, right, ps, pe = _window(tokens, text, n.start, end)
        ps = _from_bound(text, n.start, ps)
        in_range = bool(_RANGE_AFTER.match(text[n.end:n.end + 16])
                        or _RANGE_BEFORE.search(text[max(0, n.start - 12):n.start]))
        kind = _kind(n)
        if kind == "count" and _CURRENCY_AFTER.match(text, end):
            kind = "money"  # "1.31 billion pounds" is "£1.31bn"
        out.append(Mention(value, kind, text[n.start:end], n.start, end, n.keys, left, right,
                            # "50M+" is "more than 50M"
                            "at_least" if text[end:end + 1] == "+" else
                            "" if _OVER_SPAN.search(text[max(0, n.start - 24):n.start])
                            and _SPAN_UNIT.match(text, end) else
                            _bound(text[max(0, n.start - 24):n.start]), n, text[ps:pe],
                            in_range, n.is_word, _measure(tokens, text, n.start)))
    # whose figure it is, when a name says it ("the Green candidate on 9,870 votes"),
    # and every word of its clause ("while herring landings slipped to 23,000 tonnes")
    caps = {plain_degree(t.stem) for t in tokens[1:] if t.content and t.text[:1].isupper()}
    breaks = [0, *(i for b in CLAUSE_BREAK.finditer(text) for i in b.span()), len(text)]
    out = [replace(m, names=frozenset(m.left + m.right) & caps,
                   clause=_clause_stems(tokens, breaks, m.start, m.end),
                   label=m.kind == "count" and _labels(tokens, m.start))
           for m in out]
    return _read_with_neighbours(out, text)


# "12 million euros ($13.1 million)": the amount in brackets is the one before it,
# converted, and bound to what it is bound to
_CONVERTED = re.compile(r"\A\s*[^\W\d_]*\s*\(\s*(?:about|around|roughly|approx\.?|or|some)?\s*\Z",
                        re.IGNORECASE)


# "revenue of A$1.84 billion on Tuesday, up 6 percent from a year earlier": a change
# after a comma, with nothing of its own before it, is the change of the figure before
_CHANGE_OF_IT = re.compile(r"[^.;:()]*,\s*(?:up|down)\s*\Z", re.IGNORECASE)


def _read_with_neighbours(found: list[Mention], text: str) -> list[Mention]:
    """What a figure says through the one before it: a conversion, a change after a
    comma; and a change "to" an amount of money is no range ("rose 4 percent to 2.3
    billion crowns"; "4 to 6 percent", "from 5 percent to 4.75" are ranges)."""
    by_start = sorted(range(len(found)), key=lambda i: found[i].start)
    for before, at in itertools.pairwise(by_start):
        first, second = found[before], found[at]
        between = text[first.end:second.start]
        if (first.kind == "percent" and second.kind == "money" and first.in_range
                and re.fullmatch(r"\s+to\s+", between)):
            found[before] = replace(first, in_range=False)
        if first.kind == second.kind == "money" and _CONVERTED.match(between):
            found[at] = replace(second, left=first.left, right=first.right,
                                names=first.names, measure=first.measure)
        elif (second.kind == "percent" != first.kind and not second.left
                and _CHANGE_OF_IT.match(between)):
            found[at] = replace(second, left=first.left, names=first.names)
    return found


#: Words after which a number names rather than counts ("type 1 diabetes", "Season 20").
_LABELS = frozenset("type season series level phase stage class category grade version "
                    "position number no chapter round episode part route platform gate "
                    "room flight article section clause page".split())  # noqa: SIM905


def _labels(tokens: list[Token], start: int) -> bool:
    """Whether the word right before the number at ``start`` makes it a label."""
    before = [t for t in tokens if t.end <= start][-1:]
    return bool(before) and before[0].lower in _LABELS


def _clause_stems(tokens: list[Token], breaks: list[int], start: int, end: int) -> frozenset[str]:
    """The content stems between the clause breaks around ``start``..``end``."""
    left = max(b for b in breaks if b <= start)
    right = min(b for b in breaks if b >= end)
    return frozenset(plain_degree(t.stem) for t in tokens
                     if t.content and left <= t.start and t.end <= right)


# Mentions of a source sentence, read once per index however many claims cite it.
_MENTIONS: weakref.WeakKeyDictionary[SourceIndex, dict[int, list[Mention]]] = (
    weakref.WeakKeyDictionary())


def sentence_mentions(index: SourceIndex, k: int) -> list[Mention]:
    """The figures of source sentence ``k``, read once per index."""
    cache = _MENTIONS.setdefault(index, {})
    found = cache.get(k)
    if found is None:
        text = sentence_text(index, k)
        has = (index.sentence_numbers[k] or MULTIPLIER.search(text)
               or FRACTION_CHANGE.search(text) or SHARE.search(text))
        found = cache[k] = mentions(text) if has else []
    return found


def sentence_text(index: SourceIndex, k: int) -> str:
    """The text of source sentence ``k``."""
    s, e = index.sentences[k]
    return index.text[s:e]


# How news copy gives an age: "a 58-year-old man", "58 years old", "aged 58", "at the age
# of 58", and the bare number set off after a name or noun ("the man, 58, had", "Ruiz (58)")
_AGE_AFTER = re.compile(r"\A[\s-]years?[\s-]old\b", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\b(?:aged|age\s+of)\s+\Z", re.IGNORECASE)
_SET_OFF = re.compile(r"[^\W\d_]\s*(?:,\s*|\()\Z")
_SET_OFF_END = re.compile(r"\A\s*[,)]")


def is_age(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is written as someone's age."""
    before, after = text[max(0, start - 16):start], text[end:end + 12]
    return bool(_AGE_AFTER.match(after) or _AGE_BEFORE.search(before)
                or (_SET_OFF.search(before) and _SET_OFF_END.match(after)))


def age_words(text: str, end: int) -> int:
    """How many characters after a number at ``end`` say it is an age ("-year-old")."""
    match = _AGE_AFTER.match(text[end:end + 12])
    return match.end() if match else 0
