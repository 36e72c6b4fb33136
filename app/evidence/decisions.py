"""Decisions that flip: the claim says a body approved, passed or upheld something where
the sentence that states it says it was blocked, rejected or voted down ("voted to
advance a bill" / "voted to block a bill"), or the other way round.

Read only where the two decisions are about the same thing: one of the two content words
after each (before it, for a passive: "the budget was rejected"), in its clause, is
shared ("a bill", "the budget"), so "Alcaraz advanced to the final" is not answered by
"after defeating Sinner". A
decision either side denies ("did not approve", "did not vote down") is none.
"""

from __future__ import annotations

import re

from .contradict import Contradiction, sentence_text
from .figures import CLAUSE_BREAK
from .index import SourceIndex
from .negation import negation_scope
from .text import Token, tokenize

# Stems, matched exactly ("blockbuster" is no block). Words with an everyday second
# sense are left out: "clear", "grant", "kill", "sign", "back".
_YES = frozenset("approv pass advanc endors ratifi adopt uphold upheld".split())  # noqa: SIM905
_NO = frozenset("block reject veto deni defeat overturn refus shelv".split())  # noqa: SIM905
# Decisions against written as phrasal verbs: the particle is a stopword, so the stems
# alone say nothing ("voted down a proposal", "turned down the offer").
_NO_PHRASE = re.compile(r"\b(?:vot(?:e|es|ed|ing)|turn(?:s|ed|ing)?|str(?:uck|ike|ikes|iking))"
                        r"\s+(?:it\s+|them\s+)?down\b", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|be|is|are|being|got|gets)\s+\Z",
                             re.IGNORECASE)
# A decision someone expected, not one made ("had been expected to approve the plan,
# but voted to reject it").
_FORECAST_BEFORE = re.compile(r"\b(?:expected|due|set|poised|likely|tipped|predicted)\s+to\s+\Z",
                              re.IGNORECASE)
#: How many content words on each side of a decision name what was decided.
_NEAR = 2


def _decided(tokens: list[Token], text: str, breaks: list[int], start: int,
             end: int) -> frozenset[str]:
    """Stems of what the decision at ``start``..``end`` decides, in its clause: the
    nearest content words after it ("approved the budget"), or before it when it is
    passive ("the budget was rejected")."""
    lo = max(b for b in breaks if b <= start)
    hi = min(b for b in breaks if b >= end)
    if _PASSIVE_BEFORE.search(text[lo:start]):
        before = [t.stem for t in tokens if t.content and lo <= t.start and t.end <= start]
        return frozenset(before[-_NEAR:])
    return frozenset([t.stem for t in tokens if t.content and t.start >= end
                      and t.end <= hi][:_NEAR])


def _decisions(tokens: list[Token], text: str) -> list[tuple[str, str, frozenset[str]]]:
    """(``"yes"`` or ``"no"``, the words, what it is about) for each decision of ``text``
    that is not denied."""
    denied = negation_scope(tokens, text)
    breaks = [0, *(i for b in CLAUSE_BREAK.finditer(text) for i in b.span()), len(text)]
    found = [("yes" if t.stem in _YES else "no", t.text, t.start, t.end) for t in tokens
             if t.content and (t.stem in _YES or t.stem in _NO) and t.stem not in denied
             and not _FORECAST_BEFORE.search(text, max(0, t.start - 40), t.start)]
    # a phrase is denied where its verb is ("did not vote down")
    verbs = {t.start: t.stem for t in tokens}
    found += [("no", m.group(), m.start(), m.end()) for m in _NO_PHRASE.finditer(text)
              if verbs.get(m.start()) not in denied]
    decision_words = _decision_stems(tokens)
    return [(kind, words, _decided(tokens, text, breaks, start, end) - decision_words)
            for kind, words, start, end in found]


def _decision_stems(tokens: list[Token]) -> frozenset[str]:
    return frozenset(t.stem for t in tokens if t.stem in _YES or t.stem in _NO)


def decision_flip(claim_tokens: list[Token], claim_text: str, index: SourceIndex,
                  sentences: list[int]) -> Contradiction | None:
    """The claim's one decision against a searched sentence that decides the same thing
    the other way (and nowhere the same way)."""
    said = _decisions(claim_tokens, claim_text)
    if len({kind for kind, _, _ in said}) != 1:
        return None
    kind, words, about = said[0]
    topic = {t.stem for t in claim_tokens if t.content} - _decision_stems(claim_tokens)
    if len(topic) < 2 or not about:
        return None
    for k in sentences:
        if len(topic & set(index.sentence_stems[k])) < 0.5 * len(topic):
            continue
        text = sentence_text(index, k)
        there = [(other, near) for other, _, near in _decisions(tokenize(text), text)
                 if near & about]
        if any(other == kind for other, _ in there):
            return None  # the source decides it as the claim does
        if there:
            return Contradiction("state", words, text, k)
    return None
