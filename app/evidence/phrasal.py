"""Phrasal verbs news copy swaps for one word: "stepped down" / "resigned", "called off"
/ "cancelled", "laid off" / "sacked", "turned down" / "rejected".

The particle is a stopword, so without this table "stepped down" is the word "step",
which no source saying "resigned" has. A claim's phrasal verb is matched by the
source's one-word verb, and a claim's one-word verb by the source's phrasal verb. A
short hand-made list like ``synonyms.py``: only phrases whose sense in news is the one
word's ("took over" is left out: a band's new drummer takes over too).
"""

from __future__ import annotations

import re
import weakref
from functools import cache

from .index import SourceIndex
from .text import Token, stem

# verb forms, particle, the one-word verbs it stands for
_TABLE = (
    ("step steps stepped stepping", "down", "resign quit"),
    ("call calls called calling", "off", "cancel scrap"),
    ("lay lays laid laying", "off", "dismiss sack"),
    ("shut shuts shutting", "down", "close"),
    ("close closes closed closing", "down", "shut"),
    ("pull pulls pulled pulling", "out", "withdraw quit"),
    ("turn turns turned turning", "down", "reject refuse decline"),
    ("sign signs signed signing", "off", "approve"),
    ("carry carries carried carrying", "out", "conduct perform"),
    ("hand hands handed handing", "over", "transfer"),
    ("roll rolls rolled rolling", "out", "launch introduce"),
    ("scale scales scaled scaling", "back", "reduce cut"),
    ("ramp ramps ramped ramping", "up", "increase"),
    ("step steps stepped stepping", "up", "increase"),
    ("switch switches switched switching", "off", "shut close"),
    ("wipe wipes wiped wiping", "out", "destroy"),
    ("break breaks broke broken breaking", "up", "split"),
    ("tear tears tore torn tearing", "down", "demolish"),
    ("take takes took taken taking", "part", "attend participate"),
    ("strike strikes struck striking", "down", "quash overturn annul"),
)


@cache
def _entries() -> tuple[tuple[frozenset[str], str, frozenset[str], re.Pattern[str],
                             frozenset[str]], ...]:
    out = []
    for forms, particle, meanings in _TABLE:
        words = forms.split()
        pattern = re.compile(rf"\b(?:{'|'.join(words)})\s+{particle}\b", re.IGNORECASE)
        out.append((frozenset(stem(w) for w in words), particle,
                    frozenset(stem(m) for m in meanings.split()), pattern, frozenset(words)))
    return tuple(out)


def claim_phrasal(tokens: list[Token]) -> dict[str, frozenset[str]]:
    """The claim's phrasal verbs: the verb's stem -> the stems of the one-word verbs the
    phrase stands for ("stepped down" -> {"resign", "quit"})."""
    out: dict[str, frozenset[str]] = {}
    for tok, after in zip(tokens, tokens[1:], strict=False):
        for verbs, particle, meanings, _, _ in _entries():
            if tok.stem in verbs and after.lower == particle:
                out[tok.stem] = out.get(tok.stem, frozenset()) | meanings
    return out


_SOURCE: weakref.WeakKeyDictionary[SourceIndex, dict[str, str]] = weakref.WeakKeyDictionary()


def source_phrasal(index: SourceIndex) -> dict[str, str]:
    """One-word verb stem -> the stem of the source's phrasal verb that stands for it
    ("resign" -> "step" where the source says "stepped down")."""
    found = _SOURCE.get(index)
    if found is None:
        found = {}
        for verbs, particle, meanings, pattern, forms in _entries():
            # (the page is searched only when it has the particle and a form of the verb)
            if particle not in index.words or forms.isdisjoint(index.words):
                continue
            match = pattern.search(index.text)
            if match is not None:
                verb = stem(match.group().split()[0].casefold())
                if verb in verbs and verb in index.stems:
                    for meaning in meanings:
                        found.setdefault(meaning, verb)
        _SOURCE[index] = found
    return found
