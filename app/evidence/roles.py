"""Who is ahead of whom: a claim that names a winner and a loser either side of a verb
of ranking ("Harwick leads Benning 48% to 45%", "Arsenal beat Everton 3-1") where the
source's sentence has them the other way round ("Benning leading Harwick 48% to 45%";
"Everton beat Arsenal"; "Harwick trails Benning").

Every figure and name of such a claim is in the source, so the words alone would back
it; the order is the fact. Read only where each side is a name the source has, the
verb is next to both, and the source's sentence uses a verb of the same kind.
"""

from __future__ import annotations

import re

from .contradict import Contradiction, sentence_text
from .index import SourceIndex
from .text import extract_names, name_words

# The verbs of ranking, by what the first name is: ahead of the second ("leads",
# "beat", "defeated", "edged", "overtook", "outpolled") or behind it ("trails").
_AHEAD = (r"lead|leads|leading|led|beat|beats|beaten|beating|defeat|defeats|defeated|defeating|"
          r"edged|edges|edging|overtook|overtakes|overtaken|overtaking|outpolled|outpolls|"
          r"outsold|outsells|outscored|outscores|outpaced|outpaces")
_BEHIND = r"trail|trails|trailed|trailing"
_VERB = re.compile(rf"\b(?:(?P<ahead>{_AHEAD})|(?P<behind>{_BEHIND}))\b(?P<by>\s+by\b)?",
                   re.IGNORECASE)
#: How far a name may stand from the verb: a title or "the" between is allowed
#: ("leads Democrat Laura Benning", "beat the Everton side").
_GAP = 16


def _sides(text: str, verb: re.Match[str]) -> tuple[str, str] | None:
    """The names just before and just after ``verb`` in ``text``, or None."""
    before = after = None
    # "so ": a name opening the sentence ("Arsenal beat Everton") is a name here
    for name in extract_names("so " + text):
        for m in re.finditer(re.escape(name), text):
            if 0 <= verb.start() - m.end() <= _GAP and "," not in text[m.end():verb.start()]:
                before = name
            elif 0 <= m.start() - verb.end() <= _GAP and "," not in text[verb.end():m.start()]:
                after = after or name
    if before is None or after is None:
        return None
    return before, after


def _order(text: str, verb: re.Match[str]) -> tuple[frozenset[str], frozenset[str]] | None:
    """(ahead, behind) as name words, read from the verb beside two names."""
    sides = _sides(text, verb)
    if sides is None:
        return None
    first, second = (frozenset(name_words(n)) for n in sides)
    if not first or not second or first & second:
        return None
    # "trails", or a passive ("was defeated by"), puts the second name ahead
    ahead_first = bool(verb.group("ahead")) != bool(verb.group("by"))
    return (first, second) if ahead_first else (second, first)


def _same(claim_side: frozenset[str], source_side: frozenset[str]) -> bool:
    # "Laura Benning" in the claim, "Benning" in the source: a shared word is the name
    return bool(claim_side & source_side)


def swapped_roles(claim: str, index: SourceIndex, sentences: list[int]) -> Contradiction | None:
    """The claim's winner and loser the other way round in a searched sentence."""
    for verb in _VERB.finditer(claim):
        said = _order(claim, verb)
        if said is None:
            continue
        ahead, behind = said
        if not all(w in index.words for w in ahead | behind):
            continue
        for k in sentences:
            text = sentence_text(index, k)
            for source_verb in _VERB.finditer(text):
                there = _order(text, source_verb)
                if there is None:
                    continue
                if _same(ahead, there[1]) and _same(behind, there[0]):
                    first, second = _sides(claim, verb) or ("", "")
                    return Contradiction("order", f"{first} {verb.group(0).strip()} {second}",
                                         text, k)
                if _same(ahead, there[0]) and _same(behind, there[1]):
                    return None  # the source has them as the claim does
    return None
