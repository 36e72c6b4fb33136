"""Numbers in text: figures, percentages, money and dates, with canonical keys to match
a claim's numbers against a source's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .kept import KEPT_TEXT_CHARS, _keep

_NUMBERS_KEPT: dict[str, tuple[NumberMention, ...]] = {}


_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")]
    )
    for m in names
}
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_SCALES = {
    "hundred": 2, "hundred thousand": 5,
    "thousand": 3, "k": 3, "million": 6, "mn": 6, "m": 6, "mln": 6, "billion": 9, "bn": 9,
    "b": 9, "bln": 9, "trillion": 12, "tn": 12, "trn": 12,
}
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
}
#: Ordinal words, read as their number where they qualify a noun ("a third term", "their
#: tenth successive win"), never as a fraction ("a third of", "cut by a tenth"). "First"
#: is left out: "at first", "first proposed", "the first time" say no count.
_ORDINAL_WORDS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}
_ORDINAL_ONES = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                 "seventh": 7, "eighth": 8, "ninth": 9}
#: A day of the month in words ("the first of September"): up to "thirty-first".
_DAY_WORDS = {**{"first": 1}, **_ORDINAL_WORDS,
              **{f"twenty{sep}{w}": 20 + n for w, n in _ORDINAL_ONES.items()
                 for sep in ("-", " ")},
              "thirtieth": 30, "thirty-first": 31, "thirty first": 31}
_DAY_WORD_RE = "|".join(sorted(_DAY_WORDS, key=len, reverse=True))
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9}
#: Currencies written out after a figure ("1.2bn dollars", "1.31 billion pounds").
CURRENCY_WORDS: frozenset[str] = frozenset(
    "dollar dollars euro euros pound pounds sterling yen yuan rupee rupees franc francs "
    "crown crowns kronor kroner shilling shillings peso pesos rand won reais".split())  # noqa: SIM905
#: Number words, for readers that must not take one for the thing a figure counts.
NUMBER_WORDS: frozenset[str] = frozenset(_NUMBER_WORDS)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# A unit glued to a figure ("41C", "12km", "90kg") is part of it: the value is the
# number ("41C" and "41 degrees" share the key 41), and the figure is read as one.
_NUMBER_RE = re.compile(
    rf"""
    (?P<date_mdy>\b(?P<m1>{_MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?\b)
  | (?P<date_dmy>\b(?:(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?
        |(?P<dw>{_DAY_WORD_RE})\s+of\s+)(?P<m2>{_MONTH_RE})
        (?:,?\s+(?P<y2>\d{{4}}))?\b)
  | (?P<date_my>\b(?P<m3>{_MONTH_RE})(?:\s+of)?,?\s+(?P<y3>\d{{4}})\b)
  | (?P<time>\b(?P<hh>\d{{1,2}})(?:[:.](?P<mm>\d{{2}}))?\s?(?P<ampm>[ap]\.?m\.?)(?!\w)
        |\b(?P<hh24>[01]?\d|2[0-3]):(?P<mm24>[0-5]\d)\b)
  | (?P<date_iso>\b(?P<y4>\d{{4}})[-/](?P<m4>\d{{2}})[-/](?P<d4>\d{{2}})\b)
  | (?P<date_num>\b(?P<a5>\d{{1,2}})(?P<sep>[/.])(?P<b5>\d{{1,2}})(?P=sep)(?P<y5>\d{{4}})\b)
  | (?P<num>
        (?P<cur>[$€£¥]|\b(?:us\$|a\$|c\$|nz\$|hk\$|s\$|usd|eur|gbp|rs\.?|inr)\s?)?
        (?<![\w.])(?P<val>{_NUM})
        (?:\s?(?P<pct>%|percent\b|per\s+cent\b|pct\b))?
        (?:(?:\s?|-(?=thousand|million|billion|trillion))
            (?P<scale>thousand|million|billion|trillion|mn|mln|bn|bln|tn|trn|k|m|b)\b)?
        (?P<unit>°\s?[cf]?|(?:km|kg|cm|mm|mph|kph|ft|lbs?|ha|kwh|kw|mw|gw|c|f)(?![a-z]))?
        (?P<ord>st|nd|rd|th|s)?(?!\w)(?![.,]\d)
    )
  | (?P<ordw>(?<!by\sa\s)(?<!one\s)\b(?:(?P<otens>{"|".join(_TENS)})[-\s]
        (?P<oones>{"|".join(_ORDINAL_ONES)})|{"|".join(_ORDINAL_WORDS)})
        (?=[\s-]+(?!(?:of|to|in|on|at|by|than|from|as|and|or)\b)[a-z]))
  | (?P<word>\b(?:(?P<tens>{"|".join(_TENS)})[-\s](?P<ones>{"|".join(_ONES)})\b
        |(?:{"|".join(_NUMBER_WORDS)})\b)
        (?:\s+(?P<wscale>hundred\s+thousand|hundred|thousand|million|billion|trillion
            |dozen\b))?
        (?:\s?(?P<wpct>percent\b|per\s+cent\b))?)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Every match of _NUMBER_RE starts at a digit, a currency sign, a "." before a digit,
# or at the start of a word that begins with a month, currency or number word.
# Searching only from those places finds the same matches as ``finditer`` at a
# fraction of the cost: the full pattern is tried wherever a match could start, and
# nowhere else. The words are looked for in the lower-cased text, with the same
# offsets as the text.
_NUMBER_KEYWORDS = tuple(
    "jan feb mar apr may jun jul aug sep oct nov dec us eur gbp rs inr".split()  # noqa: SIM905
) + tuple(_NUMBER_WORDS) + tuple(_ORDINAL_WORDS) + ("first",)
# A run of digits is one start (inside it there is no \b, and the number alternative
# wants no word character before it), and so is a currency sign with the digits after
# it (a sign before a digit always opens a match). A "." counts before a digit only.
_NUMBER_SIGN_RE = re.compile(r"[$€£¥\d]\d*")
_NUMBER_DOT_RE = re.compile(r"\.(?=\d)")
_DOLLAR_PREFIX_RE = re.compile(r"\b(?:us|a|c|nz|hk|s)\$", re.IGNORECASE)


def _keyword_pattern() -> str:
    by_first: dict[str, list[str]] = {}
    for word in _NUMBER_KEYWORDS:
        by_first.setdefault(word[0], []).append(word[1:])
    # one branch per first letter, so the search skips other letters at C speed
    return "|".join(f"{first}(?:{'|'.join(sorted(rests))})" for first, rests in by_first.items())


_NUMBER_KEYWORD_RE = re.compile(_keyword_pattern())
#: Texts shorter than this are searched by the full pattern alone (as fast there).
_PREFILTER_FROM = 200


def _number_matches(text: str) -> list[re.Match[str]]:
    """The matches of ``_NUMBER_RE.finditer(text)``, in order."""
    if len(text) < _PREFILTER_FROM:
        return list(_NUMBER_RE.finditer(text))
    # IGNORECASE matches "İ", "ı" and "ſ" to "i", "i" and "s"; "İ" alone lengthens
    # under lower(): spelled as the letters they match, the offsets stay the same
    low = text.replace("İ", "i").lower().replace("ı", "i").replace("ſ", "s")
    if len(low) != len(text):  # never, by Unicode's case mappings; but should it
        return list(_NUMBER_RE.finditer(text))
    starts = [m.start() for m in _NUMBER_SIGN_RE.finditer(text)]
    starts += [m.start() for m in _NUMBER_DOT_RE.finditer(text)]
    if "$" in text:  # "A$1.5 billion" opens at its letters
        starts += [m.start() for m in _DOLLAR_PREFIX_RE.finditer(text)]
    for word in _NUMBER_KEYWORD_RE.finditer(low):
        at = word.start()
        before = text[at - 1] if at else " "
        # inside a word there is no \b, and every keyword alternative opens with one
        if not (before.isalnum() or before == "_"):
            starts.append(at)
    starts.sort()
    out = []
    match = _NUMBER_RE.match
    pos = 0
    for at in starts:
        if at < pos:
            continue
        found = match(text, at)
        if found is not None:
            out.append(found)
            pos = found.end()
    return out


# a decade's part: "the early 1990s" is 1990 to 1993, "the late 1990s" 1996 to 1999
_DECADE_PART_BEFORE = re.compile(r"\b(early|mid|late)[\s-]+\Z", re.IGNORECASE)
_DECADE_KEY = re.compile(r"(\d{3})0s(?:-(early|mid|late))?")
_DECADE_PART = {"": (0, 9), "early": (0, 3), "mid": (3, 6), "late": (6, 9)}


@dataclass(frozen=True)
class NumberMention:
    text: str  # as written
    start: int
    end: int
    key: str  # the most specific canonical key: what a source must contain
    keys: frozenset[str]  # every key this mention satisfies when it is in a source
    is_date: bool = False
    is_word: bool = False  # spelled out ("three"): matched, but never reported missing


def _canon(value: Decimal) -> str:
    value = value.normalize()
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _folded_word(word: str) -> str:
    """``word`` case-folded as IGNORECASE matched it: a dotless or dotted capital i is
    an "i" ("nıne", "MİLLİON"), where ``casefold`` alone would leave it unknown."""
    return word.casefold().replace("ı", "i").replace("i̇", "i")


def extract_numbers(text: str) -> list[NumberMention]:
    """Numbers, percentages, money and dates in ``text`` with canonical keys.

    ``58%`` and ``58 percent`` share the key ``58%``; ``$14.3 billion`` and ``14.3bn``
    share ``14300000000``; ``April 8, 2026`` and ``8 April 2026`` share ``2026-04-08``.
    """
    short = len(text) <= KEPT_TEXT_CHARS
    if short:
        kept = _NUMBERS_KEPT.get(text)
        if kept is not None:
            return list(kept)
    out = _extract_numbers(text)
    if short:
        _keep(_NUMBERS_KEPT, text, tuple(out))
    return out


def _extract_numbers(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in _number_matches(text):
        g = m.groupdict()
        raw = m.group().strip()
        start = m.start()
        if g["num"] is not None:
            try:
                value = Decimal(g["val"].replace(",", ""))
            except InvalidOperation:
                continue
            scale = _folded_word(g["scale"] or "")
            # a lone "m"/"b"/"k" is a scale only right after money or a decimal
            # (or written in capitals against the figure: "50M+ connections", "a 9B
            # deal"; "50m" may be metres)
            if scale in {"m", "b"} and not (g["cur"] or "." in g["val"]
                                            or (g["scale"] in ("M", "B")
                                                and m.start("scale") == m.end("val"))):
                scale = ""
            if scale:
                value = value.scaleb(_SCALES[scale])
            canon = _canon(value)
            keys = {canon}
            key = canon
            if g["pct"]:
                key = canon + "%"
                keys.add(key)
            elif (g["ord"] and g["ord"].casefold() == "s" and g["val"].isdigit()
                  and (len(g["val"]) == 4 or (len(g["val"]) == 2 and g["val"][1] == "0"))):
                key = canon + "s"  # a decade: "1990s", "in his 40s"
                keys.add(key)
                part = _DECADE_PART_BEFORE.search(text, max(0, m.start() - 12), m.start())
                if part and len(g["val"]) == 4:  # "the late 1990s": the word is the figure's
                    key = f"{key}-{part.group(1).casefold()}"
                    keys.add(key)
                    start, raw = part.start(), text[part.start():m.end()]
            elif g["ord"] and g["ord"].casefold() != "s":
                keys.add(canon + "th")  # "10th" is also what "tenth" says ("787s" is none)
            out.append(NumberMention(raw, start, m.end(), key, frozenset(keys)))
        elif g["ordw"] is not None:
            # keyed as an ordinal only: "their fifth win" is not backed by "five wins"
            if g["otens"]:  # "twenty-second"
                rank = (_NUMBER_WORDS[_folded_word(g["otens"])]
                        + _ORDINAL_ONES[_folded_word(g["oones"])])
            else:
                rank = _ORDINAL_WORDS[_folded_word(raw)]
            key = f"{rank}th"
            out.append(NumberMention(raw, m.start(), m.end(), key, frozenset({key}),
                                     is_word=True))
        elif g["word"] is not None:
            if g["tens"]:  # "seventy-five", "twenty one"
                base = _NUMBER_WORDS[_folded_word(g["tens"])] + _ONES[_folded_word(g["ones"])]
            else:
                base = _NUMBER_WORDS[_folded_word(m.group().split()[0])]
            value = Decimal(base)
            wscale = " ".join(_folded_word(g["wscale"] or "").split())
            if wscale == "dozen":  # "two dozen" is 24, not 2 and 12
                value *= 12
            elif wscale:  # "twelve hundred" is 1,200, "five hundred thousand" 500,000
                value = value.scaleb(_SCALES[wscale])
            canon = _canon(value)
            key = canon + "%" if g["wpct"] else canon
            out.append(
                NumberMention(raw, m.start(), m.end(), key, frozenset({canon, key}), is_word=True)
            )
        elif g["time"]:
            mention = _time_of_day(raw, m.start(), m.end(), g)
            if mention is not None:
                out.append(mention)
        elif g["date_num"]:
            mention = _numeric_date(raw, m.start(), m.end(), int(g["a5"]), int(g["b5"]),
                                    int(g["y5"]))
            if mention is not None:
                out.append(mention)
        else:
            if g["date_iso"]:
                y, mo, d = int(g["y4"]), int(g["m4"]), int(g["d4"])
            else:
                mname = (g["m1"] or g["m2"] or g["m3"]).casefold().rstrip(".")
                mo = _MONTHS.get(mname, 0)
                d = (int(g["d1"] or g["d2"] or 0)
                     or _DAY_WORDS.get((g["dw"] or "").casefold(), 0))
                y = int(g["y1"] or g["y2"] or g["y3"] or 0)
                # "may 5" is a date, "may" alone (the verb) never reaches here
                if mname == "may" and not (d or y):
                    continue
            if not mo or d > 31:
                continue
            keys = set()
            if y and d:
                key = f"{y:04d}-{mo:02d}-{d:02d}"
                keys |= {key, f"{y:04d}-{mo:02d}", f"--{mo:02d}-{d:02d}", str(y)}
            elif d:
                key = f"--{mo:02d}-{d:02d}"
                keys.add(key)
            else:
                key = f"{y:04d}-{mo:02d}"
                keys |= {key, str(y)}
            out.append(NumberMention(raw, m.start(), m.end(), key, frozenset(keys), True))
    return _day_ranges(text, out)


_RANGE_JOIN_RE = re.compile(r"\s*(?:-|–|—|to|through|until|till|and)\s*\Z", re.IGNORECASE)


def _day_ranges(text: str, mentions: list[NumberMention]) -> list[NumberMention]:
    """A bare day joined to a date gets that date's month (and year): "from 9 to 13 June
    2025" holds 9 June 2025 as well, "June 9 to 13" holds June 13."""
    out = list(mentions)
    for i, (a, b) in enumerate(zip(mentions, mentions[1:], strict=False)):
        if not _RANGE_JOIN_RE.match(text[a.end : b.start]):
            continue
        if _is_bare_day(a) and _day_date(b):
            out[i] = _as_day_of(a, b)
        elif _is_bare_day(b) and _day_date(a):
            out[i + 1] = _as_day_of(b, a)
    return out


def _day_date(n: NumberMention) -> bool:
    """A date with a day: "2025-06-13" or "--06-13" (not a month, "2025-06")."""
    return n.is_date and (n.key.startswith("--") or n.key.count("-") == 2)


def _is_bare_day(n: NumberMention) -> bool:
    return not (n.is_date or n.is_word) and n.key.isdigit() and 1 <= int(n.key) <= 31 \
        and n.text.isdigit()


def _as_day_of(day: NumberMention, date: NumberMention) -> NumberMention:
    year, month = date.key[:4] if not date.key.startswith("--") else "", date.key[-5:-3]
    d = int(day.key)
    keys = {f"--{month}-{d:02d}"}
    key = f"--{month}-{d:02d}"
    if year:
        key = f"{year}-{month}-{d:02d}"
        keys |= {key, f"{year}-{month}", year}
    return NumberMention(day.text, day.start, day.end, key, frozenset(keys | {day.key}), True)


def _time_of_day(raw: str, start: int, end: int, g: dict[str, str | None]
                 ) -> NumberMention | None:
    """"11.30pm", "11pm", "23:30", "9 a.m.": one time of day, keyed on the 24-hour clock
    ("t23:30"), so "at around 23:30" is "at about 11.30pm" and neither is two numbers."""
    if g["hh24"] is not None:
        hours, minutes = int(g["hh24"]), int(g["mm24"] or 0)
    else:
        hours, minutes = int(g["hh"] or 0), int(g["mm"] or 0)
        if not 1 <= hours <= 12 or minutes > 59:
            return None
        pm = (g["ampm"] or "").casefold().startswith("p")
        hours = hours % 12 + (12 if pm else 0)
    key = f"t{hours:02d}:{minutes:02d}"
    return NumberMention(raw, start, end, key, frozenset({key}), is_date=True)


def _numeric_date(raw: str, start: int, end: int, a: int, b: int, y: int) -> NumberMention | None:
    """"31/01/2025", "01/31/2025", "3.5.2020": the day is the part over 12 when one is;
    when both could be the month, the mention carries both readings (its key is the
    day-first one, as written outside the United States)."""
    readings = [(d, mo) for d, mo in ((a, b), (b, a)) if 1 <= mo <= 12 and 1 <= d <= 31]
    if not readings:
        return None
    keys = set()
    for d, mo in dict.fromkeys(readings):
        keys |= {f"{y:04d}-{mo:02d}-{d:02d}", f"{y:04d}-{mo:02d}", f"--{mo:02d}-{d:02d}"}
    keys.add(str(y))
    d, mo = readings[0]
    return NumberMention(raw, start, end, f"{y:04d}-{mo:02d}-{d:02d}", frozenset(keys), True)


_RANGE_TAIL_RE = re.compile(r"\d{4}\s?[-–]\s?$")
_LIST_MARK_RE = re.compile(r"\A\s*\d{1,2}[.)](?:\s|\Z)")


def claim_numbers(text: str) -> list[NumberMention]:
    """The numbers of a claim that a source must contain.

    Spelled-out small numbers are left out (sources paraphrase them freely), as are a
    list marker opening the claim ("4. Turn on the diffuser") and the short tail of a
    year range ("2018–19").
    """
    out = []
    for n in extract_numbers(text):
        if n.is_word and (not n.key.endswith("%") or n.text[:7].casefold() == "hundred"):
            # (a percentage in words is a figure, "Twenty-five percent"; "One hundred
            # percent", read from its "hundred", is "all", which a page says otherwise)
            continue
        if n.start == len(text) - len(text.lstrip()) and _LIST_MARK_RE.match(text):
            continue
        if len(n.text) <= 2 and _RANGE_TAIL_RE.search(text[: n.start]):
            continue
        out.append(n)
    return out


def number_found(mention: NumberMention, keys: frozenset[str] | set[str]) -> bool:
    """Whether a claim's number is among a source's number keys (a decade, "the late
    1990s", also where the source gives a year of it: "closed in 1998")."""
    if mention.key in keys:
        return True
    decade = _DECADE_KEY.fullmatch(mention.key)
    if decade:
        first, last = _DECADE_PART[decade.group(2) or ""]
        start = int(decade.group(1)) * 10
        # (not the decade's own key: "the 1990s" also gives "1990")
        return any(len(k) == 4 and k.isdigit() and start + first <= int(k) <= start + last
                   and f"{k}s" not in keys for k in keys)
    if mention.is_date and len(mention.key) == 10:
        # a full date also counts when the source gives day-month and the year apart
        y, mo, d = mention.key.split("-")
        return f"--{mo}-{d}" in keys and y in keys
    return False
