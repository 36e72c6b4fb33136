"""The sentence that states the claim says the opposite: the claim negates what it
asserts, it negates what the claim asserts ("is not considered suspicious"), or one has
a word and the other its opposite ("rose" / "fell")."""

from __future__ import annotations

import re

from .figures import sentence_text
from .index import SourceIndex
from .irregular import VERB_FORMS
from .negation import is_negation, negation_scope
from .slots import in_claims_slot
from .synonyms import SYNONYMS
from .text import Token, stem, tokenize
from .unasserted import unasserted
from .verbs import is_verb_form

#: A passage sentence carrying this share of the claim's words states the claim; only
#: such sentences are compared for negation.
ALIGNED = 0.6
#: A claim drawn from two sentences of its passage ("Saturday night's fire at a disused
#: warehouse" / "the fire was not being treated as suspicious"): the sentence denying
#: three of its words, or two, one the very word its cue governs, needs only this share.
ALIGNED_PART = 0.4

#: A verb's past form the stemmer keeps apart from the form "did not" takes ("found" /
#: "did not find"): the irregular verbs' forms (:mod:`.irregular`), and the pasts kept
#: out of that list or written in synonym groups ("left", "paid", "told", "rose").
_PAST_FORMS = {
    stem(form): stem(base)
    for group in VERB_FORMS for base, *forms in [group.split()] for form in forms
    if stem(form) != stem(base)
} | dict(pair.split("/") for pair in
         "told/tell built/build began/begin kept/keep chose/choos left/leav paid/pay "
         "bought/buy rose/rise fell/fall".split())

# Pairs of words whose swap flips a claim ("rose" where the source says "fell").
_OPPOSITES = [
    ("increas", "decreas"), ("rise", "fall"), ("rose", "fell"), ("gain", "loss"),
    ("higher", "lower"), ("more", "less"), ("win", "lose"), ("won", "lost"),
    ("approv", "reject"), ("allow", "ban"), ("accept", "declin"), ("befor", "after"),
    ("abov", "below"), ("larger", "smaller"), ("increas", "reduc"), ("grow", "shrink"),
    ("support", "oppos"), ("includ", "exclud"), ("success", "failur"), ("legal", "illeg"),
    ("open", "close"), ("reopen", "close"), ("accept", "reject"), ("resign", "reappoint"),
    ("overturn", "upheld"), ("overturn", "uphold"), ("acquit", "convict"),
    ("guilti", "innoc"), ("confirm", "deni"), ("admit", "deni"), ("lift", "impos"),
    ("extend", "lift"), ("extend", "end"), ("resign", "dismiss"), ("resign", "fire"),
    ("resign", "sack"), ("resign", "oust"), ("overturn", "dismiss"), ("overturn", "reject"),
    ("beat", "lost"), ("beat", "lose"), ("launch", "cancel"), ("launch", "postpon"),
    ("surviv", "die"), ("surviv", "kill"), ("alive", "dead"), ("open", "shut"),
    ("resum", "suspend"),
]
#: Phrases whose swap flips a claim, where no one word carries the sense ("went ahead"
#: where the source says "was called off", "claimed victory" / "conceded").
_PHRASE_OPPOSITES = [
    (re.compile(r"\b(?:go|goes|went|going|gone)\s+ahead\b|\b(?:took|takes)\s+place\b",
                re.IGNORECASE),
     re.compile(r"\b(?:call|calls|called|calling)\s+off\b|\bcancel\w*|\bpostpon\w*"
                r"|\bscrapped\b|\bcalled\s+it\s+off\b", re.IGNORECASE)),
    (re.compile(r"\b(?:claim|claims|claimed|claiming|declare|declares|declared|declaring)"
                r"\s+victory\b", re.IGNORECASE),
     re.compile(r"\bconced(?:e|es|ed|ing)\b", re.IGNORECASE)),
]
#: The comparisons among them, which modify any noun of a sentence.
_COMPARATIVES = frozenset("higher lower more less larger smaller abov below".split())  # noqa: SIM905
_OPPOSITE_OF: dict[str, set[str]] = {}
for _a, _b in _OPPOSITES:
    _OPPOSITE_OF.setdefault(_a, set()).add(_b)
    _OPPOSITE_OF.setdefault(_b, set()).add(_a)


#: A negation that reaches its word through a verb of judging: "not considered
#: suspicious", "not believed to be linked", "not seen as a threat".
_NOT_JUDGED = re.compile(
    r"\b(?:not|never)\s+(?:being\s+|been\s+)?(?:considered|deemed|believed|thought|regarded|treated|seen|"
    r"viewed)\s+(?:as\s+|to\s+be\s+)?(?:an?\s+|the\s+)?([\w-]+)", re.IGNORECASE)


def _denied_by_prefix(denied: set[str], stems: set[str]) -> bool:
    """Whether the sentence denies one of the claim's negated words with a prefix
    ("not available" / "remains unavailable", "not complete" / "incomplete"; compared on
    stems, so only a prefix the stemmer keeps apart from the word)."""
    return any(prefix + s in stems for s in denied for prefix in ("un", "in", "non"))


_UNLESS = re.compile(r"\bunless\b([^,;.]*)", re.IGNORECASE)


def _unless_words(claim: str) -> set[str]:
    """The stems of the words of the claim's "unless" clause: what it says happens only
    if they do not ("unless significant rain fell")."""
    return {t.stem for m in _UNLESS.finditer(claim) for t in tokenize(m.group(1)) if t.content}


def _compares_claims_thing(sentence: str, rivals: set[str], claim_stems: set[str]) -> bool:
    """Whether a comparative of ``rivals`` in ``sentence`` compares what the claim speaks
    of: the content word right after it, if any, is the claim's ("smaller than at
    Kirkwell", "were lower, it reported"; not "higher shipping costs")."""
    tokens = tokenize(sentence)
    for i, t in enumerate(tokens):
        if t.stem in rivals:
            # (its noun's words up to the next punctuation: "a smaller pre-tax loss")
            stop = next((m.start() for m in _PUNCTUATION.finditer(sentence, t.end)),
                        len(sentence))
            after = [u.stem for u in tokens[i + 1:i + 6] if u.content and u.start < stop][:3]
            if not after or set(after) & claim_stems:
                return True
    return False


_PUNCTUATION = re.compile(r"[,;:.!?()]")


def _opposite_in_slot(tokens: list[Token], claim_stems: set[str], stems: set[str],
                      sentence: str) -> bool:
    """Whether the sentence has a claim word and its opposite, the opposite where the
    claim's word stands ("expected to approve ..., but members voted 6-3 to reject it")."""
    for t in tokens:
        rivals = _OPPOSITE_OF.get(t.stem, set()) & (stems - claim_stems) if t.content else set()
        if rivals and in_claims_slot(tokens, t.stem, sentence, rivals):
            return True
    return False


def _phrase_flipped(claim: str, sentence: str) -> bool:
    """Whether the claim has one phrase of a pair and the sentence only the other, after
    a word the claim's phrase follows (its subject: "Mayor Dana Ferreira conceded" for
    "Mayor Dana Ferreira claimed victory"; not "Jones conceded the election to Smith"
    for "Smith claimed victory", nor "dozens of cancelled flights" for "the summit went
    ahead")."""
    for one, other in _PHRASE_OPPOSITES:
        for said, instead in ((one, other), (other, one)):
            claimed = said.search(claim)
            if (claimed is None or instead.search(claim) or said.search(sentence)):
                continue
            subject = _content_before(claim, claimed.start(), 2)
            if any(subject & _content_before(sentence, m.start(), 4)
                   for m in instead.finditer(sentence)):
                return True
    return False


_BEFORE = re.compile(r"\b(?:before|ahead\s+of|prior\s+to|in\s+the\s+run-up\s+to|"
                     r"on\s+the\s+eve\s+of)\s", re.IGNORECASE)
_AFTER = re.compile(r"\b(?:after|following)\s", re.IGNORECASE)
#: The event a "before" or "after" is of: its first content words ("the town's summer
#: festival", not "the town's summer" of a parade too).
_EVENT_WORDS = 3


def _order_flipped(claim: str, sentence: str) -> bool:
    """Whether the claim puts something before an event the sentence puts it after, or
    the other way round ("beginning before the town's summer festival" / "starting after
    the town's summer festival"): the same words of the event, the other preposition
    after the same verb (or its synonym), and the sentence never the claim's. Another
    verb's "after" is another fact: "stepped up patrols before Saturday's derby" /
    "12 fans were arrested after Saturday's derby"."""
    for said, instead in ((_BEFORE, _AFTER), (_AFTER, _BEFORE)):
        for m in said.finditer(claim):
            event = _content_after(claim, m.end())
            if len(event) < 2:
                continue
            said_of = _said_of(claim, m.start())
            if (any(_same_event(_content_after(sentence, o.end()), event)
                    and _same_deed(said_of, _said_of(sentence, o.start()))
                    for o in instead.finditer(sentence))
                    and not any(_same_event(_content_after(sentence, o.end()), event)
                                for o in said.finditer(sentence))):
                return True
    return False


def _same_event(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """The same first words, two at least, as far as the shorter goes ("the public
    hearing on May 3" / "the public hearing scheduled for May 3")."""
    n = min(len(one), len(other))
    return n >= 2 and one[:n] == other[:n]


def _said_of(text: str, at: int) -> tuple[set[str], set[str]]:
    """The content words of ``text`` before ``at``, within its clause: (the stems and
    synonyms of those read as verbs, the stems of all of them)."""
    clause = re.split(r"[,;:()]|\b(?:and|but|who|which)\b", text[max(0, at - 80):at])[-1]
    words = [t for t in tokenize(clause) if t.content]
    verbs: set[str] = set()
    for t in words:
        if is_verb_form(t.lower, ing=True):
            verbs |= {t.stem, *SYNONYMS.get(t.stem, ())}
    return verbs, {t.stem for t in words}


def _same_deed(one: tuple[set[str], set[str]], other: tuple[set[str], set[str]]) -> bool:
    """The same verb where both name one ("questioned" is not "released", whoever
    they are of); else a word in common ("will close for six weeks" / "six weeks
    starting")."""
    if one[0] and other[0]:
        return bool(one[0] & other[0])
    return bool(one[1] & other[1])


def _content_after(text: str, at: int) -> tuple[str, ...]:
    """The stems of the first content words of ``text`` after ``at``, within its clause."""
    clause = re.split(r"[,;:.()]", text[at:at + 60], maxsplit=1)[0]
    return tuple(t.stem for t in tokenize(clause) if t.content)[:_EVENT_WORDS]


def _content_before(text: str, at: int, most: int) -> set[str]:
    """The stems of the last ``most`` content words of ``text`` before ``at``."""
    return set([t.stem for t in tokenize(text[:at]) if t.content][-most:])


def _denies_directly(hit: set[str], sentence: str) -> bool:
    """Whether a cue of ``sentence`` negates one of ``hit`` directly ("not approved"),
    or through a verb of judging ("is not being treated as suspicious")."""
    if hit & negation_scope(tokenize(sentence), sentence, reach=1):
        return True
    return bool(hit & {stem(m.group(1)) for m in _NOT_JUDGED.finditer(sentence)})


def _answers_its_part(tokens: list[Token], claim_stems: set[str], claim_forms: set[str],
                      stems: set[str], negated: frozenset[str], sentence: str) -> bool:
    """For a sentence carrying only part of the claim (:data:`ALIGNED_PART`): whether it
    denies three of the claim's words, or two, one of them directly, or has the opposite
    of a claim word where the claim's word stands."""
    hit = negated & claim_forms
    return (len(hit) >= 3 or (len(hit) == 2 and _denies_directly(hit, sentence))
            or _opposite_in_slot(tokens, claim_stems, stems, sentence))


def negation_flipped(claim: str, tokens: list[Token], index: SourceIndex, pid: int,
                      aliases: dict[str, str]) -> int:
    """Whether the passage sentence that states the claim says the opposite.

    Only sentences carrying most of the claim's words are compared (a "not" elsewhere
    in the passage is about something else): the claim negates words that sentence
    asserts, the sentence negates words the claim asserts, or one uses a word and the
    other its opposite ("rose" / "fell"). Returns that sentence's index, or -1.
    """
    claim_stems = {aliases.get(t.stem, t.stem) for t in tokens if t.content}
    if not claim_stems:
        return -1
    claim_neg = {aliases.get(s, s) for s in negation_scope(tokens, claim)}
    # the word the claim's cue denies itself ("did not approve"): its object alone in
    # the sentence ("voted to block a bill") is no assertion of what the claim denies
    claim_denied = {aliases.get(s, s) for s in negation_scope(tokens, claim, reach=1)}
    claim_has_cue = any(is_negation(tokens, i) for i in range(len(tokens)))
    # ("unless it rains" is "if it does not rain": "If we don't see rain" says as much,
    # and denies nothing else the claim says)
    unless = _unless_words(claim)
    claim_forms = claim_stems | {_PAST_FORMS[s] for s in claim_stems if s in _PAST_FORMS}
    demanded = unasserted(claim)
    asserted = [t for t in tokens if t.stem not in demanded]
    p = index.passages[pid]
    # the sentences closest to the claim first: the one that states it is the one to read
    order = sorted(range(p.first, p.last + 1),
                   key=lambda k: -len(claim_stems & set(index.sentence_stems[k])))
    for k in order:
        stems = set(index.sentence_stems[k])
        share = len(claim_stems & stems) / len(claim_stems)
        negated = index.sentence_negated[k]
        sentence = sentence_text(index, k)
        if share < ALIGNED:
            if (share >= ALIGNED_PART and not claim_has_cue
                    and _answers_its_part(tokens, claim_stems, claim_forms, stems, negated,
                                          sentence)):
                return k
            continue
        if (claim_has_cue and claim_neg & stems and not negated
                and (claim_denied & stems or not claim_denied)
                and not _denied_by_prefix(claim_neg, stems)):
            return k
        hit = negated & claim_forms - unless
        # two shared words, or one the cue negates directly ("not approved")
        if not claim_has_cue and hit and (
                len(hit) >= 2 or _denies_directly(hit, sentence)):
            return k
        # (a claim word the sentence names only as hoped for is not its own: "remained
        # closed on Friday, dashing hopes that it would reopen"; nor one the claim itself
        # only demands: "a petition demanding that the unit reopen" / "which closed")
        for s in claim_stems - (stems - unasserted(sentence)) - demanded:
            rivals = _OPPOSITE_OF.get(s, set()) & (stems - claim_stems)
            # a comparison is of the noun after it: "lowered its profit outlook" is not
            # denied by "higher shipping costs", but is by "profits ... were lower"
            if rivals and (s not in _COMPARATIVES
                           or _compares_claims_thing(sentence, rivals, claim_stems)):
                return k
        if (_opposite_in_slot(asserted, claim_stems, stems, sentence)
                or _phrase_flipped(claim, sentence) or _order_flipped(claim, sentence)):
            return k
    return -1
