"""Where it happened: a claim that puts its event in one place where the source's
sentence puts that event in another, and the claim's place beside an event of its own
("robbed a bank in Tollbridge" / "robbed the First Harbor Bank branch on Main Street in
Elmford ... and were arrested about 40 minutes later in neighbouring Tollbridge").

Every word and name of such a claim is in the source, so the words alone would back it;
which event the place belongs to is the fact. An event is the verbs among the lower-case
content words just before the place's preposition, in its clause (a past form: "robbed",
"born", "held"); two events are one where they share a verb. The subject and the object
are no event: "The singer was born in Cork and grew up in Dublin" puts no "raised" in
Cork for sharing "singer", nor "trained as a surgeon in Edinburgh" a surgeon's work.
Read only where the source has the claim's place beside another event, and the claim's
event beside another place.
"""

from __future__ import annotations

import re

from .contradict import Contradiction, sentence_text
from .index import SourceIndex
from .page_dates import MONTHS, WEEKDAYS
from .synonyms import SYNONYMS
from .text import content_stems, name_words, tokenize
from .verbs import is_verb_form

_AT = re.compile(
    r"\b(?:in|at|near|outside)\s+(?:the\s+)?(?:(?:neighbou?ring|nearby|central|downtown|"
    r"northern|southern|eastern|western|north|south|east|west)\s+)?"
    r"(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
_CLAUSE_START = re.compile(r"[,;:()]|\band\b|\bbut\b|\bwhile\b|\bwho\b|\bwhich\b|\bwhere\b")
#: The content words before a place's preposition that name its event.
_EVENT_WORDS = 4
_NOT_PLACES = frozenset(MONTHS) | frozenset(WEEKDAYS)


def _places(text: str) -> list[tuple[frozenset[str], frozenset[str]]]:
    """Each place of ``text`` after "in", "at", "near" with its event: (place words,
    event stems)."""
    found = []
    for m in _AT.finditer(text):
        place = frozenset(w.casefold() for w in name_words(m["place"]))
        if not place or place & _NOT_PLACES:
            continue
        before = text[:m.start()]
        starts = [c.end() for c in _CLAUSE_START.finditer(before)]
        clause = before[starts[-1] if starts else 0:]
        words = [t for t in tokenize(clause) if t.content and t.text[0].islower()]
        # "has taken place" is the event "held"
        event = [("held" if t.lower in ("taken", "took", "takes", "take")
                  and clause[t.end:].lstrip().startswith("place") else t.stem)
                 for t in words[-_EVENT_WORDS:] if is_verb_form(t.lower)
                 or t.lower in ("take", "takes")]
        found.append((place, frozenset(event)))
    return found


def _same_event(one: frozenset[str], other: frozenset[str]) -> bool:
    return bool(one & other) or any(SYNONYMS.get(s, set()) & other for s in one)


def place_moved(claim: str, index: SourceIndex, sentences: list[int]) -> Contradiction | None:
    """The claim's event at another place in a searched sentence that carries the
    claim, the claim's place there beside another event, and nowhere beside its own."""
    topic = set(content_stems(claim))
    for place, event in _places(claim):
        if not event:
            continue
        moved_at: int | None = None
        instead = ""
        for k in sentences:
            text = sentence_text(index, k)
            there = _places(text)
            if not any(p & place for p, _ in there):
                continue
            if len(topic & set(index.sentence_stems[k])) < 0.5 * len(topic):
                continue
            for p, e in there:
                if p & place and (_same_event(event, e) or not e):
                    # the source has the place as the claim does, or beside no words
                    # that say what happened there ("..., Gabriel Lowan in Beauty and
                    # the Beast")
                    return None
            rival = next((p for p, e in there if not p & place and _same_event(event, e)
                          and not any(w in claim.casefold() for w in p)), None)
            if rival is not None and moved_at is None:
                moved_at = k
                instead = next(m["place"] for m in _AT.finditer(text)
                               if frozenset(w.casefold() for w in name_words(m["place"]))
                               == rival)
        if moved_at is not None:
            said = next(m["place"] for m in _AT.finditer(claim)
                        if frozenset(w.casefold() for w in name_words(m["place"])) == place)
            return Contradiction("place", f"in {said}",
                                 f"in {instead}: {sentence_text(index, moved_at)}", moved_at)
    return None
