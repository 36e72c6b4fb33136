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
from .numbers import extract_numbers
from .text import content_stems, extract_names, name_words

# The verbs of ranking, by kind (a poll's lead and a match's result are not compared)
# and by what the first name is: ahead of the second ("leads", "beat") or behind it
# ("trails"). A passive ("was beaten by") puts the second name ahead.
_KINDS = {
    "lead": (r"lead|leads|leading|led|overtook|overtakes|overtaken|overtaking|outpolled|"
             r"outpolls|outpaced|outpaces", r"trail|trails|trailed|trailing"),
    "beat": (r"beat|beats|beaten|beating|defeat|defeats|defeated|defeating|edged|edges|"
             r"edging|outsold|outsells|outscored|outscores", ""),
}
_VERB = re.compile("|".join(
    rf"(?P<{kind}_ahead>\b(?:{ahead})\b)" + (rf"|(?P<{kind}_behind>\b(?:{behind})\b)"
                                              if behind else "")
    for kind, (ahead, behind) in _KINDS.items()), re.IGNORECASE)
_PARTICIPLES = frozenset("beaten defeated overtaken outpolled outscored edged led".split())  # noqa: SIM905
# "the lead" is a noun ("lost the lead to Benning"), not a verb of ranking
_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|its|his|her|their)\s+\Z", re.IGNORECASE)
#: How far a name may stand from the verb: a title or "the" between is allowed
#: ("leads Democrat Laura Benning", "beat the Everton side", "beaten 3-1 by Arsenal").
_GAP = 16


def _kind(verb: re.Match[str]) -> str:
    return next(k for k, v in verb.groupdict().items() if v).split("_")[0]


def _sides(text: str, verb: re.Match[str]) -> tuple[str, str, int] | None:
    """The names just before and just after ``verb`` in ``text``, and where the second
    begins; or None."""
    before = after = None
    after_at = -1
    # "so ": a name opening the sentence ("Arsenal beat Everton") is a name here
    for name in extract_names("so " + text):
        for m in re.finditer(re.escape(name), text):
            if 0 <= verb.start() - m.end() <= _GAP and "," not in text[m.end():verb.start()]:
                before = name
            elif (0 <= m.start() - verb.end() <= _GAP and "," not in text[verb.end():m.start()]
                  and after is None):
                after, after_at = name, m.start()
    if before is None or after is None:
        return None
    return before, after, after_at


def _order(text: str, verb: re.Match[str]) -> tuple[frozenset[str], frozenset[str]] | None:
    """(ahead, behind) as name words, read from the verb beside two names."""
    if _NOUN_BEFORE.search(text[:verb.start()]):
        return None
    sides = _sides(text, verb)
    if sides is None:
        return None
    first, second = (frozenset(name_words(n)) for n in sides[:2])
    if not first or not second or first & second:
        return None
    behind = any(v for k, v in verb.groupdict().items() if k.endswith("_behind"))
    # a passive ("were beaten 3-1 by Arsenal"); "leads by 3 points" is none
    passive = (verb.group().casefold() in _PARTICIPLES
               and re.search(r"\bby\b", text[verb.end():sides[2]]) is not None)
    return (second, first) if behind != passive else (first, second)


def _same(claim_side: frozenset[str], source_side: frozenset[str]) -> bool:
    # "Laura Benning" in the claim, "Benning" in the source: a shared word is the name
    return bool(claim_side & source_side)


def swapped_roles(claim: str, index: SourceIndex, sentences: list[int]) -> Contradiction | None:
    """The claim's winner and loser the other way round in a searched sentence that
    carries the claim, and in none the way the claim has them."""
    topic = set(content_stems(claim))
    # the sentence must be about the claim's event: its figures, where it has some
    # ("3-1", "48% to 45%"), and not only the two names ("had beaten Arsenal in the
    # reverse fixture")
    figures = {key for n in extract_numbers(claim) for key in n.keys}
    for verb in _VERB.finditer(claim):
        said = _order(claim, verb)
        if said is None:
            continue
        ahead, behind = said
        if not all(w in index.words for w in ahead | behind):
            continue
        reversed_at: int | None = None
        for k in sentences:
            if len(topic & set(index.sentence_stems[k])) < 0.5 * len(topic):
                continue
            if figures and not figures & index.sentence_numbers[k]:
                continue
            text = sentence_text(index, k)
            for source_verb in _VERB.finditer(text):
                there = _order(text, source_verb) if _kind(source_verb) == _kind(verb) else None
                if there is None:
                    continue
                if _same(ahead, there[0]) and _same(behind, there[1]):
                    return None  # the source has them as the claim does
                if reversed_at is None and _same(ahead, there[1]) and _same(behind, there[0]):
                    reversed_at = k
        if reversed_at is not None:
            first, second, _ = _sides(claim, verb) or ("", "", 0)
            return Contradiction("order", f"{first} {verb.group(0).strip()} {second}",
                                 sentence_text(index, reversed_at), reversed_at)
    return None
