"""A month is a date: a claim's "will close its factory in the town of Zgierzno in
September" is contradicted by the sentence that states it saying "in the town of
Zgierzno in November", the other month where the claim's month stands. A month named
elsewhere in the page ("wound down from September") is no backing for it."""

from __future__ import annotations

import re

from .contradict import Contradiction, stating_sentence
from .figures import sentence_text
from .index import SourceIndex
from .slots import in_claims_slot
from .text import Token, stem

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_SHORT = {"jan": "january", "feb": "february", "aug": "august", "sept": "september",
          "sep": "september", "oct": "october", "nov": "november", "dec": "december"}
# after a word that dates by it, so "May" the verb or the name is no month; and with no
# day after it ("in September", not "September 3": a date, the figures' to compare)
_MONTH = re.compile(
    r"\b(?:in|from|by|until|till|since|during|before|after|last|next|this|early|late|"
    r"mid|end\s+of|start\s+of|beginning\s+of)[\s-]+(?P<month>" + "|".join(MONTHS)
    + r"|(?:jan|feb|aug|sept?|oct|nov|dec)\.)\b(?![\s-]*\d)", re.IGNORECASE)


def _month(match: re.Match[str]) -> str:
    word = match["month"].casefold().rstrip(".")
    return _SHORT.get(word, word)


def _months(text: str) -> list[re.Match[str]]:
    """The months ``text`` dates by, capitalised as months are ("this may delay" is no
    May; "in Augusta" no August)."""
    return [m for m in _MONTH.finditer(text) if m["month"][:1].isupper()]


def month_flip(claim: str, tokens: list[Token], index: SourceIndex, searched: list[int],
               aliases: dict[str, str]) -> Contradiction | None:
    """The sentence stating the claim that gives another month where the claim's one
    stands, or None."""
    said = _months(claim)
    if len({_month(m) for m in said}) != 1:
        return None
    month = _month(said[0])
    stems = {aliases.get(t.stem, t.stem) for t in tokens if t.content} - {stem(month)}
    best = stating_sentence(stems, index, searched)
    if best < 0:
        return None
    sentence = sentence_text(index, best)
    if re.search(rf"\b{month}\b", sentence, re.IGNORECASE):
        return None
    others = [m for m in _months(sentence) if _month(m) != month]
    if len({_month(m) for m in others}) != 1:
        return None
    if not in_claims_slot(tokens, stem(month), sentence, {stem(_month(others[0]))}):
        return None
    return Contradiction("number", said[0].group(), others[0].group(), best)
