"""The sentence that states the claim says the opposite: the claim negates what it
asserts, it negates what the claim asserts ("is not considered suspicious"), or one has
a word and the other its opposite ("rose" / "fell")."""

from __future__ import annotations

import re

from .index import SourceIndex
from .negation import is_negation, negation_scope
from .text import Token, stem, tokenize

#: A passage sentence carrying this share of the claim's words states the claim; only
#: such sentences are compared for negation.
ALIGNED = 0.6

# Pairs of words whose swap flips a claim ("rose" where the source says "fell").
_OPPOSITES = [
    ("increas", "decreas"), ("rise", "fall"), ("rose", "fell"), ("gain", "loss"),
    ("higher", "lower"), ("more", "less"), ("win", "lose"), ("won", "lost"),
    ("approv", "reject"), ("allow", "ban"), ("accept", "declin"), ("befor", "after"),
    ("abov", "below"), ("larger", "smaller"), ("increas", "reduc"), ("grow", "shrink"),
    ("support", "oppos"), ("includ", "exclud"), ("success", "failur"), ("legal", "illeg"),
    ("open", "close"), ("reopen", "close"), ("accept", "reject"), ("resign", "reappoint"),
    ("overturn", "upheld"), ("overturn", "uphold"), ("acquit", "convict"),
    ("guilti", "innoc"), ("confirm", "deni"), ("admit", "deni"), ("lift", "impos"),
]
_OPPOSITE_OF: dict[str, set[str]] = {}
for _a, _b in _OPPOSITES:
    _OPPOSITE_OF.setdefault(_a, set()).add(_b)
    _OPPOSITE_OF.setdefault(_b, set()).add(_a)


#: A negation that reaches its word through a verb of judging: "not considered
#: suspicious", "not believed to be linked", "not seen as a threat".
_NOT_JUDGED = re.compile(
    r"\b(?:not|never)\s+(?:considered|deemed|believed|thought|regarded|treated|seen|"
    r"viewed)\s+(?:as\s+|to\s+be\s+)?(?:an?\s+|the\s+)?([\w-]+)", re.IGNORECASE)


def _denied_by_prefix(denied: set[str], stems: set[str]) -> bool:
    """Whether the sentence denies one of the claim's negated words with a prefix
    ("not available" / "remains unavailable", "not complete" / "incomplete"; compared on
    stems, so only a prefix the stemmer keeps apart from the word)."""
    return any(prefix + s in stems for s in denied for prefix in ("un", "in", "non"))


def negation_flipped(claim: str, tokens: list[Token], index: SourceIndex, pid: int,
                      aliases: dict[str, str]) -> int:
    """Whether the passage sentence that states the claim says the opposite.

    Only sentences carrying most of the claim's words are compared (a "not" elsewhere
    in the passage is about something else): the claim negates words that sentence
    asserts, the sentence negates words the claim asserts, or one uses a word and the
    other its opposite ("rose" / "fell"). Returns that sentence's index, or -1.
    """
    claim_stems = {aliases.get(t.stem, t.stem) for t in tokens if t.content}
    if not claim_stems:
        return -1
    claim_neg = {aliases.get(s, s) for s in negation_scope(tokens, claim)}
    # the word the claim's cue denies itself ("did not approve"): its object alone in
    # the sentence ("voted to block a bill") is no assertion of what the claim denies
    claim_denied = {aliases.get(s, s) for s in negation_scope(tokens, claim, reach=1)}
    claim_has_cue = any(is_negation(tokens, i) for i in range(len(tokens)))
    p = index.passages[pid]
    # the sentences closest to the claim first: the one that states it is the one to read
    order = sorted(range(p.first, p.last + 1),
                   key=lambda k: -len(claim_stems & set(index.sentence_stems[k])))
    for k in order:
        stems = set(index.sentence_stems[k])
        if len(claim_stems & stems) < ALIGNED * len(claim_stems):
            continue
        negated = index.sentence_negated[k]
        if (claim_has_cue and claim_neg & stems and not negated
                and (claim_denied & stems or not claim_denied)
                and not _denied_by_prefix(claim_neg, stems)):
            return k
        hit = negated & claim_stems
        if not claim_has_cue and hit:
            if len(hit) >= 2:
                return k
            # one shared word: only when the cue negates it directly ("not approved")
            start, end = index.sentences[k]
            sentence = index.text[start:end]
            if hit & negation_scope(tokenize(sentence), sentence, reach=1):
                return k
            # or through a verb of judging ("is not considered suspicious")
            judged = {stem(m.group(1)) for m in _NOT_JUDGED.finditer(sentence)}
            if hit & judged:
                return k
        for s in claim_stems - stems:
            if _OPPOSITE_OF.get(s, set()) & (stems - claim_stems):
                return k
    return -1
