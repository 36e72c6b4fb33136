"""Words news copy uses for one another: a claim word the source says another way.

A short hand-made list, not a thesaurus: each group holds words a sub-editor swaps
without changing the fact ("shut" / "close", "quit" / "resign", "hurt" / "injure").
Hypernyms ("car" / "vehicle"), near-misses ("attract" / "receive") and words with a
second everyday meaning that would change a fact are left out. (A thesaurus, WordNet's
two most frequent senses, was measured in the third session and did not pay: it
matched words whose sense the sentence did not share; docs/evidence.md.)
"""

from __future__ import annotations

from .irregular import VERB_FORMS
from .text import stem

_GROUPS = (
    "shut close", "quit resign", "hurt injure wound", "fall fell fallen drop decline decrease",
    "rise rose risen climb increase raise", "buy bought purchase acquire acquisition",
    "begin began begun start commence",
    "finish conclude complete", "stop cease halt", "die death", "big large",
    "help aid assist", "build built construct",
    "cut reduce axe", "hire recruit", "fire dismiss sack", "ban prohibit forbid bar outlaw",
    "allow permit", "need require", "try attempt", "answer reply respond",
    "choose chose chosen select pick", "keep kept retain", "plan intend", "doctor physician",
    "film movie", "lawyer attorney", "firm company", "shop store", "talk speak spoke spoken",
    "kill slay", "rich wealthy", "wreck destroy",
    "beat beaten defeat", "say said tell told", "regulator watchdog", "current existing",
    "steady unchanged", "difficulty trouble",
    "unveil reveal announce", "refuse reject",
    # eighth session: words digests swap for their sources' (blind set I)
    "probe investigation inquiry", "consecutive straight successive", "forecast predict",
    "surpass exceed", "deal agreement pact accord", "worker employee",
    "launch debut", "lawmaker legislator", "report post",
    # eleventh session (blind set O)
    "plunge tumble slump", "warn caution", "newly freshly", "location site",
    # (blind set P)
    "abandon scrap axe", "soar surge", "shopper customer",
    "jail imprison prison",
    # (blind set Q)
    "violate breach", "outlook guidance",
    # thirteenth session (blind set V; "arrest", "move", "scheme" and the compass points
    # were taken out again: "cardiac arrest", "Carlsen's move", "a Ponzi scheme", "South
    # Africa" / "southern Africa")
    "job position", "completely entirely fully",
    # sixteenth session (blind set X): what was halted starts again
    "resume restart",
    # weekdays written short ("Tue–Fri"); not "wed", "sat" (verbs) nor "sun"
    "mon monday", "tue tues tuesday", "thu thur thurs thursday", "fri friday",
)


def _table() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    # an irregular verb's forms are one word, as a regular verb's tenses share a stem
    for group in _GROUPS + VERB_FORMS:
        stems = frozenset(stem(w) for w in group.split())
        for s in stems:
            out[s] = out.get(s, frozenset()) | (stems - {s})
    return out


#: Stem -> the stems that say the same thing.
SYNONYMS: dict[str, frozenset[str]] = _table()


def same_sense(stem_: str) -> str:
    """One stem standing for its whole group (itself when it has none), so two words
    of one group compare equal: "dropped to 3.9%" binds like "fell to 3.9%"."""
    group = SYNONYMS.get(stem_)
    return min(group | {stem_}) if group else stem_
