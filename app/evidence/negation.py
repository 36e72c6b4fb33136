"""Negation: which words a "not", "never", "refused to", "ruled out" or "has yet to"
governs, in a claim (from its tokens) and in a source sentence (from its lower-cased
words, as the index reads them)."""

from __future__ import annotations

from .numbers import NUMBER_WORDS
from .text import CONTENT_STEMS, NEGATION_CUES, WORD_RE, Token

_NOT_NEGATING = frozenset({"only", "just", "merely", "simply", "but", "least", "doubt"})
_COMPARED = frozenset({"more", "fewer", "less", "greater", "higher", "lower"})
#: "stopping", "ceasing" open a clause as its subject, or follow a preposition, as a noun.
_GERUND_CUES = frozenset({"stopping", "ceasing"})
_BEFORE_GERUND = frozenset({"of", "by", "on", "after", "before", "for", "about", "from"})


#: Verbs that negate the verb they govern, and the word that must follow them:
#: "refused to approve", "failed to win", "declined to comment", "ruled out raising",
#: "stopped offering" say "did not approve", "did not win", "would not comment".
_NEGATING_VERBS = {
    **dict.fromkeys(("refuse", "refused", "refuses", "refusing", "fail", "failed", "fails",
                     "failing", "decline", "declined", "declines", "declining"), "to"),
    **dict.fromkeys(("rule", "ruled", "rules", "ruling"), "out"),
    **dict.fromkeys(("stop", "stopped", "stops", "stopping", "cease", "ceased", "ceases",
                     "ceasing"), "-ing"),
}


#: Words that open a clause of its own: a negation's scope stops there ("has not
#: decided whether to sell" negates the deciding, not the selling; "Nobody was hurt
#: when 11 wagons derailed" does not deny the derailment).
_SCOPE_ENDS = frozenset("whether if that because although though unless which who when "
                        "while after before since until where but".split())  # noqa: SIM905


#: "no evidence (that) the fire was set", "no sign the drug works": the negation is of
#: the whole clause the noun introduces, past its "that" and the relative clauses in it.
_NO_EVIDENCE = frozenset("evidence sign signs indication indications proof suggestion".split())  # noqa: SIM905
#: "denied (on Tuesday) that she had been briefed", "denies wrongdoing": a denial is a
#: negation of what follows it, its that-clause whole.
_DENY = frozenset("deny denies denied denying".split())  # noqa: SIM905
#: "rejected claims that the closure had been decided", "dismissed reports of a sale":
#: a denial too, where the verb's object is something said.
_DISMISS = frozenset("reject rejects rejected rejecting dismiss dismisses dismissed "
                     "dismissing".split())  # noqa: SIM905
_SAID_THINGS = frozenset("claim claims suggestion suggestions report reports allegation "
                         "allegations accusation accusations speculation rumour rumours "
                         "rumor rumors".split())  # noqa: SIM905
_WHOLE_CLAUSE = 10


def _breaks(text: str, start: int, end: int) -> bool:
    """Whether the text between two words ends a negation's scope: punctuation, but not
    the comma or point inside a number ("denied that it planned to cut 2,000 jobs")."""
    gap = text[start:end]
    if gap in (",", ".") and text[start - 1:start].isdigit() and text[end:end + 1].isdigit():
        return False
    return any(c in ",;:.!?()" for c in gap)


def _reach(lowers: list[str], i: int, reach: int) -> tuple[int, frozenset[str]]:
    """How many content words cue ``i`` governs, and the words that end its scope."""
    if reach > 1 and lowers[i] == "no" and i + 1 < len(lowers) and lowers[i + 1] in _NO_EVIDENCE:
        return _WHOLE_CLAUSE, frozenset()
    if reach > 1 and (lowers[i] in _DENY or lowers[i] in _DISMISS):
        return _WHOLE_CLAUSE, frozenset()
    return reach, _SCOPE_ENDS


def _window(most: int) -> int:
    """How many words after a cue are read for its ``most`` content words."""
    return 8 if most < _WHOLE_CLAUSE else 2 * _WHOLE_CLAUSE + 2


def _is_cue(lowers: list[str], i: int) -> bool:
    """Whether the word ``lowers[i]`` negates what follows ("not only", "nothing but" do
    not; "refused" does before "to", "stopped" before a verb in -ing)."""
    word = lowers[i]
    after = lowers[i + 1] if i + 1 < len(lowers) else ""
    if word in NEGATION_CUES or word.endswith("n't"):
        # "no more than 300", "not fewer than 40": a bound, no negation
        then = lowers[i + 2] if i + 2 < len(lowers) else ""
        figure = lowers[i + 3] if i + 3 < len(lowers) else ""
        bound = after in _COMPARED and then == "than" and (figure[:1].isdigit()
                                                            or figure in NUMBER_WORDS
                                                            or figure == "half")
        return after not in _NOT_NEGATING and not bound
    if word in _GERUND_CUES and (i == 0 or lowers[i - 1] in _BEFORE_GERUND):
        return False  # "Stopping smoking before 40 cuts the risk": a subject, no negation
    if word in _DENY:
        return True
    if word == "yet":  # "has yet to approve"
        return after == "to"
    if word in _DISMISS:
        return after in _SAID_THINGS
    needs = _NEGATING_VERBS.get(word)
    if needs is None:
        return False
    return after.endswith("ing") if needs == "-ing" else after == needs


def is_negation(tokens: list[Token], i: int) -> bool:
    """Whether ``tokens[i]`` negates what follows (see :func:`_is_cue`)."""
    # (the word before too: "Stopping smoking" opening a clause negates nothing, "is
    # ceasing trading" does)
    start = max(0, i - 1)
    return _is_cue([t.lower for t in tokens[start : i + 4]], i - start)


def negation_scope(tokens: list[Token], text: str, reach: int = 3) -> frozenset[str]:
    """Stems of the content words a negation cue governs: up to ``reach`` content words
    after it, stopping at punctuation (``reach=1``: only the word it directly negates)."""
    out: set[str] = set()
    lowers = [t.lower for t in tokens]
    for i, tok in enumerate(tokens):
        if not _is_cue(lowers, i):
            continue
        prev, seen = tok, 0
        most, ends = _reach(lowers, i, reach)
        for t in tokens[i + 1 : i + 1 + _window(most)]:
            if seen >= most or t.lower in ends or _breaks(text, prev.end, t.start):
                break
            if t.content:
                out.add(t.stem)
                seen += 1
            prev = t
    return frozenset(out)


def may_negate(joined: str, words: frozenset[str] | set[str]) -> bool:
    """A cheap test before :func:`negated_stems`: whether a sentence (its lower-cased
    words ``joined`` and as a set) holds a word that can negate."""
    return ("n't" in joined or not words.isdisjoint(NEGATION_CUES)
            or not words.isdisjoint(_NEGATING_VERBS) or not words.isdisjoint(_DENY)
            or not words.isdisjoint(_DISMISS) or "yet" in words)


def negated_stems(sentence: str, lowers: list[str]) -> frozenset[str]:
    """``negation_scope(tokenize(sentence), sentence)``, from the sentence's lower-cased
    words: offsets are found for its words, and stems looked up, only where a cue is."""
    cues = [i for i, word in enumerate(lowers)
            if (word in NEGATION_CUES or word.endswith("n't") or word in _NEGATING_VERBS
                 or word in _DENY or word in _DISMISS or word == "yet")
            and _is_cue(lowers, i)]
    if not cues:
        return frozenset()
    spans = [m.span() for m in WORD_RE.finditer(sentence)]
    content = CONTENT_STEMS
    out: set[str] = set()
    n = len(lowers)
    for i in cues:
        prev_end, seen = spans[i][1], 0
        most, ends = _reach(lowers, i, 3)
        for j in range(i + 1, min(i + 1 + _window(most), n)):
            if seen >= most or lowers[j] in ends or _breaks(sentence, prev_end, spans[j][0]):
                break
            stem = content[lowers[j]]
            if stem is not None:
                out.add(stem)
                seen += 1
            prev_end = spans[j][1]
    return frozenset(out)
