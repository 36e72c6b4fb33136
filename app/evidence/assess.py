"""Assess one claim against one source: align, run the checks, score, explain."""

from __future__ import annotations

import math
import re

from rapidfuzz import fuzz

from . import Assessment, Missing
from .align import (  # noqa: F401 - RERANK, FUZZY_WORD: part of this API
    FUZZY_WORD,
    LIGHT_WORDS,
    RERANK,
    _aliases,
    _best_passage,
    _bigram_coverage,
    _claim_terms,
    _coverage,
    _passage_stems,
    attribution_verbs,
)
from .analysis import Analysis
from .contradict import Contradiction, read_numbers, searched_sentences, sentence_text
from .decisions import decision_flip
from .durations import durations_backed, durations_missing
from .enumerations import missing_counts, read_lists
from .explain import explain
from .facts import (  # noqa: F401 - the check constants are part of this API
    NEAR_QUOTE,
    NUMBER_QUALIFIERS,
    UNIT_FORMS,
    _currency_words,
    _figure_words_plain,
    _name_found,
    _number_hits,
    _passage_numbers,
    _quote_check,
    _unit_words,
    _units_backed,
)
from .hedges import claim_hedges
from .index import SourceIndex, index_source
from .model import Model, load_model
from .months import (
    claim_months,
    missing_months,
    month_flip,
    month_parts,
    months_reckoned,
)
from .negation import is_negation
from .numbers import claim_numbers as claim_numbers_of
from .numbers import extract_numbers, number_found
from .opposite import ALIGNED, negation_flipped
from .page_dates import reckoned
from .phrasal import claim_phrasal
from .places import other_place
from .places_of_events import place_moved
from .rankings import rank_flip
from .roles import swapped_roles
from .short_forms import abbreviated_names
from .states import state_flip
from .story_head import head_context
from .synonyms import SYNONYMS
from .text import (
    extract_names,
    extract_quotes,
    fold,
    is_short_form,
    name_words,
    split_clauses,
    tokenize,
)
from .unasserted import named_only_undecided
from .weekdays import (
    claim_weekdays,
    day_of,
    weekday_check,
    weekday_spans,
    weekdays_reckoned,
)

#: A clause with less coverage than this by its best passage is named as unbacked.
CLAUSE_BACKED = 0.6
#: A clause with less coverage than this is not backed at all: the claim cannot be
#: "supported" (costs nothing on the labelled sets, see docs/evidence.md).
CLAUSE_ABSENT = 0.25

#: Share of the claim's words the negated sentence must carry to contradict it.
NEGATION_STATES = 0.8

#: A date's key with its day ("2024-03-12", "--03-12"), not a month's ("2024-03").
_DAY_KEY = re.compile(r"(?:\d{4}|-)-\d\d-\d\d")


def analyse(claim: str, index: SourceIndex) -> Analysis:
    """Align ``claim`` with ``index`` and compute the features and explanations."""
    claim_numbers = claim_numbers_of(claim)
    # a number in words the source gives in digits ("Seventy-five thousand tickets" /
    # "75,000 tickets") is backed as a figure, not missed as words
    # a weekday written before a found date is the date's ("Monday, Sept. 8, 2025")
    dated_days = weekday_spans(claim, claim_numbers, index)
    # "mid-June" / "on June 14"
    parts_backed, parts_unmet = month_parts(claim, index)
    spelled = [(n.start, n.end) for n in extract_numbers(claim)
               if n.is_word and number_found(n, index.numbers)
               and not all(w in index.words for w in n.text.casefold().replace("-", " ").split())]
    tokens = _figure_words_plain(tokenize(claim),
                                 [(n.start, n.end) for n in claim_numbers] + spelled
                                 + _currency_words(claim, claim_numbers, index)
                                 + dated_days + weekdays_reckoned(claim, index)
                                 + months_reckoned(claim, index)
                                 + parts_backed
                                 + attribution_verbs(claim, index)
                                 + abbreviated_names(claim, index))
    terms = _claim_terms(tokens)
    aliases = _aliases(terms, index,
                       frozenset(t.stem for t in tokens if t.content and is_short_form(t.text)),
                       claim_phrasal(tokens))
    # what the source says of each number: another value for the same thing, the
    # value in another role, or a value the claim's figure rounds
    searched = searched_sentences(index, [aliases[t] for t in terms if t in aliases])
    reading = read_numbers(claim, index, searched, aliases)
    with_units = _units_backed(claim, tokens, claim_numbers, index, searched)
    # "six decades" / "60 years"
    in_other_units, unit_notes = durations_backed(claim, index, searched)
    with_units |= in_other_units
    # "four western counties" / "counties Galway, Mayo, Clare and Kerry"
    lists = read_lists(claim, tokens, [n for n in extract_numbers(claim)
                                       if n.text not in with_units
                                       and not number_found(n, index.numbers)], index,
                       searched)
    with_units |= lists.backed
    if reading.backed_spans or with_units:
        # "almost half of voters" for "48.7% of voters", "12 kilometres" for "12km",
        # "weighs 90,000 tonnes" for "the 90,000-tonne ship": the share, the unit and
        # what the unit says are the figure's, checked with it
        tokens = _figure_words_plain(tokens, [*reading.backed_spans, *with_units.values(),
                                              *_unit_words(tokens, with_units, index)])
        terms = _claim_terms(tokens)
        aliases = {t: aliases[t] for t in terms if t in aliases}
    n_pass = max(len(index.passages), 1)
    max_idf = math.log(1 + (n_pass + 0.5) / 0.5)
    uniform = {t: 1.0 for t in terms}
    idf_w = {t: index.idf.get(aliases.get(t, ""), max_idf) for t in terms}

    pid, cov_pass = _best_passage(terms, uniform, aliases, index)
    head_only: list[str] = []
    if pid < 0:
        pass_stems: set[str] = set()
    else:
        # the story's head (headline, dateline) is every passage's context: "Cllr Graham
        # Tolley said" is Fenwick's councillor on a page headed "FENWICK, 11 March —"
        pass_stems = _passage_stems(index, pid)
        head_only, head = head_context(tokens, aliases, index, pid, pass_stems)
        if head_only:
            pass_stems |= head
            cov_pass = _coverage(terms, uniform, aliases, pass_stems)
    cov_src = _coverage(terms, uniform, aliases, index.stems)
    cov_pass_idf = _coverage(terms, idf_w, aliases, pass_stems)
    cov_src_idf = _coverage(terms, idf_w, aliases, index.stems)

    # a second passage for what the first one misses (facts spread over a page)
    left = [t for t in terms if aliases.get(t) not in pass_stems]
    cov_two, pid2 = cov_pass, -1
    if left and pid >= 0:
        pid2, _ = _best_passage(left, uniform, aliases, index)
        if pid2 >= 0:
            cov_two = _coverage(terms, uniform, aliases, pass_stems | _passage_stems(index, pid2))

    # single facts
    clause_spans = split_clauses(claim)
    clause_covs: list[float] = []
    clause_texts: list[str] = []
    unbacked: list[str] = []
    names = extract_names(claim)
    quotes = extract_quotes(claim)
    num_src_hits = [hit or n.text in reading.rounded or n.text in with_units for n, hit in
                    zip(claim_numbers, _number_hits(claim_numbers, index.numbers), strict=True)]
    missing_numbers = [n.text for n, ok in zip(claim_numbers, num_src_hits, strict=True) if not ok]
    # a weekday is a date the source must give too ("reopens Thursday")
    missing_days, other_day = weekday_check(claim, tokens, index, searched, aliases, dated_days)
    missing_numbers += (missing_days + missing_months(claim, index)
                        + durations_missing(claim, index, in_other_units, searched)
                        + parts_unmet)
    # a small count in words before the noun it counts ("three stores") the source never
    # gives, in words or digits, nor as a list: a figure it lacks
    missing_numbers += missing_counts(claim, tokens, index, lists.backed, reading.backed_spans)
    missing_names = [n for n in names if not _name_found(n, index)]
    missing_quotes, near_quotes = _quote_check(quotes, index)
    for s, e in clause_spans:
        ctext = claim[s:e]
        # the clause's own words, figures' words left to the number checks as above
        cterms = _claim_terms([t for t in tokens if s <= t.start < e])
        if len(clause_spans) == 1:
            ccov = cov_pass
        elif cterms:
            _, ccov = _best_passage(cterms, {t: 1.0 for t in cterms}, aliases, index)
        else:
            ccov = 1.0
        clause_covs.append(ccov)
        clause_texts.append(ctext.strip(" ,;"))
        bad_inside = any(x in ctext for x in missing_numbers + missing_names + missing_quotes)
        if ccov < CLAUSE_BACKED or bad_inside:
            unbacked.append(ctext.strip(" ,;"))

    if pid >= 0:
        pass_numbers = _passage_numbers(index, pid)
        shown_numbers = _passage_numbers(index, pid, pad=0)
        num_pass_hits = _number_hits(claim_numbers, pass_numbers)
        bigram = _bigram_coverage(tokens, index, pid, aliases)
        passage_text = index.passage_text(pid)
        fz = fuzz.token_set_ratio(fold(claim), fold(passage_text)) / 100
        negated_at = (negation_flipped(claim, tokens, index, pid, aliases)
                      if cov_pass >= 0.5 else -1)
        negated = negated_at >= 0
    else:
        negated_at = -1
        num_pass_hits = [False] * len(claim_numbers)
        shown_numbers = set()
        bigram, fz, negated = 0.0, 0.0, False

    # what the source says otherwise: numbers bound to the same thing, states, negations
    contradictions = list(reading.contradictions or lists.clashes)
    # then the first flip the sentence stating the claim shows, each read only where no
    # earlier one answered: another day or month, a state, a decision, a rank ("the
    # largest" / "the second-largest"), who is ahead of whom, where it happened
    flips = (lambda: other_day,
             lambda: month_flip(claim, tokens, index, searched, aliases),
             lambda: state_flip(tokens, index, searched, ALIGNED, claim),
             lambda: decision_flip(tokens, claim, index, searched),
             lambda: rank_flip(claim, tokens, index, searched),
             lambda: swapped_roles(claim, index, searched),
             lambda: place_moved(claim, index, searched))
    for flip in flips:
        if contradictions:
            break
        found = flip()
        if found is not None:
            contradictions.append(found)
    if negated_at >= 0 and not contradictions and len(clause_spans) == 1:
        # a flipped negation is a contradiction only where the sentence states the very
        # claim; elsewhere it stays a failed check ("partial", with the reason)
        s_stems = set(index.sentence_stems[negated_at])
        own = {aliases.get(t, t) for t in terms}
        # a claim that denies what the sentence asserts needs the closer match: the
        # source may simply not discuss the negative ("why they are not using it")
        needed = NEGATION_STATES + (0.1 if any(is_negation(tokens, i)
                                               for i in range(len(tokens))) else 0.0)
        s, e = index.sentences[negated_at]
        # nor where the claim's figures are all far from it: "has opened 11 stores since
        # 2020" is stated by the sentence with 11 and 2020, not by "will close its store"
        # (a neighbour may hold them: "refused to sign the budget. The $4.3 billion plan")
        near = index.text[index.sentences[max(negated_at - 1, 0)][0]:
                          index.sentences[min(negated_at + 1, len(index.sentences) - 1)][1]]
        keys = {key for n in extract_numbers(near) for key in n.keys}
        figures_here = not claim_numbers or any(number_found(n, keys) for n in claim_numbers)
        if own and len(own & s_stems) >= needed * len(own) and figures_here:
            contradictions.append(Contradiction("negation", claim, index.text[s:e], negated_at))
    unbound = [n for n in reading.unbound if n not in missing_numbers]

    # a claim word the passage names only as an action left undecided backs nothing
    only_undecided = named_only_undecided(claim, terms, aliases, index, pid) if pid >= 0 else {}
    # the longest claim word the passage lacks: long words are the specific ones
    longest_miss = max((len(t) for t in terms if aliases.get(t) not in pass_stems), default=0)
    n_num = len(claim_numbers)
    hedges = claim_hedges(claim, tokens, claim_numbers)
    features = {
        "cov_pass": cov_pass,
        "cov_pass_idf": cov_pass_idf,
        "cov_src": cov_src,
        "cov_src_idf": cov_src_idf,
        "cov_two": cov_two,
        "cov_clause_min": min(clause_covs) if clause_covs else 0.0,
        "bigram": bigram,
        "fuzz": fz,
        "num_miss_src": (n_num - sum(num_src_hits)) / n_num if n_num else 0.0,
        "num_miss_pass": (n_num - sum(num_pass_hits)) / n_num if n_num else 0.0,
        "name_miss": len(missing_names) / len(names) if names else 0.0,
        "quote_miss": 1.0 if missing_quotes else 0.0,
        "near_quote": 1.0 if near_quotes else 0.0,
        "negation": 1.0 if negated else 0.0,
        "log_len": math.log1p(len(terms)),
        "clauses": float(len(clause_spans)),
        "hedge": 1.0 if hedges else 0.0,
        "miss_longest": min(longest_miss, 15) / 10,
        # whole pages match more words by chance than quoted passages
        "src_len": math.log1p(len(index.sentences)),
    }
    # (a word the passage says another way is matched, but not listed as if it were there)
    matched_words = [t.text for t in tokens if t.content and aliases.get(t.stem) in pass_stems
                     and aliases[t.stem] not in SYNONYMS.get(t.stem, ())]
    # "matched" explains the passage shown to the reviewer: a number found only in a
    # neighbouring sentence is in the source (not missing) but not listed as matched
    matched_numbers = [n.text for n in claim_numbers if number_found(n, shown_numbers)]
    # the claim's words the source lacks, apart from those already named as part of a
    # missing name or quotation (no need to say "Port", "Baku", "Mall" after "Port Baku Mall")
    named = {t.lower for x in (*missing_names, *missing_quotes, *missing_days)
             for t in tokenize(x)}
    missing_words = [
        t.text for t in tokens
        if t.content and t.stem not in aliases and t.lower not in named
        and t.lower not in LIGHT_WORDS
    ]
    # the words a second passage would have to show: in the source, not in this one
    elsewhere = [t.text for t in tokens if t.content and t.stem in aliases
                 and aliases[t.stem] not in pass_stems and t.lower not in LIGHT_WORDS]
    hard: list[str] = []
    soft: list[str] = []
    if missing_numbers:
        hard.append("number")
    if unbound:
        hard.append("number_role")
    if contradictions:
        hard.append("contradiction")
    if missing_quotes:
        hard.append("quote")
    if near_quotes:
        hard.append("near_quote")
    if missing_names:
        # a missing full name ("Mark Zuckerberg") rules "supported" out, as does a place
        # or people (``places.py``) where the passage names another ("Slovenian" where it
        # says "Croatia"); any other lone word ("England", "FPGA", "Olympics") is too
        # often a demonym, an acronym or a variant the source spells otherwise: it only
        # weighs in the score
        (hard if any(len(name_words(n)) >= 2 for n in missing_names)
         or other_place(missing_names, claim, index, pid) else soft).append("name")
    if negated:
        hard.append("negation")
    if only_undecided:
        hard.append("undecided")
    if len(clause_covs) > 1 and min(clause_covs) < CLAUSE_ABSENT:
        hard.append("clause")
    # a year or weekday the passage gives only as "last year" or "yesterday"
    dated = reckoned([n.key for n in claim_numbers if n.key.isdigit() and len(n.key) == 4],
                     [day_of(m) for m in claim_weekdays(claim)], passage_text,
                     index.text, claim_months(claim),
                     [n for n in claim_numbers if _DAY_KEY.fullmatch(n.key)]
                     ) if pid >= 0 else ()
    return Analysis(
        features=features,
        passage=pid,
        matched=tuple(dict.fromkeys(matched_words + matched_numbers)),
        missing=Missing(
            numbers=tuple(dict.fromkeys(missing_numbers)),
            quotes=tuple(dict.fromkeys(missing_quotes)),
            names=tuple(missing_names),
            words=tuple(dict.fromkeys(missing_words)),
        ),
        near_quotes=tuple(near_quotes),
        negation_flipped=negated,
        unbacked=tuple(dict.fromkeys(u for u in unbacked if u)),
        clauses=tuple(zip(clause_texts, clause_covs, strict=True)),
        hard_fail=tuple(hard),
        soft_fail=tuple(soft),
        contradictions=tuple(contradictions),
        unbound_numbers=tuple(unbound),
        elsewhere=tuple(dict.fromkeys(elsewhere)),
        hedges=tuple(dict.fromkeys(hedges)),
        denying=sentence_text(index, negated_at) if negated else "",
        undecided=tuple(dict.fromkeys(only_undecided.values())),
        second_passage=(index.passage_text(pid2) if _each_fact_apart(clause_covs, cov_two)
                        else ""),
        reckoned=reading.worked_out + tuple(unit_notes) + dated + (
            (", ".join(f"“{w}”" for w in dict.fromkeys(head_only))
             + " from the story's headline or dateline",) if head_only
            else ()),
    )


def every_part_backed(analysis: Analysis) -> bool:
    """Every content word, figure and name of the claim is in the passage shown, and no
    check failed or weighed against it (a missing one-word name, a hedge): the passage
    states the claim, whatever its word order ("Wiz is to be acquired by Google" for
    "Google has agreed to acquire Wiz")."""
    f = analysis.features
    return ((f["cov_pass"] >= 1.0 - 1e-9 or bool(analysis.second_passage))
            and not analysis.hard_fail and not analysis.soft_fail
            and not analysis.contradictions and not f["hedge"])


def _each_fact_apart(clause_covs: list[float], cov_two: float) -> bool:
    """A claim of several facts, each stated whole by a passage of its own, the best two
    passages together having every word ("the EU fined Verdant €1.3bn ..., which it will
    appeal at the General Court"); a word another passage merely shares is not enough."""
    return (len(clause_covs) >= 2 and cov_two >= 1.0 - 1e-9
            and all(cov >= 1.0 - 1e-9 for cov in clause_covs))


def decide(analysis: Analysis, index: SourceIndex, model: Model | None = None) -> Assessment:
    """Turn an :class:`Analysis` into a verdict with the fitted model."""
    model = (model or load_model()).for_source(len(index.sentences))
    threshold, partial_threshold = model.threshold, model.partial_threshold
    score = model.probability(analysis.features)
    red_score = model.red_probability(analysis.features)
    failed: list[str] = list(analysis.hard_fail) + list(analysis.soft_fail)
    if analysis.features["cov_pass"] < CLAUSE_BACKED:
        failed.append("words")
    if analysis.hard_fail:
        # a number, quotation or name the source lacks, a misquotation or a flipped
        # negation rules "supported" out whatever the words say
        score = min(score, threshold - 1e-6)
    if analysis.contradictions:
        verdict = "contradicted"
        score = min(score, partial_threshold - 1e-6)
    elif score >= threshold or every_part_backed(analysis):
        verdict = "supported"
        score = max(score, threshold)
    elif red_score >= partial_threshold and analysis.features["cov_pass"] > 0:
        # (a passage holding not one word of the claim backs no part of it)
        verdict = "partial"
    else:
        verdict = "unsupported"
        score = min(score, red_score)
    if analysis.passage >= 0:
        p = index.passages[analysis.passage]
        span = (p.start, p.end)
    else:
        span = (0, 0)
    unbacked = analysis.unbacked
    if verdict != "supported" and not unbacked and analysis.clauses:
        # nothing stands out: name the single fact the source backs least
        unbacked = (min(analysis.clauses, key=lambda c: c[1])[0],)
    return Assessment(
        verdict=verdict,
        score=round(max(0.0, min(1.0, score)), 4),
        passage=index.text[span[0] : span[1]],
        span=span,
        matched=analysis.matched,
        missing=analysis.missing,
        near_quotes=analysis.near_quotes,
        negation_flipped=analysis.negation_flipped,
        unbacked=unbacked if verdict != "supported" else (),
        failed_checks=tuple(dict.fromkeys(failed)),
        contradictions=tuple((c.claim_says, c.source_says) for c in analysis.contradictions),
        explanation=explain(verdict, analysis, unbacked),
    )


def assess(claim: str, source: SourceIndex | str) -> Assessment:
    """Judge whether ``source`` backs ``claim`` and explain why.

    ``claim`` is plain text with its ``[n]`` markers stripped; ``source`` is a prepared
    :class:`SourceIndex` (preferred: build it once per snapshot) or the raw text.
    Pure and deterministic.
    """
    index = source if isinstance(source, SourceIndex) else index_source(source)
    return decide(analyse(claim, index), index)
