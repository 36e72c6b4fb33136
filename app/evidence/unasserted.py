"""Words a sentence names without asserting them: what someone hoped, expected,
feared or asked for ("dashing hopes that it would reopen", "defying expectations of a
rise"), left undecided ("have not decided whether to file charges") or only possible
("the storm could come ashore farther north"). Such a word is
no use of the claim's word by the source: "remained closed on Friday, dashing hopes that
it would reopen" does not say it reopened."""

from __future__ import annotations

import re
from functools import lru_cache

from .figures import sentence_text
from .index import SourceIndex
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


# an action left open: "whether to file charges", "whether or not to appeal", or only
# possible: "the storm could come ashore farther north"
_UNDECIDED = re.compile(r"(?:\bwhether\s+(?:or\s+not\s+)?to|\b(?:could|might)(?:\s+have)?)"
                        r"\s+(?P<clause>[^,;:.()]{1,60})", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:can|could|may|might|would|will|should|likely|expected|possibly|"
                    r"potentially|perhaps|if)\b", re.IGNORECASE)
#: The action and its object: "whether to file charges against the driver" leaves the
#: driver a fact.
_MOST_UNDECIDED = 2


@lru_cache(maxsize=4096)
def undecided_phrases(sentence: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each action ``sentence`` leaves undecided or only possible ("whether to file
    charges", "could come ashore") with the stems of its words, apart from words the
    sentence also says outside it."""
    if "hether" not in sentence and "ould" not in sentence and "ight" not in sentence:
        return ()
    found = []
    for cue in _UNDECIDED.finditer(sentence):
        clause = cue["clause"]
        end = _CLAUSE_END.search(clause)
        words = [t for t in tokenize(clause[:end.start()] if end else clause,
                                     cue.start("clause")) if t.content][:_MOST_UNDECIDED]
        # (a name in it is a thing, no action: "whether to close the Elm Road library")
        words = [t for t in words if not t.text[0].isupper()]
        if words:
            found.append((cue.start(), words[-1].end, {t.stem for t in words}))
    said = {t.stem for t in tokenize(sentence) if t.content
            and not any(s <= t.start < e for s, e, _ in found)}
    return tuple((sentence[s:e], frozenset(stems - said)) for s, e, stems in found
                 if stems - said)


def undecided(sentence: str) -> frozenset[str]:
    """The stems of the actions ``sentence`` leaves undecided."""
    return frozenset().union(*(stems for _, stems in undecided_phrases(sentence)))


def named_only_undecided(claim: str, terms: list[str], aliases: dict[str, str],
                         index: SourceIndex, pid: int) -> dict[str, str]:
    """The claim's words the passage names only as an action left undecided or only
    possible, each with that phrase of the passage: "have charged the driver" against
    "have not yet decided whether to file charges against the driver" gives "whether to
    file charges"; "came ashore near Cape Morrow" against "could come ashore farther north
    near Cape Morrow" gives "could come ashore"."""
    if undecided(claim) or _MODAL.search(claim):
        # the claim leaves it open or hedges itself: its words are read as the source's
        return {}
    p = index.passages[pid]
    out = {}
    for term in terms:
        source_stem = aliases.get(term)
        if source_stem is None:
            continue
        where = [k for k in range(p.first, p.last + 1)
                 if source_stem in index.sentence_stems[k]]
        phrases = [phrase for k in where for phrase, stems in
                   undecided_phrases(sentence_text(index, k)) if source_stem in stems]
        if where and len(phrases) >= len(where):
            out[term] = phrases[0]
    return out
