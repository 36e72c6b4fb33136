"""Words a sentence names without asserting them: what someone hoped, expected,
feared or asked for ("dashing hopes that it would reopen", "defying expectations of a
rise"), left undecided ("have not decided whether to file charges") or only possible
("the storm could come ashore farther north"). Such a word is
no use of the claim's word by the source: "remained closed on Friday, dashing hopes that
it would reopen" does not say it reopened."""

from __future__ import annotations

import re
from functools import lru_cache

from .figures import sentence_text
from .index import SourceIndex
from .synonyms import same_sense
from .text import stem, tokenize

# the cue, then its clause up to punctuation or a clause word
_CUE = re.compile(r"\b(?:hopes?|hoped|hoping|expectations?|fears?|feared|fearing|"
                  # what someone asks for ("a petition calling for the reopening")
                  # (not the noun: "Demand for electricity rose 4%")
                  r"demands?\s+that|demanded|demanding|urged|urging|(?:calls?|called|calling)\s+for)\s+"
                  r"(?:that\s+|of\s+|for\s+)?(?P<clause>[^,;:.()]{1,60})", re.IGNORECASE)
_CLAUSE_END = re.compile(r"\b(?:but|and|while|which|who|after|before|when|as|"
                         # a verb of its own ends what was asked for: "Calls for a ban
                         # on e-scooters were rejected"
                         r"was|were|is|are|has|have|had)\b", re.IGNORECASE)
_CUE_STEMS = ("hope", "Hope", "hoping", "Hoping", "xpectation", "fear", "Fear", "emand",
              "urg", "Urg", "all")
#: Content words of the hoped-for clause read as not asserted.
_MOST = 5


@lru_cache(maxsize=4096)
def unasserted(sentence: str) -> frozenset[str]:
    """The stems of the content words ``sentence`` names only as hoped, expected or
    feared."""
    out: set[str] = set()
    # (most sentences have no cue: a plain substring test spares them the pattern)
    if not any(word in sentence for word in _CUE_STEMS):
        return frozenset()
    spans = []
    for cue in _CUE.finditer(sentence):
        clause = cue["clause"]
        end = _CLAUSE_END.search(clause)
        start = cue.start("clause")
        words = [t for t in tokenize(clause[:end.start()] if end else clause, start)
                 if t.content][:_MOST]
        out.update(t.stem for t in words)
        if words:
            spans.append((cue.start(), words[-1].end))
    # a word the sentence also says outside what was asked for is its own: "After
    # residents urged the council to reopen the pool, ..., it reopened on Friday"
    said = {t.stem for t in tokenize(sentence) if t.content
            and not any(s <= t.start < e for s, e in spans)}
    return frozenset(out - said)


# an action left open: "whether to file charges", "whether or not to appeal", or only
# possible: "the storm could come ashore farther north"
_UNDECIDED = re.compile(r"(?:\bwhether\s+(?:or\s+not\s+)?to|\b(?:could|might)(?:\s+have)?)"
                        r"\s+(?P<clause>[^,;:.()]{1,60})", re.IGNORECASE)
# what "could" asserts rather than leaves open: an ability denied or limited ("could not
# reach", "could only cross", "could no longer afford") or a perception ("could hear
# shouting", "could be seen across the city")
# (not "could only be built with £20m", a condition; nor "could see fares rise", a
# forecast; and "might not sail" leaves it open: only "could" asserts)
_ASSERTED_COULD = re.compile(r"(?:not|n't|never|only(?!\s+be\b)|no\s+longer|hardly|barely|"
                             r"scarcely|(?:\w+ly\s+)?(?:hear|smell|feel|sense)|"
                             r"be\s+(?:seen|heard|felt))\b", re.IGNORECASE)
# the question settled later in the same sentence: "whether to convict him, finding him
# guilty", "voted on whether to strike, with 92% backing"
_SETTLED = re.compile(r"\b(?:decid(?:ed|ing)|agree(?:d|ing)|approv(?:ed|ing)|"
                      r"back(?:ed|ing)(?!\s+by\b)|vot(?:ed|ing)(?=\s+(?:[\d-]+\s+)?(?:to|in\s+favou?r)\b)|"
                      # a verdict, not a discovery: "finding him guilty", not "having
                      # found traces of asbestos"
                      r"f(?:ound|inding)(?=\s+(?:\w+\s+)?(?:guilty|liable|responsible|in\s+favou?r)\b)|"
                      r"opt(?:ed|ing)|cho(?:se|osing)|resolv(?:ed|ing))\b"
                      r"(?!\s+(?:\w+\s+)?(?:against|not|innocent)\b)", re.IGNORECASE)
# a decision still to come: "a question that will be decided in June", "due to decide"
_NOT_BEFORE = re.compile(r"\b(?:not|n't|yet\s+to|never|will|would|could|may|might|shall|to)\s+"
                         r"(?:yet\s+)?(?:be\s+)?$", re.IGNORECASE)
# what was decided, where the decision says: "decided to keep it open" settles "whether
# to close it" the other way; "opted for voluntary codes" is another thing
_DECIDED_TO = re.compile(r"\s+(?:\w+\s+)?(?:to|for)\s+([^\W\d_]+)", re.IGNORECASE)
# the action ends where its object begins: "whether to sell its mill" leaves the mill a
# fact, "could reach the coast next week" the coast
_OBJECT_START = re.compile(r"\b(?:the|a|an|its|his|her|their|our|my|your|this|that|these|"
                           r"those|next|last|later|soon|in|on|at|by|to|from|for|with)\b",
                           re.IGNORECASE)
# (lower case where a capital makes a name or a month: "Will Hendry", "in May"; and not
# "the proposed bypass", a thing's name, no hedge of what was done to it)
_MODAL = re.compile(r"\b(?:can|could|may|might|would|will|should|likely|expected|possibly|"
                    r"potentially|potential|possible|perhaps|if|Could|Might|Would|Should|"
                    r"Likely|Expected|Possibly|Potentially|Perhaps|If)\b")
#: The action and what it does, the object left out: "whether to file charges against
#: the driver" leaves the driver a fact.
_MOST_UNDECIDED = 2


@lru_cache(maxsize=4096)
def undecided_phrases(sentence: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each action ``sentence`` leaves undecided or only possible ("whether to file
    charges", "could come ashore") with the stems of its words, apart from words the
    sentence also says outside it."""
    if "hether" not in sentence and "ould" not in sentence and "ight" not in sentence:
        return ()
    found = []
    for cue in _UNDECIDED.finditer(sentence):
        clause = cue["clause"]
        if cue.group().lower().startswith("whether"):
            first_word = re.match(r"\s*([^\W\d_]+)", clause)
            verb = stem(first_word[1]) if first_word else ""
            if _settled(sentence[cue.end("clause"):], frozenset({verb, same_sense(verb)})):
                continue
        elif cue.group().lower().startswith("could") and _ASSERTED_COULD.match(clause):
            continue
        end = _CLAUSE_END.search(clause)
        action = clause[:end.start()] if end else clause
        # (the first word is the action itself, never cut: "could next ...")
        first = re.match(r"\s*\S+", action)
        obj = _OBJECT_START.search(action, first.end() if first else 0)
        words = [t for t in tokenize(action[:obj.start()] if obj else action,
                                     cue.start("clause")) if t.content][:_MOST_UNDECIDED]
        # (a name in it is a thing, no action: "whether to close the Elm Road library")
        words = [t for t in words if not t.text[0].isupper()]
        if words:
            found.append((cue.start(), words[-1].end, {t.stem for t in words}))
    said = {t.stem for t in tokenize(sentence) if t.content
            and not any(s <= t.start < e for s, e, _ in found)}
    return tuple((sentence[s:e], frozenset(stems - said)) for s, e, stems in found
                 if stems - said)


def _settled(rest: str, action: frozenset[str]) -> bool:
    """Whether the words after a "whether to ..." settle it: a decision stated, not
    denied nor still to come, and where it says what was decided, the action itself
    ("deciding to close it", "finding him guilty"; not "has not decided", "decided
    to keep it open"). ``action``: the stems of the undecided action's words."""
    for m in _SETTLED.finditer(rest):
        if _NOT_BEFORE.search(rest[:m.start()]):
            continue
        decided = _DECIDED_TO.match(rest, m.end())
        if decided and not {stem(decided[1]), same_sense(stem(decided[1]))} & action:
            continue
        return True
    return False


def undecided(sentence: str) -> frozenset[str]:
    """The stems of the actions ``sentence`` leaves undecided."""
    return frozenset().union(*(stems for _, stems in undecided_phrases(sentence)))


def named_only_undecided(claim: str, terms: list[str], aliases: dict[str, str],
                         index: SourceIndex, pid: int) -> dict[str, str]:
    """The claim's words the passage names only as an action left undecided or only
    possible, each with that phrase of the passage: "have charged the driver" against
    "have not yet decided whether to file charges against the driver" gives "whether to
    file charges"; "came ashore near Cape Morrow" against "could come ashore farther north
    near Cape Morrow" gives "could come ashore"."""
    if undecided(claim) or _MODAL.search(claim):
        # the claim leaves it open or hedges itself: its words are read as the source's
        return {}
    p = index.passages[pid]
    named_as_question = _gerunds(claim)
    out = {}
    for term in terms:
        source_stem = aliases.get(term)
        if source_stem is None or term in named_as_question:
            continue
        where = [k for k in range(p.first, p.last + 1)
                 if source_stem in index.sentence_stems[k]]
        phrases = [phrase for k in where for phrase, stems in
                   undecided_phrases(sentence_text(index, k)) if source_stem in stems]
        if where and len(phrases) >= len(where):
            out[term] = phrases[0]
    return out


# what a question is put with: "is weighing closing", "debated extending", "a
# referendum on leaving" (not "backed adopting", a decision)
_PUT_AS_QUESTION = frozenset({"weigh", "consid", "debat", "discuss", "explor", "mull",
                              "contempl", "studi", "review", "examin", "on", "about", "over",
                              "into", "of"})


def _gerunds(claim: str) -> frozenset[str]:
    """The claim's -ing words that name an action put as a question rather than say it
    is under way or done: "is weighing closing the library", "a referendum on leaving"
    (not "is closing", nor "backed adopting")."""
    tokens = tokenize(claim)
    return frozenset(t.stem for i, t in enumerate(tokens)
                     if t.lower.endswith("ing") and i > 0
                     and (tokens[i - 1].stem in _PUT_AS_QUESTION
                          or tokens[i - 1].lower in _PUT_AS_QUESTION))
