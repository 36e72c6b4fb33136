"""Whose word is it: where a source sentence has both the claim's word and its opposite
("had been expected to approve the development, but members voted 6-3 to reject it"),
the one that answers the claim is the one standing where the claim's word stands, after
the same words ("voted ... to reject" for "voted 6-3 to approve"; "Council tax in
Kirkwell will be frozen, while parking charges will rise" for "Kirkwell council tax
will rise"), or, where no word before tells, before the same object ("convicted Paul
Garnier ... of bribery, but acquitted him of money laundering" for "acquitted former
mayor Paul Garnier of bribery").
"""

from __future__ import annotations

from .text import Token, tokenize

#: Content words read before the claim's word: the nearest, its subject or the verb it
#: completes (two would let "the planning committee had been expected to approve" stand
#: in the slot of "the planning committee voted 6-3 to approve").
_CLAIM_BEFORE = 1
#: Content words read before a source word: a little more, for the words put between
#: ("Helen Varga, was dismissed by the board" for "Helen Varga resigned").
_SOURCE_BEFORE = 3


#: Or the words after it, its object: "acquitted former mayor Paul Garnier of bribery"
#: stands where "convicted Paul Garnier, former mayor ..., of bribery" does, not where
#: "acquitted him of money laundering" does; two of the claim's next three words must
#: be among the source word's next four.
_CLAIM_AFTER, _SOURCE_AFTER, _SHARED_AFTER = 3, 4, 2


def _after(tokens: list[Token], i: int, most: int) -> set[str]:
    return set([t.stem for t in tokens[i + 1:] if t.content][:most])


def _before(tokens: list[Token], i: int, most: int) -> set[str]:
    out: list[str] = []
    for t in reversed(tokens[:i]):
        if t.content:
            out.append(t.stem)
            if len(out) == most:
                break
    return set(out)


def in_claims_slot(claim_tokens: list[Token], word: str, sentence: str,
                   rivals: set[str]) -> bool:
    """Whether a word of ``rivals`` (stems) in ``sentence`` follows what the claim's
    word ``word`` (a stem) follows in the claim, and no use of ``word`` in the sentence
    does."""
    at = next((i for i, t in enumerate(claim_tokens) if t.stem == word), -1)
    if at < 0:
        return False
    wanted = _before(claim_tokens, at, _CLAIM_BEFORE)
    wanted_after = _after(claim_tokens, at, _CLAIM_AFTER)
    if not wanted and len(wanted_after) < _SHARED_AFTER:
        return False
    tokens = tokenize(sentence)
    # (rival, own) fits by the words before, and by the words after: the words before
    # decide where either fits by them, the object only where neither does
    before, after = [False, False], [False, False]
    for i, t in enumerate(tokens):
        if t.stem in rivals or t.stem == word:
            side = int(t.stem == word)
            doer = _before(tokens, i, _SOURCE_BEFORE)
            if i + 1 < len(tokens) and tokens[i + 1].lower == "by":
                # the passive's doer stands after it: "Plans ... were rejected by the
                # planning committee" for "the planning committee approved plans"
                doer |= _after(tokens, i + 1, _SOURCE_AFTER + 1)
            before[side] = before[side] or bool(wanted & doer)
            after[side] = after[side] or (
                len(wanted_after & _after(tokens, i, _SOURCE_AFTER)) >= _SHARED_AFTER)
    rival_fits, own_fits = before if any(before) else after
    return rival_fits and not own_fits
