"""Which currency a money figure is in: "$12 million" is no match for "12 million euros
($13.1 million)", however equal the numbers."""

from __future__ import annotations

import re

from .numbers import CURRENCY_WORDS

# A sign or code before the figure, a word after it; each to one currency. The dollars
# of several countries ("A$", "C$") are one here: a claim rarely says which it means.
_BEFORE = re.compile(r"(?P<sign>[$€£¥]|\b(?:us\$|a\$|c\$|nz\$|hk\$|s\$|usd|eur|gbp|rs\.?|inr|"
                     r"chf|jpy|cny)\s?)",
                     re.IGNORECASE)
_AFTER = re.compile(
    rf"\s+(?P<word>{'|'.join(sorted(CURRENCY_WORDS, key=len, reverse=True))})\b",
    re.IGNORECASE)
_CURRENCY = {
    "$": "dollar", "us$": "dollar", "a$": "dollar", "c$": "dollar", "nz$": "dollar",
    "hk$": "dollar", "s$": "dollar", "usd": "dollar", "dollar": "dollar", "dollars": "dollar",
    "€": "euro", "eur": "euro", "euro": "euro", "euros": "euro",
    "£": "pound", "gbp": "pound", "pound": "pound", "pounds": "pound", "sterling": "pound",
    "¥": "yen or yuan", "jpy": "yen or yuan", "cny": "yen or yuan", "yen": "yen or yuan",
    "yuan": "yen or yuan", "renminbi": "yen or yuan",
    "rs": "rupee", "rs.": "rupee", "inr": "rupee", "rupee": "rupee", "rupees": "rupee",
    "chf": "franc", "franc": "franc", "francs": "franc",
}


def currency_at(text: str, start: int, end: int) -> str:
    """The currency of the money figure at ``text[start:end]``, or "" when it names none
    (or one this table does not know: then nothing is compared)."""
    figure = text[start:end]
    sign = _BEFORE.match(figure)
    if sign:
        key = sign["sign"].strip().casefold()
        return _CURRENCY.get(key, "")
    after = _AFTER.match(text, end)
    if after:
        return _CURRENCY.get(after["word"].casefold(), "")
    return ""


def currency_words(text: str, end: int) -> int:
    """How many characters after a figure at ``end`` name its currency ("euros")."""
    after = _AFTER.match(text, end)
    return after.end() - end if after else 0
