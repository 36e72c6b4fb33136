"""States that flip: the claim says a thing moves one way ("fares rise") where the
sentence that states it says it moves the other way or stays put ("fares are frozen").
Compared only on sentences that carry most of the claim's words, like negations (see
:mod:`.assess`)."""

from __future__ import annotations

import re
from functools import lru_cache

from .contradict import Contradiction, sentence_text
from .figures import CLAUSE_BREAK
from .index import SourceIndex
from .movement import DOWN, UP
from .negation import negation_scope
from .phrasal import claim_phrasal
from .slots import in_claims_slot
from .text import Token
from .unasserted import unasserted

# A verb of movement in a fixed phrase that moves nothing ("fall victim", "fall short").
_IDIOM_AFTER = re.compile(r"\A\W*(?:victim|prey|short|apart|asleep|ill|behind|silent|foul|"
                          r"flat|through|in love|back on)\b", re.IGNORECASE)
# A claim that something moves one way where the sentence that states it says it moves
# the other way, or does not move at all (UP and DOWN: movement.py).
_STILL = frozenset("frozen freez unchang flat stagnat halt paus suspend stall steadi".split())  # noqa: SIM905
# "The ceasefire held" against "collapsed": the opposite of a fall only, and only on the
# source's side ("the festival, held in June" is no claim that anything stayed put).
_HELD = frozenset("held hold".split())  # noqa: SIM905
# "Hold" with an object hosts or keeps something ("will hold its final session", "held
# talks", "holds a 40% stake"): nothing stays put. ("held its ground" still does.)
_HOLDS_SOMETHING = re.compile(
    r"\b(?:hold|holds|holding|held)\s+(?:(?:a|an|the|its|their|his|her|our)\s+"
    r"(?!ground|position|lead|line|nerve|own|breath|fire)|talks|elections?|meetings?|"
    r"hearings?|office|power|shares|stakes?)", re.IGNORECASE)
# ... unless it keeps it at a value: "held its benchmark rate at 27 percent" stays put.
_HELD_AT = re.compile(r"\b(?:hold|holds|holding|held)\s+(?:\S+\s+){1,5}?at\s+\d",
                      re.IGNORECASE)
#: Which states a claim's state is contradicted by.
_OPPOSED = {"up": {"down", "still"}, "down": {"up", "still", "held"}, "still": {"up", "down"}}


@lru_cache(maxsize=100_000)
def _stem_state(stem: str) -> frozenset[str]:
    return frozenset(
        name for name, group in (("up", UP), ("down", DOWN), ("still", _STILL),
                                 ("held", _HELD))
        if stem in group or any(stem.startswith(g) for g in group if len(g) >= 5))


def _state(stems: set[str]) -> set[str]:
    out: set[str] = set()
    for s in stems:
        out |= _stem_state(s)
    return out


def state_flip(claim_tokens: list[Token], index: SourceIndex, sentences: list[int],
               aligned: float, claim_text: str = "") -> Contradiction | None:
    """A claim of movement ("rises") against an aligned sentence that says the thing
    moves the other way or stays put ("is frozen")."""
    claim_stems = {t.stem for t in claim_tokens if t.content}
    # a phrasal verb moves what its one word moves ("stepped up hiring" / "froze hiring"),
    # when it has an object ("stepped up as interim chief" takes on a role)
    phrasal = {verb: meanings for verb, meanings in claim_phrasal(claim_tokens).items()
               if _has_object(claim_tokens, verb)}

    def moves(stem: str) -> frozenset[str]:
        return _stem_state(stem) | _state(set(phrasal.get(stem, ())))

    # (a one-word movement of the claim is its state: "stepped up patrols after thefts
    # fell" claims the fall)
    claim_state = _state(claim_stems) or _state(set().union(*phrasal.values()))
    if len(claim_state) != 1 or not claim_state <= _OPPOSED.keys():
        return None
    opposed = _OPPOSED[next(iter(claim_state))]
    topic = {s for s in claim_stems if not moves(s)}
    if len(topic) < 2:
        return None
    word = next(t for t in claim_tokens if t.content and moves(t.stem))
    if _IDIOM_AFTER.match(claim_text[word.end:word.end + 20] if claim_text else ""):
        return None
    if word.stem in negation_scope(claim_tokens, claim_text):
        return None  # "did not rise" is no claim that it rose
    own = _own_clause_topic(claim_tokens, word.start, word.end, claim_text) & topic
    for k in sentences:
        stems = set(index.sentence_stems[k])
        if len(topic & stems) < 0.5 * len(topic):
            continue
        # "bills set to rise" is no claim about "cut sewage spills": the sentence must
        # be about what the state word's own clause moves, when that clause names it
        if len(own) >= 2 and len(own & stems) < 0.5 * len(own):
            continue
        # the sentence names the thing; it and its neighbours carry most of the claim
        around = set().union(*index.sentence_stems[max(0, k - 1) : k + 2])
        if len(topic & around) < aligned * len(topic):
            continue
        # a state the sentence denies is not its state ("did not reject the plan"), nor
        # one it names as hoped or expected ("defying expectations of a rise")
        text = sentence_text(index, k)
        state = _state(stems - claim_stems - index.sentence_negated[k] - unasserted(text))
        if "held" in state and _HOLDS_SOMETHING.search(text) and not _HELD_AT.search(text):
            state.discard("held")  # "will hold its final session": a host, not a state
        if not state & opposed:
            continue
        if not (state & claim_state) and not any(moves(s) for s in stems & claim_stems):
            return Contradiction("state", word.text, text, k)
        # both ways in the sentence: the one where the claim's word stands answers it
        # ("Council tax in Kirkwell will be frozen, while parking charges will rise")
        rivals = {s for s in stems - claim_stems - index.sentence_negated[k]
                  if _stem_state(s) & opposed & state}
        if in_claims_slot(claim_tokens, word.stem, text, rivals):
            return Contradiction("state", word.text, text, k)
    return None


def _has_object(claim_tokens: list[Token], verb: str) -> bool:
    """Whether the phrasal verb ``verb`` (a stem) is followed, past its particle, by a
    word it acts on rather than a preposition ("stepped up hiring", not "stepped up as
    interim chief executive" or "stepped up for Rovers")."""
    at = next((i for i, t in enumerate(claim_tokens) if t.stem == verb), -1)
    after = claim_tokens[at + 2] if 0 <= at < len(claim_tokens) - 2 else None
    return after is not None and (after.lower in _DETERMINERS or after.content)


# ("stepped up again", "stepped up after the keeper was injured": no object)
_DETERMINERS = frozenset("the its their his her our a an".split())  # noqa: SIM905


def _own_clause_topic(claim_tokens: list[Token], word_start: int, word_end: int,
                      claim_text: str) -> set[str]:
    """Content stems of the clause of the claim that holds the state word (at
    ``word_start``..``word_end``)."""
    if not claim_text:
        return set()
    start = max((m.end() for m in CLAUSE_BREAK.finditer(claim_text, 0, word_start)),
                default=0)
    stop = next((m.start() for m in CLAUSE_BREAK.finditer(claim_text, word_end)),
                len(claim_text))
    return {t.stem for t in claim_tokens if t.content and start <= t.start and t.end <= stop}
