"""A count the source gives as a portion of another: "300 films ..., half of them by
first-time directors" gives the claim's "150 of the 300 films"; "a third of its 900
staff" its "300 staff". Read only in the sentence that states the claim, and only where
the count counts what the claim's figure counts (the base's noun is the claim's)."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from .figures import Mention, sentence_mentions, sentence_text
from .index import SourceIndex
from .text import Token, tokenize
from .value_roles import former

_SHARES = {"half": Fraction(1, 2), "third": Fraction(1, 3), "quarter": Fraction(1, 4),
           "fifth": Fraction(1, 5), "tenth": Fraction(1, 10), "thirds": Fraction(2, 3),
           "quarters": Fraction(3, 4)}
# "half of them", "a third of the 900", "two-thirds of its 60 members"
_PORTION = re.compile(
    r"\b(?:(?:a|one)\s+(third|quarter|fifth|tenth)|(half)|two[\s-]+(thirds)|"
    r"three[\s-]+(quarters))\s+of\s+(?:(them|those|these)\b|(?:the|its|their|all)\s+)",
    re.IGNORECASE)


_BOUND_BEFORE = re.compile(r"\b(?:more|less|fewer)\s+than\s+\Z|\b(?:nearly|almost|about|"
                           r"around|roughly|over|under|some|approximately|up\s+to)\s+\Z",
                           re.IGNORECASE)
_BOUND_AFTER = re.compile(r"\s*(?:or\s+(?:more|fewer|less)|at\s+(?:least|most))\b",
                          re.IGNORECASE)
_SHARE_STEMS = frozenset("half third quarter fifth tenth".split())  # noqa: SIM905
_PREPOSITION = re.compile(r"\b(?:from|in|across|of|at|to|among)\s+\Z", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.()]|\band\b|\bwhile\b|\bbut\b", re.IGNORECASE)


def portion_of(cm: Mention, claim_stems: set[str], sentence: str, figures: list[Mention],
               stating: bool, claim_values: set[tuple[str, Decimal]],
               claim_names: frozenset[str] = frozenset()) -> tuple[Mention, str] | None:
    """The source count ``cm`` is a portion of, with the portion's words ("half"), or
    None. ``figures``: the sentence's mentions; ``claim_stems``: the claim's words;
    ``stating``: the sentence carries the claim (else the claim must give the count the
    portion is of too: "30 of the festival's 90 volunteers" / "A third of its 90
    volunteers")."""
    if cm.kind != "count":
        return None
    words: list[Token] | None = None
    for match in _PORTION.finditer(sentence):
        if (_BOUND_BEFORE.search(sentence, max(0, match.start() - 16), match.start())
                or _BOUND_AFTER.match(sentence, match.end())):
            continue  # "more than half of its 300 staff", "half of them or more": no 150
        share = _SHARES[next(g for g in match.groups()[:4] if g).casefold()]
        if match.group(5):  # "them": the count before it
            base = _antecedent([m for m in figures if m.end <= match.start()], sentence)
            after = match.end()
        else:  # "of the 300 films": the count right after
            base = next((m for m in figures if m.start == match.end()), None)
            after = base.end if base else match.end()
        # of what the claim's figure counts: not "of its 900 staff" for "150 films"
        if (base is None or base.kind != "count" or not base.right
                or base.right[0] not in claim_stems):
            continue
        if not (stating or (base.kind, base.value) in claim_values):
            continue
        # counted by the claim's verb: "contested 40 seats, half of them in the north,
        # and won 12" gives no 20 seats won
        done = [s for s in base.left if s not in _SHARE_STEMS]
        if done and done[0] not in claim_stems:
            continue
        # and the portion is the claim's: "half of them by first-time directors" is no
        # count of films by women, "a third of them girls" none of boys
        own = [t.stem for t in tokenize(_CLAUSE_END.split(sentence[after:], 1)[0])
               if t.content][:3]
        if own and not set(own) & claim_stems:
            continue
        # nor another name's: "Cannes screened 300 films, half of them by newcomers,
        # while Venice screened 200" gives Venice no 150
        words = words if words is not None else tokenize(sentence)
        named_after = {t.stem for t in words if t.start >= match.end()} & claim_names
        if named_after - {t.stem for t in words if t.end <= match.start()}:
            continue
        part = Fraction(base.value) * share
        if part.denominator == 1 and Decimal(part.numerator) == cm.value:
            return base, match.group().split(" of")[0].strip()
    return None


def _antecedent(before: list[Mention], sentence: str) -> Mention | None:
    """What "half of them" counts: the last count before it that is no former value
    ("down from 300 films last year") nor a place's in a phrase ("from 52 countries")."""
    for m in reversed(before):
        if former(m, sentence) or _PREPOSITION.search(sentence, max(0, m.start - 8), m.start):
            continue
        return m
    return None


def portion_given(cm: Mention, claim_tokens: list[Token], index: SourceIndex,
                  sentences: list[int], stating: set[int],
                  claim_values: set[tuple[str, Decimal]]) -> str:
    """What the reviewer is told where one of ``sentences`` gives the claim's count
    ``cm`` as a portion ("“150” is half of the page's “300 films”"), else "".
    ``stating``: the sentences that carry the claim."""
    claim_stems = {t.stem for t in claim_tokens if t.content}
    names = frozenset(t.stem for t in claim_tokens[1:] if t.content and t.text[:1].isupper())
    for k in dict.fromkeys(sentences):
        found = portion_of(cm, claim_stems, sentence_text(index, k),
                           sentence_mentions(index, k), k in stating, claim_values, names)
        if found is not None:
            base, words = found
            return f"“{cm.text}” is {words} of the page's “{base.phrase}”"
    return ""
