"""Contradictions: the source states a different value for the same thing.

A number is compared only with the source's numbers of the same kind (a percentage
with percentages, money with money, a date with dates) that are *bound to the same
thing*: the words right around each number ("adds 15 new bus routes" against "will add
8 new bus routes, fewer than the 15 first proposed" binds 15 to "new bus routes" in the
claim, and 8, not 15, to "new bus routes" in the source). The binding is read from the
content words on either side of the number within its clause, so a number that appears
in the source only in another role ("1,200 jobs were at risk") neither backs nor
contradicts "employs 1,200 workers".

States that flip ("fares rise" against "fares are frozen") are read in :mod:`.states`.

Every contradiction is returned with the words of both sides, so the desk can show
"claim says: 15 new bus routes — source says: 8 new bus routes" and a reviewer can
check it against the highlighted sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .changes import (
    change_note,
    changes_of,
    ends_said_otherwise,
    stated_changes,
    states_change,
)
from .compare import (  # noqa: F401 - binding, rounds_to: part of this API
    BOUND,
    alike,
    binding,
    comparable,
    compatible,
    measure_bonus,
    other_measure,
    rounds_to,
    same_value,
)
from .figures import (  # noqa: F401 - mentions: part of this API
    FRACTION_CHANGE,
    MULTIPLIER,
    SHARE,
    Mention,
    age_words,
    is_age,
    mentions,
    plain_degree,
    sentence_mentions,
    sentence_text,
)
from .index import SourceIndex
from .portions import portion_given
from .roundings import ROUNDS_IN, bound_flipped, hedge_met, rounded_closer, rounds_stated
from .sole_rival import names_in, sole_rival
from .subjects import figure_of_another_name, figure_of_others_only
from .text import Token, split_clauses, tokenize
from .value_roles import bound_same, expected, former, former_in_claim, other_currency

#: How many BM25 passages (best first) are searched for the numbers of the claim.
SEARCHED = 12
#: A source sentence is about the claim's fact when it carries this share of the
#: content words of the claim's clause around the number.
ALIGNED_CLAUSE = 0.5
#: A spelled-out number ("five wins") is read loosely by writers: it needs a tighter
#: binding before a different value counts against it.
BOUND_WORD = 3.0


@dataclass(frozen=True)
class Contradiction:
    """The claim says one thing, the source another, about the same thing."""

    kind: str  # "number" | "state" | "negation" | "order"
    claim_says: str
    source_says: str
    sentence: int  # index of the source sentence that says it


@dataclass(frozen=True)
class NumberReading:
    """What the source does with each number of the claim."""

    contradictions: tuple[Contradiction, ...]
    # claim numbers whose value the source has only in another role
    unbound: tuple[str, ...]
    # claim numbers the source gives as a value they round or a bound they meet
    # ("nearly 40%" for 39.6%, "more than $2 billion" for $2.3 billion)
    rounded: tuple[str, ...] = ()
    # spans of claim words the source backs as part of a figure bound to the same
    # thing: a share in words ("almost half of voters" / "48.7% of voters"), a count
    # word ("doubled since 2020" / "twice what they were in 2020"), the noun a figure
    # counts said another way ("2,300 staff" / "employs 2,300 people")
    backed_spans: tuple[tuple[int, int], ...] = ()
    # how the source gives a change the claim states: "“12” is the change from 40 to 52"
    worked_out: tuple[str, ...] = ()


def searched_sentences(index: SourceIndex, query: list[str]) -> list[int]:
    """The sentences of the best BM25 passages for the stemmed ``query``, best first."""
    top = index.best_passages(query, SEARCHED)
    seen: dict[int, None] = {}
    for pid, _ in top:
        p = index.passages[pid]
        for k in range(p.first, p.last + 1):
            seen.setdefault(k, None)
    return list(seen)


def stating_sentence(stems: set[str], index: SourceIndex, searched: list[int]) -> int:
    """Of ``searched``, the sentence carrying most of the claim's ``stems`` (its words
    as the source says them), if it carries :data:`STATES` of them: the one that states
    the claim; -1 for none, or for a claim of fewer than four words."""
    if len(stems) < 4 or not searched:
        return -1
    best = max(searched, key=lambda k: len(stems & set(index.sentence_stems[k])))
    return best if len(stems & set(index.sentence_stems[best])) >= STATES * len(stems) else -1


def read_numbers(claim: str, index: SourceIndex, sentences: list[int],
                 aliases: dict[str, str] | None = None) -> NumberReading:
    """Compare every number of ``claim`` with the numbers of ``sentences``; ``aliases``
    (claim stem -> the source stem standing for it) counts a word the source says
    another way as carried ("Q2" / "the second quarter")."""
    claim_mentions = mentions(claim)
    if not claim_mentions:
        return NumberReading((), ())
    claim_values = {(m.kind, m.value) for m in claim_mentions}
    claim_tokens = tokenize(claim)
    clauses = [(s, e, {t.stem for t in tokenize(claim[s:e]) if t.content})
               for s, e in split_clauses(claim, min_content=1)] or [(0, len(claim), set())]
    source: list[tuple[int, Mention]] = []
    for k in sentences:
        source += [(k, m) for m in sentence_mentions(index, k)]
    carried = _claim_shares(claim_tokens, index, dict.fromkeys(k for k, _ in source),
                            aliases or {})
    mirrored = [k for k, share in carried.items() if share >= MIRROR]  # best first
    stating = {k for k, share in carried.items() if share >= STATES}
    closest = max((k for k in carried if carried[k] >= ROUNDS_IN), key=carried.__getitem__,
                  default=-1)
    found: list[Contradiction] = []
    unbound: list[str] = []
    rounded: list[str] = []
    backed: list[tuple[int, int]] = []
    worked_out: list[str] = []
    claim_caps = frozenset(t.stem for t in claim_tokens if t.content and t.text[:1].isupper())
    changes = stated_changes(index, [k for k in dict.fromkeys(k for k, _ in source)
                                     if k in stating or k == closest], claim_tokens)
    for cm in claim_mentions:
        mine = changes_of(cm, changes, claim_tokens)
        change = next((c.ends for c in mine if states_change(cm, claim, c.ends)), None)
        if change is not None:
            # "12 more food trucks" / "risen to 52 this year from 40 last year"
            backed.append((cm.start, cm.end))
            worked_out.append(change_note(cm, change))
            if not cm.spelled:
                rounded.append(cm.text)
            continue
        portion = portion_given(cm, claim_tokens, index, [k for k, _ in source],
                                stating | {closest}, claim_values)
        if portion:  # "150 of the 300 films" / "300 films ..., half of them by ..."
            backed.append((cm.start, cm.end))
            worked_out.append(portion)
            rounded.append(cm.text)
            continue
        otherwise = ends_said_otherwise(cm, mine, index, claim_mentions)
        if otherwise is not None:  # "doubled" / "from 40 to 52"
            found.append(Contradiction("number", cm.phrase, *otherwise))
            continue
        if cm.share and any(binding(cm, sm) >= 1.0 and comparable(cm, sm)
                            and (same_value(cm, sm) or compatible(cm, sm))
                            for _, sm in source):
            backed.append((cm.start, cm.end))
        if not (cm.left or cm.right) or cm.in_range:
            # a bare number, or one end of a range: nothing to bind one value to; a
            # hedged one may still round the sentence's one figure of its kind ("up
            # about 3% since 2020" / "an increase of 3.1% over 2020")
            if cm.bound == "approx" and not cm.in_range and rounds_stated(cm, source,
                                                                           {closest}):
                rounded.append(cm.text)
            continue
        topic = next((c for s, e, c in clauses if s <= cm.start < e), clauses[0][2])
        # the claim's value where the source has it ("revenue of $3.4 billion" is not
        # the claim's "profit of $3.4 billion")
        forecasts = expected(cm, claim)
        raw_same = [(bound_same(cm, sm, sentence_text(index, k), forecasts), k, sm)
                    for k, sm in source if same_value(cm, sm) and not other_measure(cm, sm)]
        clash = other_currency(cm, claim, raw_same, index)
        if clash is not None:
            found.append(Contradiction("number", cm.phrase, clash[1], clash[0]))
            continue
        # in a sentence that states the claim it is bound, whatever words stand beside
        # it ("58% are women" after "of whom"), unless another figure alike is
        # (a claim of several clauses: the sentence may state the figure's clause only,
        # "shipments rose 7% to 49 million units ..., with 5G models making up 84%")
        states_it = stating | _stating_clause(topic, index, carried, aliases or {})
        # (not a value only expected or a former one: "has risen to $910 million, up
        # from an original estimate of $640 million" states no cost of $640 million)
        # (and a value the source gives only as the one before, "beating the previous
        # record of 7.84", is no value the claim's now-figure is bound to)
        was = former_in_claim(cm, claim)
        same_at = [(0.0 if not was and former(sm, sentence_text(index, k)) else
                    max(b, 1.0 if k in states_it
                        and not _rival_bound(cm, k, source, claim_values) else 0.0),
                    k, sm)
                   for b, k, sm in raw_same]
        same = max((b for b, _, _ in same_at), default=-1.0)
        flipped = bound_flipped(cm, same_at, claim)
        if flipped is not None:  # "More than 300 households" / "Fewer than 300 households"
            found.append(Contradiction("number", cm.phrase, flipped[1].phrase, flipped[0]))
            continue
        backed += _words_backed(cm, same_at, claim_tokens, index)
        if ((not cm.spelled or cm.kind == "percent")
                and any(b >= 1.0 and sm.spelled for b, _, sm in same_at)):
            # "about 25%" (or "Twenty-five percent") given as "roughly a quarter of"
            rounded.append(cm.text)
        rivals = [(binding(cm, sm) + measure_bonus(cm, sm), k, sm)
                  for k, sm in source
                  if comparable(cm, sm) and not same_value(cm, sm)
                  # another number of the claim itself ("8 minutes and 20 seconds")
                  and (sm.kind, sm.value) not in claim_values
                  # an expected value answers an expected one, an outcome an outcome
                  and expected(sm, sentence_text(index, k)) == forecasts
                  and (was or not former(sm, sentence_text(index, k)))
                  and _about_it(cm, sm, topic, index, k)]
        best = max(rivals, key=lambda r: (r[0], -r[1]), default=None)
        needed = BOUND_WORD if (cm.spelled or (best and best[2].spelled)) else BOUND
        if best is not None and cm.kind == best[2].kind == "times":
            needed = BOUND  # "twice" / "three times" count the same thing: no loose usage
        if (best is not None and cm.kind in ("year", "date") and cm.left and best[2].left
                and cm.left[0] == best[2].left[0]):
            # an event's year or date after the same verb ("founded in 2008" /
            # "which was founded in 2011"): the verb names the event
            needed = min(needed, 1.0)
        if (best is not None and best[0] >= needed and best[0] > same + 0.5
                and not compatible(cm, best[2])
                and not rounded_closer(cm, best[1], source, carried)
                and not _given_as_such(cm, best[2], raw_same, carried)):
            found.append(Contradiction("number", cm.phrase, best[2].phrase, best[1]))
            continue
        instead = None if cm.spelled else _mirror(cm, claim_values, raw_same, source, mirrored)
        if instead is None:
            instead = _swapped(cm, same_at, source, claim_values)
        if instead is None and not cm.spelled:
            instead = figure_of_another_name(cm, claim, claim_mentions, raw_same, source,
                                       claim_values, index)
        if instead is not None:
            found.append(Contradiction("number", cm.phrase, instead[1].phrase, instead[0]))
            continue
        if figure_of_others_only(cm, claim, claim_mentions, raw_same, index,
                                 aliases or {}):
            unbound.append(cm.text)  # the value is someone else's
            continue
        if same < 0 and any(b >= 1.0 and compatible(cm, sm) for b, _, sm in rivals):
            rounded.append(cm.text)
            continue
        if same < 0 and cm.bound and hedge_met(cm, source, carried):
            rounded.append(cm.text)
            continue
        if same < 0 and cm.bound in ("", "approx") and rounds_stated(
                cm, source, {closest} | (states_it if cm.bound else set())):
            rounded.append(cm.text)
            continue
        rival = (sole_rival(cm, claim, claim_mentions, sentence_text(index, closest),
                            sentence_mentions(index, closest),
                            [sm for k, sm in source if k != closest], index.numbers,
                            claim_caps)
                 if not raw_same and closest >= 0 and names_in(claim_tokens, index, closest)
                 else None)
        if rival is not None:  # "the £460m ... wind farm" / "approval for the £640m project"
            found.append(Contradiction("number", cm.phrase, rival.phrase, closest))
            continue
        elsewhere = same < 0 and any(same_value(cm, sm) for _, sm in source)
        # a value bare in the source ("aged 24, 31 and 45, were detained"), in a sentence
        # with another of the claim's values, is bound to nothing, so to no other role
        bare = bool(raw_same) and all(
            not (sm.left or sm.right)
            and any((o.kind, o.value) in claim_values and o is not sm
                    for j, o in source if j == k)
            for _, k, sm in raw_same)
        if _same_age(cm, claim, raw_same, index):
            # the age's words are the figure's ("58-year-old" / "the man, 58,")
            backed.append((cm.start, cm.end + age_words(claim, cm.end)))
            continue
        if ((same == 0.0 or elsewhere) and cm.kind in ("count", "money", "percent")
                and not cm.spelled and not bare):
            unbound.append(cm.text)
    return NumberReading(tuple(found), tuple(unbound), tuple(rounded), tuple(backed),
                         tuple(worked_out))


def _words_backed(cm: Mention, same_at: list[tuple[float, int, Mention]],
                  claim_tokens: list[Token], index: SourceIndex) -> list[tuple[int, int]]:
    """Spans of claim words the source never uses that a source mention of the same
    value, bound to the same thing, backs as part of its figure: a count word
    ("doubled" / "twice") and the noun counted, named in words read as one ("staff" /
    "people"). Words the source uses are left to the coverage, which finds them."""
    out: list[tuple[int, int]] = []
    bound = [sm for b, _, sm in same_at if b >= BOUND]
    if not bound:
        return out
    own = [t for t in claim_tokens if cm.start <= t.start < cm.end and t.content]
    if cm.kind == "times" and cm.spelled and not all(t.stem in index.stems for t in own):
        out.append((cm.start, cm.end))
    head = next((t for t in claim_tokens if t.start >= cm.end and t.content), None)
    if (head is not None and head.stem not in index.stems and cm.right
            and plain_degree(head.stem) == cm.right[0]
            and any(sm.right[:1] == cm.right[:1] for sm in bound)):
        out.append((cm.start, head.end))
    return out


#: A source sentence carrying this share of all the claim's words states the claim:
#: a figure in it can contradict the claim's...
MIRROR = 0.8
#: ...and with this share, the claim's own value in it is bound there.
STATES = 0.7
def _mirror(cm: Mention, claim_values: set[tuple[str, Decimal]],
            raw_same: list[tuple[float, int, Mention]], source: list[tuple[int, Mention]],
            mirrored: list[int]) -> tuple[int, Mention] | None:
    """The sentence that states the whole claim gives another value in its place.

    A searched sentence carrying most of the claim's words ("sold ... Okafor to Benfica
    for £38m, a club record" for "... for a club-record £45m"; "priced at €349, while
    the larger Skylink Pro will cost €599" for "priced at €599"), with no figure alike
    that the claim's value rounds, and exactly one figure alike of another value that
    shares a word with the claim's around it: that figure is what the source says
    instead, however the words moved. The best such sentence decides; and nothing is
    said when the claim's value is bound to the claim's words anywhere searched (the
    binding above decides between the two then).
    """
    if any(b >= 1.0 for b, _, _ in raw_same):
        return None
    for k in mirrored:
        here = [sm for j, sm in source if j == k]
        others = [sm for sm in here if alike(cm, sm) and not same_value(cm, sm)
                  and (sm.kind, sm.value) not in claim_values]
        if any(compatible(cm, sm) for sm in others):
            return None
        bound = [sm for sm in others if binding(cm, sm) >= 1.0]
        return (k, bound[0]) if len(bound) == 1 else None
    return None


def _rival_bound(cm: Mention, k: int, source: list[tuple[int, Mention]],
                 claim_values: set[tuple[str, Decimal]]) -> bool:
    """Whether sentence ``k`` has a figure alike bound to the claim's, of a value the
    claim does not give itself."""
    return any(j == k and alike(cm, sm) and not same_value(cm, sm)
               and (sm.kind, sm.value) not in claim_values and binding(cm, sm) >= 1.0
               for j, sm in source)


def _given_as_such(cm: Mention, rival: Mention, raw_same: list[tuple[float, int, Mention]],
                   carried: dict[int, float]) -> bool:
    """Whether the source gives the claim's value before the claim's noun, in a sentence
    carrying half the claim or more, where the rival counts another noun: "had received
    37 reports of units melting" is the claim's "37 reports of its air fryers melting",
    whatever figure the headline gives the fryers ("recalls 80,000 air fryers"). (A
    rival before the same noun still answers: "221 votes" for "218 votes".)"""
    return (bool(cm.right) and rival.right[:1] != cm.right[:1] and any(
        sm.right[:1] == cm.right[:1] and carried.get(k, 0.0) >= ROUNDS_IN
        for _, k, sm in raw_same))


def _same_age(cm: Mention, claim: str, raw_same: list[tuple[float, int, Mention]],
              index: SourceIndex) -> bool:
    """An age given as an age in both: "a 58-year-old man" / "the man, 58,"; "aged 58"."""
    return is_age(claim, cm.start, cm.end) and any(
        is_age(sentence_text(index, k), sm.start, sm.end) for _, k, sm in raw_same)


def _stating_clause(topic: set[str], index: SourceIndex, carried: dict[int, float],
                    aliases: dict[str, str]) -> set[int]:
    """The sentences that carry :data:`STATES` of the figure's own clause (of four
    content words or more; ``topic``: its stems)."""
    words = {aliases.get(t, t) for t in topic}
    if len(words) < 4:
        return set()
    return {k for k in carried
            if len(words & set(index.sentence_stems[k])) >= STATES * len(words)}


def _claim_shares(claim_tokens: list[Token], index: SourceIndex,
                  sentences: dict[int, None],
                  aliases: dict[str, str] | None = None) -> dict[int, float]:
    """Each of ``sentences`` (best first) with the share of the claim's words it carries;
    none for a claim of fewer than four content words (too few to say it states it)."""
    aliases = aliases or {}
    stems = {aliases.get(t.stem, t.stem) for t in claim_tokens if t.content}
    if len(stems) < 4:
        return {}
    return {k: len(stems & set(index.sentence_stems[k])) / len(stems) for k in sentences}


def _swapped(cm: Mention, same_at: list[tuple[float, int, Mention]],
             source: list[tuple[int, Mention]], claim_values: set[tuple[str, Decimal]]
             ) -> tuple[int, Mention] | None:
    """The claim's value is in the source, but of another subject, and the claim's own
    subject has another figure in the same sentence: "Mackerel landings ... reached
    61,000 tonnes, while herring landings slipped to 23,000 tonnes" for "Herring
    landings reached 61,000 tonnes". The clause with the claim's value has the claim's
    words but one in place of another ("mackerel" for "herring"); a figure alike in
    another clause of that sentence has the word it lacks."""
    for _, k, s1 in same_at:
        lacks, extra = cm.clause - s1.clause, s1.clause - cm.clause
        shared = len(cm.clause & s1.clause)
        if not (lacks and extra) or not (shared >= 0.6 * len(cm.clause)
                                         or shared >= max(3, 0.5 * len(s1.clause))):
            continue
        # the other figure's clause names what the claim names as much as the value's
        # clause names something else ("forward Andre Diaz" / "Guard Marcus Kerr"), or
        # two of its words ("Carrapateena mine produced" / "Output at the Olympic Dam")
        needed = min(len(extra), 2)
        for j, s2 in source:
            if (j == k and s2 is not s1 and len(s2.clause & lacks) >= needed
                    and not s2.clause >= s1.clause
                    and alike(cm, s2) and not same_value(cm, s2)
                    and (s2.kind, s2.value) not in claim_values
                    and not compatible(cm, s2)):
                return k, s2
    return None


def _about_it(cm: Mention, sm: Mention, topic: set[str], index: SourceIndex, k: int) -> bool:
    """Whether source sentence ``k``, where ``sm`` stands, is about the claim's fact: it
    carries half the words of the claim's clause (with its neighbours when the figures
    measure one noun: "Its profit was $610 million" after the sentence about the
    quarter), or the figure is bound as strongly as two shared words after it ("That
    is 187% of the long-term average" for "178% of the long-term average")."""
    if binding(cm, sm) >= 2 * BOUND:
        return True
    return _aligned(topic, index, k, around=bool(measure_bonus(cm, sm)))


def _aligned(topic: set[str], index: SourceIndex, k: int, around: bool = False) -> bool:
    """Whether source sentence ``k`` (with its neighbours when ``around``: "Its profit
    was $610 million" after the sentence about the quarter) is about the claim clause
    with these stems."""
    if not topic:
        return False
    stems = set(index.sentence_stems[k])
    if around:
        stems = stems.union(*index.sentence_stems[max(0, k - 1) : k + 2])
    return len(topic & stems) >= ALIGNED_CLAUSE * len(topic)
