"""The checks of a claim's single facts against a source: its numbers (and their
units and qualifiers), names and quotations."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .index import SourceIndex
from .numbers import CURRENCY_WORDS, NumberMention, number_found
from .places import place_words
from .short_forms import short_form_used, written_out
from .text import Token, fold_alnum, is_short_form, name_words, quote_parts

#: A quotation found only at this partial_ratio or above is a near miss, not a miss.
NEAR_QUOTE = 80


def _number_hits(numbers: list[NumberMention], keys: frozenset[str] | set[str]) -> list[bool]:
    return [number_found(n, keys) for n in numbers]


def _passage_numbers(index: SourceIndex, pid: int, pad: int = 1) -> set[str]:
    p = index.passages[pid]
    out: set[str] = set()
    for k in range(max(0, p.first - pad), min(len(index.sentences), p.last + 1 + pad)):
        out |= index.sentence_numbers[k]
    return out


def _name_found(name: str, index: SourceIndex) -> bool:
    """At least half the words of the name are in the source ("Thomas Arnold" for
    "Thomas K. Arnold", "National Film Registry" for "United States National Film
    Registry"), or the name written without its dots ("US" for "U.S."), or a short
    form the source writes out ("EU" for "the European Union"), or the name in full where
    the source abbreviates it ("National Health Service" for "NHS")."""
    words = name_words(name)
    if not words:
        return True
    # a word of the name may be a short form the source writes out ("US GDP")
    short = {folded[0]: part for part in name.split()
             if is_short_form(part.strip(",;:'’")) and (folded := name_words(part))}
    found = {w for w in words if w in index.words
             # "Croatian" / "Croatia", "Montana" / "Mont."
             or not place_words(w).isdisjoint(index.words)
             or (w in short and (written_out(short[w].strip(",;:'’"), index) is not None
                                 # initials written with dots: "JD" / "J.D. Vance"
                                 or f" {' '.join(w)} " in f" {index.folded} "))}
    # half the words will do ("Thomas K. Arnold"), but not without its short form:
    # "EU GDP" is not "the United States economy"
    if 2 * len(found) >= len(words) and short.keys() <= found:
        return True
    if "".join(words) in index.words:
        return True
    if is_short_form(name.strip()):
        return written_out(name.strip(), index) is not None
    # the claim writes out what the source abbreviates ("National Health Service")
    return short_form_used(name, index) is not None


def _quote_check(quotes: list[str], index: SourceIndex) -> tuple[list[str], list[str]]:
    """Quotations absent from the source, and those found only approximately.

    Compared on words alone (case, quote marks, punctuation and spacing folded); the
    pieces of a quotation cut with an ellipsis are looked up one by one.
    """
    missing: list[str] = []
    near: list[str] = []
    padded = f" {index.folded} "
    for q in quotes:
        worst: float | None = None  # the weakest piece's match; None: all verbatim
        for part in quote_parts(q):
            fq = fold_alnum(part)
            if not fq or f" {fq} " in padded:
                continue
            score = fuzz.partial_ratio(fq, index.folded)
            worst = score if worst is None else min(worst, score)
        if worst is None:
            continue
        (missing if worst < NEAR_QUOTE else near).append(q)
    return missing, near


#: Words that qualify the number after them ("nearly 40%", "more than $2 billion"): part
#: of the figure, which the number checks compare, not words the passage must repeat.
NUMBER_QUALIFIERS = frozenset(
    "about around approximately roughly nearly almost some over under more less fewer "
    "than least most up to just estimated an".split())  # noqa: SIM905


def _figure_words_plain(tokens: list[Token], spans: list[tuple[int, int]]) -> list[Token]:
    """``tokens`` with the words of each figure (``spans``) made non-content: the scale
    or unit inside it ("£85 million", "3 per cent": the source may write "£85m", "3%")
    and the qualifiers before it. The figure itself is checked as a number."""
    if not spans:
        return tokens
    out = list(tokens)
    for i, t in enumerate(tokens):
        if t.content and any(s <= t.start and t.end <= e for s, e in spans):
            out[i] = t._replace(content=False)
    for s, _ in spans:
        i = next((j for j, t in enumerate(tokens) if t.start >= s), len(tokens)) - 1
        while i >= 0 and tokens[i].lower in NUMBER_QUALIFIERS:
            out[i] = out[i]._replace(content=False)
            i -= 1
    return out


#: How a source may write a unit the claim spells out ("12 kilometres": "12km",
#: "12-kilometre"; "41 degrees Celsius": "41C", "41°C"), by the unit word's stem.
_KM, _M, _CM = "km|kilometres?|kilometers?", "m|metres?|meters?", "cm|centimetres?|centimeters?"
_MM, _L = "mm|millimetres?|millimeters?", "l|litres?|liters?"
UNIT_FORMS = {
    # (the American spellings stem apart: "meters" -> "meter", "centimeters" -> "centimet")
    "kilometr": _KM, "kilomet": _KM, "metr": _M, "meter": _M, "centimetr": _CM,
    "centimet": _CM, "millimetr": _MM, "millimet": _MM, "litr": _L, "liter": _L,
    "mile": "mi|miles?", "kilogram": "kg|kilos?|kilograms?", "tonn": "t|tonnes?|tons?",
    "degre": "°?c|°?f|°|degrees?", "feet": "ft|foot|feet", "foot": "ft|foot|feet",
    "hectar": "ha|hectares?", "acr": "acres?",
}
#: A scale word after a temperature names it: part of the unit.
_SCALE_NAMES = frozenset(("celsius", "fahrenheit", "centigrade"))


def _units_backed(claim: str, tokens: list[Token], numbers: list[NumberMention],
                  index: SourceIndex, sentences: list[int]) -> dict[str, tuple[int, int]]:
    """The claim's numbers with a unit word ("12 kilometres") that the searched
    sentences give with the same unit written short or glued ("12km", "41C"), each with
    the span of the number and its unit words."""
    out: dict[str, tuple[int, int]] = {}
    for n in numbers:
        after = [t for t in tokens if t.start >= n.end][:2]
        if not after or after[0].stem not in UNIT_FORMS or claim[n.end:after[0].start].strip():
            continue
        end = after[0].end
        if len(after) > 1 and after[1].lower in _SCALE_NAMES:
            end = after[1].end
        pattern = re.compile(rf"(?<![\w.$€£¥]){re.escape(n.text)}\s?-?"
                             rf"(?:{UNIT_FORMS[after[0].stem]})(?![\w])", re.IGNORECASE)
        for k in sentences:
            start, stop = index.sentences[k]
            if pattern.search(index.text, start, stop):
                out[n.text] = (n.start, end)
                break
    return out


#: Words a unit already says: "weighs 90,000 tonnes" is "the 90,000-tonne ship";
#: "stands 185 metres tall" is "the 185m tower". By the unit word's stem.
_MASS = frozenset(("tonn", "ton", "kilogram", "kg", "pound", "gram"))
_LENGTH = frozenset(("metr", "meter", "kilometr", "kilomet", "mile", "feet", "foot", "inch",
                     "centimetr", "centimet", "millimetr", "millimet"))
_SAID_BY_UNIT = {
    **{unit: frozenset(("weigh", "heavi")) for unit in _MASS},
    **{unit: frozenset(("measur", "span", "stretch", "stand", "long", "tall", "high", "wide",
                        "deep")) for unit in _LENGTH},
}


def _unit_words(tokens: list[Token], with_units: dict[str, tuple[int, int]],
                index: SourceIndex) -> list[tuple[int, int]]:
    """Spans of the verb before and the adjective after a figure with a unit the source
    backs ("weighs 90,000 tonnes", "185 metres tall"), when the source does not use the
    word: the unit says it."""
    out: list[tuple[int, int]] = []
    for start, end in with_units.values():
        inside = [t for t in tokens if start <= t.start < end]
        said = frozenset().union(*(_SAID_BY_UNIT.get(t.stem, frozenset()) for t in inside))
        before = [t for t in tokens if t.end <= start and t.lower not in NUMBER_QUALIFIERS][-1:]
        after = [t for t in tokens if t.start >= end][:1]
        out += [(t.start, t.end) for t in before + after
                if t.content and t.stem in said and t.stem not in index.stems]
    return out


def _currency_words(claim: str, numbers: list[NumberMention],
                    index: SourceIndex) -> list[tuple[int, int]]:
    """The spans of a found figure and the currency word after it: "1.2bn dollars" is the
    source's "$1.2 billion", the word "dollars" is the figure's, not a word to find."""
    out = []
    for n in numbers:
        match = re.match(r"\s+([A-Za-z]+)", claim[n.end:])
        if (match and match.group(1).casefold() in CURRENCY_WORDS
                and number_found(n, index.numbers)):
            out.append((n.start, n.end + match.end()))
    return out
