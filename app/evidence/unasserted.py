"""Words a sentence names without asserting them: what someone hoped, expected,
feared or asked for ("dashing hopes that it would reopen", "defying expectations of a rise"). Such a
word is no use of the claim's word by the source: "remained closed on Friday, dashing
hopes that it would reopen" does not say it reopened."""

from __future__ import annotations

import re
from functools import lru_cache

from .text import tokenize

# the cue, then its clause up to punctuation or a clause word
_CUE = re.compile(r"\b(?:hopes?|hoped|hoping|expectations?|fears?|feared|fearing|"
                  # what someone asks for ("a petition calling for the reopening")
                  # (not the noun: "Demand for electricity rose 4%")
                  r"demands?\s+that|demanded|demanding|urged|urging|(?:calls?|called|calling)\s+for)\s+"
                  r"(?:that\s+|of\s+|for\s+)?(?P<clause>[^,;:.()]{1,60})", re.IGNORECASE)
_CLAUSE_END = re.compile(r"\b(?:but|and|while|which|who|after|before|when|as|"
                         # a verb of its own ends what was asked for: "Calls for a ban
                         # on e-scooters were rejected"
                         r"was|were|is|are|has|have|had)\b", re.IGNORECASE)
_CUE_STEMS = ("hope", "Hope", "hoping", "Hoping", "xpectation", "fear", "Fear", "emand",
              "urg", "Urg", "all")
#: Content words of the hoped-for clause read as not asserted.
_MOST = 5


@lru_cache(maxsize=4096)
def unasserted(sentence: str) -> frozenset[str]:
    """The stems of the content words ``sentence`` names only as hoped, expected or
    feared."""
    out: set[str] = set()
    # (most sentences have no cue: a plain substring test spares them the pattern)
    if not any(word in sentence for word in _CUE_STEMS):
        return frozenset()
    spans = []
    for cue in _CUE.finditer(sentence):
        clause = cue["clause"]
        end = _CLAUSE_END.search(clause)
        start = cue.start("clause")
        words = [t for t in tokenize(clause[:end.start()] if end else clause, start)
                 if t.content][:_MOST]
        out.update(t.stem for t in words)
        if words:
            spans.append((cue.start(), words[-1].end))
    # a word the sentence also says outside what was asked for is its own: "After
    # residents urged the council to reopen the pool, ..., it reopened on Friday"
    said = {t.stem for t in tokenize(sentence) if t.content
            and not any(s <= t.start < e for s, e in spans)}
    return frozenset(out - said)
