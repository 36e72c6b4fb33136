"""Whose word is it: where a source sentence has both the claim's word and its opposite
("had been expected to approve the development, but members voted 6-3 to reject it"),
the one that answers the claim is the one standing where the claim's word stands, after
the same words ("voted ... to reject" for "voted 6-3 to approve"; "Council tax in
Kirkwell will be frozen, while parking charges will rise" for "Kirkwell council tax
will rise").
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
    if not wanted:
        return False
    tokens = tokenize(sentence)
    rival_fits = own_fits = False
    for i, t in enumerate(tokens):
        if t.stem in rivals or t.stem == word:
            fits = bool(wanted & _before(tokens, i, _SOURCE_BEFORE))
            if t.stem == word:
                own_fits = own_fits or fits
            else:
                rival_fits = rival_fits or fits
    return rival_fits and not own_fits
