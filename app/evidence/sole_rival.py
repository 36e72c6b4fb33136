"""The one figure of its kind where the claim's stands.

A story paraphrases the words around a figure as freely as the rest: "has given the
final go-ahead to the £460m Morfa Glas offshore wind farm" against "secured final
investment approval for the £640m project". No word binds the two figures, so the
binding reader sees no rival; but the page never gives £460m, and the sentence that
carries most of the claim gives one amount and only one. That amount is what the page
says instead. Read only where the claim has one figure of the kind, the page none of
its value, and the sentence one of the kind that the claim's does not round.
"""

from __future__ import annotations

import re

from .compare import alike, binding, compatible, same_value
from .figures import Mention
from .index import SourceIndex
from .numbers import number_found
from .text import Token

_RATE = re.compile(r"\s*(?:a|an|per|each|every)\s+(?:year|month|week|day|hour|head|person|"
                   r"share|annum)\b", re.IGNORECASE)
#: Kinds a sole rival is read for: values, not counts of times or ordinals.
_KINDS = frozenset(("money", "percent", "count", "date"))


def sole_rival(cm: Mention, claim: str, claim_mentions: list[Mention], rival_text: str,
               sentence: list[Mention], others: list[Mention], source_numbers: frozenset[str],
               claim_caps: frozenset[str] = frozenset()) -> Mention | None:
    """The one figure of ``cm``'s kind in ``sentence`` (the figures of the sentence that
    carries most of the claim), where the claim's value is nowhere in the page, and no
    figure of ``others`` (those of the other sentences searched) is bound to what the
    claim's is more closely ("Gross margin widened to 44.5%" for "gross margin widened
    to 54.5%", where the sentence carrying most of the claim gives revenue "up 22%")."""
    if cm.kind not in _KINDS or cm.in_range or cm.label:
        return None
    if cm.mention is None or number_found(cm.mention, source_numbers):
        return None
    if sum(1 for m in claim_mentions if m.kind == cm.kind) != 1:
        return None
    rivals = [sm for sm in sentence if alike(cm, sm)]
    if len(rivals) != 1 or any(sm.kind == cm.kind and not alike(cm, sm) for sm in sentence):
        return None
    rival = rivals[0]
    if same_value(cm, rival) or compatible(cm, rival):
        return None
    if cm.kind == "count" and cm.right[:1] and rival.right[:1] and cm.right[0] != rival.right[0]:
        return None  # "arrested five men" / "left 12 officers injured": another noun counted
    if rival.names - cm.names - claim_caps:
        return None  # "fell 1.2%" bound to "FTSE 100", not the claim's "Halvorsen"
    if _RATE.match(rival_text, rival.end) or _RATE.match(claim, cm.end):
        return None  # "worth £8m a year" is a rate, the claim's "£40m" maybe its total
    bound = binding(cm, rival)
    if any(binding(cm, sm) > bound for sm in others if alike(cm, sm)):
        return None
    return rival


def names_in(claim_tokens: list[Token], index: SourceIndex, k: int) -> bool:
    """Whether sentence ``k`` has every capitalised word of the claim that the page has:
    the sentence is about the claim's own subject ("five cement companies a total of
    €6.9 million" is no answer for "fined Castellan Cement €4.2 million")."""
    caps = {t.stem for t in claim_tokens[1:] if t.content and t.text[:1].isupper()}
    return caps & index.stems <= set(index.sentence_stems[k])
