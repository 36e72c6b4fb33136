"""Short forms news copy writes for a longer name: "US" for "United States", "EU" for
"European Union", "Q4" for "the fourth quarter", "NHS" for "National Health Service".

A claim's short form counts as found when the source writes it out, so "paid users in
the US" is backed by "all paid users in the United States". Two sources of truth: a
short table of the forms whose long version is not their initials (or has several),
and, for any other capitalised abbreviation, capitalised words in the source whose
initials spell it ("National Health Service" for "NHS"; "of", "and", "the", "for"
between them are skipped). Both are exact: nothing is guessed from a near spelling.
"""

from __future__ import annotations

import re
import weakref
from functools import lru_cache

from .index import SourceIndex
from .text import extract_names, name_words, short_form_letters

#: Lower-cased short form -> the phrases that write it out, folded as
#: :func:`~app.evidence.text.fold_alnum` folds ("fourth-quarter" is "fourth quarter").
SPELLED_OUT: dict[str, tuple[str, ...]] = {
    "us": ("united states", "america", "american", "americans"),
    "usa": ("united states", "america"),
    "uk": ("united kingdom", "britain", "british"),
    "eu": ("european union", "european commission", "european parliament", "council of the eu"),
    "un": ("united nations",),
    "uae": ("united arab emirates",),
    "ai": ("artificial intelligence",),
    "q1": ("first quarter",),
    "q2": ("second quarter",),
    "q3": ("third quarter",),
    "q4": ("fourth quarter",),
    "h1": ("first half",),
    "h2": ("second half",),
    # titles, units and terms whose long form sources write in lower case, where the
    # capitalised initials cannot find it
    "ceo": ("chief executive",),
    "cfo": ("chief financial officer", "finance chief", "finance director"),
    "coo": ("chief operating officer",),
    "cto": ("chief technology officer",),
    "gdp": ("gross domestic product",),
    "ipo": ("initial public offering", "stock market listing"),
    "ev": ("electric vehicle", "electric car"),
    "suv": ("sport utility vehicle",),
    "hq": ("headquarters",),
    "kw": ("kilowatt",),
    "mw": ("megawatt",),
    "gw": ("gigawatt",),
    "kwh": ("kilowatt hour",),
    "mwh": ("megawatt hour",),
    "gwh": ("gigawatt hour",),
    "twh": ("terawatt hour",),
}

#: Words a name's initials skip ("National Health Service" / "NHS", "Bank of England").
_NAME_FILLERS = ("of", "and", "the", "for", "&")
_FILLERS = rf"(?:(?:{'|'.join(_NAME_FILLERS)})\s+)*"


@lru_cache(maxsize=512)
def _initials_pattern(short: str) -> re.Pattern[str]:
    # "NHS" -> N\w+ H\w+ S\w+ as separate capitalised words, fillers allowed between
    parts = [rf"{re.escape(c)}[\w'’-]*" for c in short.upper()]
    return re.compile(r"\b" + (r"\s+" + _FILLERS).join(parts) + r"\b")


@lru_cache(maxsize=64)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    # a plural "s" is the same thing: "EVs" for "electric vehicles"
    return re.compile(rf"(?<!\w){re.escape(phrase)}s?(?!\w)")


#: What each source was found to write out, by short form: a page is searched once
#: per short form, however many claims use it.
_FOUND: weakref.WeakKeyDictionary[SourceIndex, dict[str, str | None]] = (
    weakref.WeakKeyDictionary())


def written_out(short: str, index: SourceIndex) -> str | None:
    """The phrase of the source that writes ``short`` out, or None: a table phrase
    (looked up in the source folded as ``fold_alnum`` folds), or capitalised initials
    (in the source as written)."""
    key = short_key(short)
    found = _FOUND.setdefault(index, {})
    if key not in found:
        found[key] = _search(key, index)
    return found[key]


def short_key(short: str) -> str:
    """``short`` as the table and the initials look it up: no dots, no plural "s"
    ("U.S." -> "us", "EVs" -> "ev"), lower case."""
    return short_form_letters(short).casefold()


def _search(key: str, index: SourceIndex) -> str | None:
    for phrase in SPELLED_OUT.get(key, ()):
        first = phrase.split()[0]
        if ((first in index.words or first + "s" in index.words)
                and _phrase_pattern(phrase).search(index.folded)):
            return phrase
    if key.isalpha() and len(key) >= 3:
        match = _initials_pattern(key).search(index.text)
        if match is not None:
            return match.group()
    return None



def short_form_used(name: str, index: SourceIndex) -> str | None:
    """The short form of ``name`` the source uses instead, or None: the initials of its
    capitalised words ("NHS" for "National Health Service", "of", "and", "the", "for"
    skipped), or the table's short form ("US" for "United States"), written in the
    source as a short form is, in capitals."""
    words = [w for w in name.split() if w.casefold() not in _NAME_FILLERS]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    folded = " ".join(w.casefold().strip(",;:'’") for w in words)
    shorts = [k.upper() for k, phrases in SPELLED_OUT.items() if folded in phrases]
    if len(words) >= 3:
        shorts.append("".join(w[0] for w in words).upper())
    for short in shorts:
        # (the page's words first: a page is searched only for a short form it has)
        if (short.casefold() in index.words or f"{short.casefold()}s" in index.words) and (
                re.search(rf"(?<![\w.]){re.escape(short)}s?(?![\w])", index.text)):
            return short
    return None


def abbreviated_names(claim: str, index: SourceIndex) -> list[tuple[int, int]]:
    """The spans of the claim's names written out where the source abbreviates them
    ("National Health Service" / "NHS"): the name is backed as a whole, so its words
    are no words to find one by one."""
    out = []
    for name in extract_names(claim):
        if (not all(w in index.words for w in name_words(name))
                and short_form_used(name, index) is not None):
            start = claim.find(name)
            if start >= 0:  # (a name extract_names folded, "St. Louis", is left alone)
                out.append((start, start + len(name)))
    return out
