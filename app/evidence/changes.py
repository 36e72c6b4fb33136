"""A change the source gives by its two ends, stated by the claim as the change itself.

"has risen to 52 this year from 40 last year" says the number rose by 12, by 30% and
by a factor 1.3; "fell to 600 from 800" that it fell by 200, by 25%, by a quarter;
"rose from 420,000 to 840,000" that it doubled. A story that writes "12 more food
trucks", "dropped by a quarter" or "doubled to 840,000" states what the two ends say,
and the figure is the source's, not one it never gives: but only in the sentence that
states the claim, and only where the claim's direction is the change's.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from .figures import Mention, sentence_mentions, sentence_text
from .index import SourceIndex
from .movement import DOWN, UP
from .text import Token, stem

# "from 40 to 52", "from 40 last year to 52": the earlier value first
_FROM_BEFORE = re.compile(r"\bfrom\s*\Z", re.IGNORECASE)
_TO_BETWEEN = re.compile(r"\A[^.;:,\d]{0,30}?\bto\s*\Z", re.IGNORECASE)
# "to 52 this year from 40", "52, up from 40", "600, compared with 800": the later first
_TO_BEFORE = re.compile(r"\b(?:to|at|reached|reaching|hit)\s*\Z", re.IGNORECASE)
_FROM_BETWEEN = re.compile(
    r"\A[^.;:\d]{0,30}?\b(?:from|compared\s+(?:with|to)|against)\s*\Z", re.IGNORECASE)
_UP_FROM = re.compile(r"\A(?:[^.;:\d]{0,60}?,)?\s*(?:up|down)\s+from\s*\Z", re.IGNORECASE)
#: The stems of the words that say a figure moved up or down: the verbs of movement
#: (movement.py's) and the words a change is stated with ("up from", "12 more").
UP_WORDS = UP | frozenset(stem(w) for w in "up more higher added add".split())  # noqa: SIM905
DOWN_WORDS = DOWN | frozenset(stem(w) for w in "down fewer less slid slip slipped lose "  # noqa: SIM905
                                                "losing".split())
#: What a claim shares with any change, not its subject.
CHANGE_WORDS = UP_WORDS | DOWN_WORDS | frozenset(
    stem(w) for w in "than year last this number percent per cent".split())  # noqa: SIM905
#: Words beside a claim's count that say it is a difference ("picked up three seats").
_DIFFERENCE = UP_WORDS | DOWN_WORDS | frozenset(stem(w) for w in "extra additional pick".split())  # noqa: SIM905
_HEDGE = re.compile(r"\b(?:nearly|almost|about|around|roughly|some|close\s+to)\b", re.IGNORECASE)
#: How far a hedged claim's change may be from the ends' ("nearly doubled" for 30 to 58).
APPROX = Decimal("0.05")
#: How far a change in words may be from the ends', as a share of the change.
CHANGE_ROUND = Decimal("0.1")
CHANGE_HEDGED = Decimal("0.15")
_QUANTITIES = ("count", "money")
#: How many words before the ends a change word governs them from ("has increased
#: fivefold since 2020, from 84 to 420").
_GOVERNS = 5
_CONTRAST = re.compile(r"\b(?:while|whereas|but|although)\b|;|,\s*and\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'-]*")


def _stems(text: str) -> set[str]:
    return {stem(w.casefold()) for w in _WORD.findall(text)}


def source_changes(text: str, found: list[Mention]) -> list[tuple[Mention, Mention]]:
    """The (earlier, later) pairs of ``found``, the figures of one source sentence
    ``text``, that it gives as the two ends of one change: after a change word that
    governs them ("has risen to 52 this year from 40", "60 ..., up from 30"), not a
    range ("cost from $40 to $52") nor a comparison ("hit $520,000, compared with
    $400,000 in neighbouring Dunmore")."""
    pairs = []
    figures = [m for m in found if m.kind in (*_QUANTITIES, "percent")]
    for a, b in zip(figures, figures[1:], strict=False):
        if a.kind != b.kind or not a.value or not b.value:
            continue
        between = text[a.end:b.start]
        if _CONTRAST.search(between) or (_governed(between, len(between))
                                         and not _UP_FROM.match(between)):
            continue  # "$80 million, and profit rose from $5 million": two changes
        governed = _governed(text, a.start)
        if (governed and _FROM_BEFORE.search(text[max(0, a.start - 8):a.start])
                and _TO_BETWEEN.match(between)):
            pairs.append((a, b))
        elif ((governed and _TO_BEFORE.search(text[max(0, a.start - 10):a.start])
               and _FROM_BETWEEN.match(between)) or _UP_FROM.match(between)):
            pairs.append((b, a))
    return pairs


def _governed(text: str, start: int) -> bool:
    """Whether a change word stands among the few words before ``start``."""
    return bool(_stems(" ".join(text[:start].split()[-_GOVERNS:])) & (UP_WORDS | DOWN_WORDS))


_PREPOSITIONS = frozenset("at in of for on from to near across".split())  # noqa: SIM905


def _after_preposition(tokens: list[Token], end: int) -> set[str]:
    """Stems of the capitalised words before ``end`` that follow a preposition, directly
    or after other capitalised words ("at Harlow Castle")."""
    out: set[str] = set()
    opened = False
    for t in tokens:
        if t.start >= end:
            break
        if t.content and t.text[:1].isupper():
            if opened:
                out.add(t.stem)
            continue
        opened = t.lower in _PREPOSITIONS
    return out


def _clause_words(text: str, ends: tuple[Mention, Mention], start: int) -> frozenset[str]:
    """The stems of the clause giving ``ends``, from ``start`` at the earliest and from
    the last contrast before them ("..., while ticket prices rose from $10 to $12")."""
    first = min(m.start for m in ends)
    joins = list(_CONTRAST.finditer(text, start, first))
    clause = text[joins[-1].end() if joins else start:max(m.end for m in ends)]
    return frozenset(_stems(clause))


def _about(claim_stems: set[str], named: set[str], words: frozenset[str]) -> int:
    """How much of the claim a change's clause (its ``words``) names: its common words
    three times, its names once ("visitor numbers ... up from 50,000, while ticket prices
    rose from $10 to $12": the second change is the prices')."""
    shared = claim_stems & words
    return 3 * len(shared - named) + len(shared & named)


def _close(said: Decimal, exact: Decimal, hedged: bool, slack: Decimal = APPROX) -> bool:
    if hedged:
        return abs(said - exact) <= slack * abs(exact)
    # the claim's figure as precise as it is written: "rose 31%" for 30.8%
    step = Decimal(1).scaleb(said.as_tuple().exponent)
    return abs(said - exact) < step / 2 or said == exact


def ends_phrase(text: str, ends: tuple[Mention, Mention]) -> str:
    """The two ends as the source writes them, with the verb before: "risen to 52 this
    year from 40 last year"."""
    start = min(m.start for m in ends)
    before = re.split(r"[,;:—–(]", text[:start])[-1].split()[-2:]
    return " ".join([*before, text[start:max(m.end for m in ends)]])


def change_note(cm: Mention, ends: tuple[Mention, Mention]) -> str:
    """What the reviewer is told: "“12” is the change from 40 to 52"."""
    return f"“{cm.text}” is the change from {ends[0].text} to {ends[1].text}"


def states_change(cm: Mention, claim: str, ends: tuple[Mention, Mention]) -> bool:
    """Whether the claim's figure ``cm`` is the change between ``ends`` (earlier,
    later), in the claim's direction."""
    before, after = ends
    up = after.value > before.value
    words = _stems(claim[max(0, cm.start - 30):cm.end + 30])
    if words & (DOWN_WORDS if up else UP_WORDS) and not words & (UP_WORDS if up else DOWN_WORDS):
        return False  # "fell by 12" where it rose from 40 to 52
    hedge = cm.bound == "approx" or bool(_HEDGE.search(claim, max(0, cm.start - 16), cm.end))
    # a change in words ("doubled", "by a third") is a round figure by nature, as a share
    # in words is: met within APPROX, like a hedged one
    hedged = cm.spelled or hedge
    if cm.kind == "times":
        # "doubled", "dropped by a quarter": the later over the earlier, its change
        # (the ratio less one) within a tenth, or CHANGE_HEDGED when hedged: "rose by a
        # third" is not 40 to 52, "nearly a third" is
        slack = CHANGE_HEDGED if hedge else CHANGE_ROUND
        return _close(cm.value - 1, after.value / before.value - 1, True, slack)
    if cm.kind == "percent" and before.kind != "percent":
        change = abs(after.value - before.value) / before.value * 100
        return _close(cm.value, change, hedged)
    if cm.kind == before.kind in _QUANTITIES:
        # "12 more food trucks", "picked up three seats": the difference, where a word
        # beside the figure says it is one ("won three seats" is a total; "up 2%"
        # between two percentages may be points or a share, left to the reviewer)
        beside = _stems(" ".join([*claim[:cm.start].split()[-3:], *claim[cm.end:].split()[:2]]))
        by = claim[:cm.start].rstrip().casefold().endswith(" by")  # ("by a narrow margin")
        return bool(by or beside & _DIFFERENCE) and _close(
            cm.value, abs(after.value - before.value), hedged and not cm.spelled)
    return False


class StatedChange(NamedTuple):
    sentence: int
    ends: tuple[Mention, Mention]  # (earlier, later)
    words: frozenset[str]  # stems of the clause giving them
    best: bool  # its clause names most of the claim, of its sentence's changes


def stated_changes(index: SourceIndex, sentences: list[int], claim_tokens: list[Token]
                   ) -> list[StatedChange]:
    """The changes ``sentences`` (those stating the claim) give by their two ends, in a
    clause naming something of the claim's, marked where of their sentence's changes
    the clause names most of it."""
    own = {t.stem for t in claim_tokens if t.content} - CHANGE_WORDS
    named = {t.stem for t in claim_tokens[1:] if t.content and t.text[:1].isupper()}
    out = []
    for k in sentences:
        text = sentence_text(index, k)
        pairs = source_changes(text, sentence_mentions(index, k))
        # each change's clause starts after the change before it ("profit rose from $5
        # million to $10 million as sales rose from $40 million to $50 million")
        starts = [0, *(max(m.end for m in ends) for ends in pairs)][:len(pairs)]
        clauses = [_clause_words(text, ends, start) for ends, start in
                   zip(pairs, starts, strict=True)]
        scores = [_about(own, named, words) for words in clauses]
        best = max(scores, default=0)
        out += [StatedChange(k, ends, words, score == best)
                for ends, words, score in zip(pairs, clauses, scores, strict=True) if score]
    return out


def changes_of(cm: Mention, changes: list[StatedChange], claim_tokens: list[Token]
               ) -> list[StatedChange]:
    """Of ``changes``, those of the thing the claim's figure ``cm`` is said of: whose
    clause has the first word before it that is no change word ("Labour" in "Labour
    gained three seats", not the Greens' "won 20 seats, up from 17"; "profit" in "Marl
    Group's profit doubled", not sales "from $40 million to $80 million"), where one
    has."""
    # (not a place or name after a preposition: "Visitor numbers at Harlow Castle rose
    # 30%" is the visitors' change, not the one of prices "At Harlow Castle")
    placed = _after_preposition(claim_tokens, cm.start)
    before = [w for w in cm.left if w not in CHANGE_WORDS and w not in _DIFFERENCE
              and w not in placed]
    anchor = before[0] if before else None
    mine = [c for c in changes if anchor in c.words] if anchor else []
    return mine or [c for c in changes if c.best]


def ends_said_otherwise(cm: Mention, changes: list[StatedChange], index: SourceIndex,
                        claim_mentions: list[Mention] = ()) -> tuple[str, int] | None:
    """What the page says instead of the claim's count word (``cm``, "doubled") that
    the one stated change does not bear out, and its sentence: the sentence's own
    count word where it has one ("increased fivefold since 2020, from 84 to 420"), else
    the two ends. None where the sentence's count word is the claim's ("doubled to 840
    this year, while annual fees rose to $52 from $40")."""
    if cm.kind != "times" or len(changes) != 1:
        return None  # (none, or two changes as much about the claim: which is its own?)
    k, ends = changes[0].sentence, changes[0].ends
    if any(m.kind == ends[0].kind and m.value not in (ends[0].value, ends[1].value)
           for m in claim_mentions):
        return None  # "doubled after 2010, reaching 120,000": a later stretch than the ends
    if sum(1 for sm in sentence_mentions(index, k) if sm.kind == ends[0].kind) > 2:
        return None  # "rose from 400 to 800 between 2015 and 2020, and to 1,200 by 2024"
    own = [sm for sm in sentence_mentions(index, k) if sm.kind == "times"]
    if any(sm.value == cm.value for sm in own):
        return None
    return (own[0].phrase if own else ends_phrase(sentence_text(index, k), ends)), k
