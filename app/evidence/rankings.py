"""A rank is a value: "will create the largest supermarket operator in the Tri-Lakes
region" is contradicted by the page's "creating the second-largest supermarket operator
in the Tri-Lakes region", and "the third-busiest airport" by "the country's
second-busiest airport". Every word of the claim is on the page, so the words alone
make it green; the ordinal before the same superlative of the same noun says otherwise.
"""

from __future__ import annotations

import re

from .contradict import Contradiction
from .figures import sentence_text
from .index import SourceIndex
from .text import Token, stem

_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
             "6th": 6, "7th": 7, "8th": 8, "9th": 9, "10th": 10}
# "the second-largest", "third biggest", "largest": an ordinal maybe, then a superlative
_RANK = re.compile(r"\b(?:(?P<ord>" + "|".join(_ORDINALS) + r")[\s-]+)?(?P<sup>[a-z]{2,}est)\b",
                   re.IGNORECASE)
#: Words in -est that rank nothing.
_NOT_SUPERLATIVE = frozenset(
    "interest forest harvest protest contest request suggest manifest digest honest modest "
    "earnest arrest invest conquest inquest guest chest crest priest behest attest detest "
    "infest divest tempest southwest northwest midwest everest budapest bucharest "
    "unrest".split())  # noqa: SIM905
#: Words that may stand between a superlative and the noun it ranks ("largest
#: independent supermarket operator"): read up to this many.
_NOUN_REACH = 3


def _ranks(text: str) -> list[tuple[int, str, re.Match[str]]]:
    """Each superlative in ``text``: its rank (1 without an ordinal), the stem, the match."""
    return [(_ORDINALS.get((m["ord"] or "").casefold(), 1), stem(m["sup"].casefold()), m)
            for m in _RANK.finditer(text) if m["sup"].casefold() not in _NOT_SUPERLATIVE]


def _noun_after(text: str, end: int) -> set[str]:
    words = re.findall(r"[A-Za-z][\w'-]*", text[end:end + 60])[:_NOUN_REACH]
    return {stem(w.casefold()) for w in words}


def rank_flip(claim: str, tokens: list[Token], index: SourceIndex, searched: list[int]
              ) -> Contradiction | None:
    """The searched sentence that ranks the claim's noun otherwise by the same
    superlative ("second-largest supermarket operator" for "largest supermarket
    operator"), where no searched sentence gives the claim's own rank of it."""
    said = _ranks(claim)
    if len(said) != 1:
        return None
    rank, sup, m = said[0]
    noun = _noun_after(claim, m.end()) - {"the", "a", "an", "in", "of"}
    if not noun:
        return None
    # of the sentences ranking the noun by the same superlative, the one sharing most
    # of the claim's words answers it ("Brackenridge recorded 7.9 inches ..., the
    # third-wettest July on record", not "The wettest July on record remains July 1938")
    stems = {t.stem for t in tokens if t.content}
    words_after = _noun_after(claim, m.end())
    best: tuple[int, int, int, re.Match[str]] | None = None
    for k in searched:
        start, end = index.sentences[k]
        sentence = index.text[start:end]
        shared = len(stems & set(index.sentence_stems[k]))
        for s_rank, s_sup, s_m in _ranks(sentence):
            if s_sup != sup or not (noun & _noun_after(sentence, s_m.end())):
                continue
            if best is None or shared > best[0] or (
                    shared == best[0] and k == best[2]
                    and len(words_after & _noun_after(sentence, s_m.end()))
                    > len(words_after & _noun_after(sentence, best[3].end()))):
                best = (shared, s_rank, k, s_m)
    if best is None:
        return None
    _, s_rank, k, s_m = best
    sentence = sentence_text(index, k)
    # the claim's own rank of the noun in that sentence answers it ("Marl Bank, the
    # largest lender in Wales, ... Harlow Bank, the second-largest lender")
    if any(r == rank and s == sup and noun & _noun_after(sentence, x.end())
           for r, s, x in _ranks(sentence)):
        return None
    return Contradiction("number", _with_noun(claim, m), _with_noun(sentence, s_m), k)


def _with_noun(text: str, m: re.Match[str]) -> str:
    """The rank with two words of its clause before it and three after: "creating the
    second-largest supermarket operator in", "it the third-wettest July on record"."""
    before = re.split(r"[,;:—–(]", text[:m.start()])[-1].split()[-2:]
    return " ".join([*before, m.group(), *text[m.end():].split()[:3]]).rstrip(",.;:")
