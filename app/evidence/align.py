"""Align a claim with a source: the claim's terms, the source words standing for them,
and the passage that covers most of them."""

from __future__ import annotations

import re
import weakref

from rapidfuzz import fuzz, process

from .index import SourceIndex
from .phrasal import source_phrasal
from .places import place_stems
from .short_forms import written_out
from .synonyms import SYNONYMS
from .text import STOPWORDS, Token, content_stems, stem

#: How many BM25 candidates are re-ranked by coverage.
RERANK = 12
#: A claim word missing from the source still counts when a source word is this close
#: (rapidfuzz ratio on stems; catches spelling variants and stemmer misses).
FUZZY_WORD = 88


#: Light verbs and the like: content words for binding a figure ("set a record of
#: 9.58"), but too empty to count for or against coverage ("is set to be acquired" /
#: "has agreed to acquire", "was given final approval" / "gave its final approval").
LIGHT_WORDS = frozenset("set put made make given give got get able worth "
                        "citing slated poised".split())  # noqa: SIM905


#: The reporting verb of an attribution that closes a claim (", Reuters reports.", "...,
#: the survey suggests."): the frame, like "according to", is no fact the page states;
#: the name in it is still checked. A verb the source has itself ("..., the government
#: announced" / "the government announced on Tuesday") stays a word it matches.
_CLOSING_FRAME = re.compile(
    r",\s+(?:[\w'’.&-]+\s+){1,5}?(?P<verb>reports|reported|suggests|suggested|shows|showed|"
    r"finds|found|says|said|notes|noted|writes|wrote|estimates|estimated|announced)"
    r"\s*[.!]?\s*\Z")


#: A closing attribution to "the company", "the ministry" and the like stands for the
#: subject the claim has named ("Kestrel Ridge agreed to buy ..., the company said"): the
#: noun is the frame's, like its verb, where the source never uses it.
_FRAME_NOUN = re.compile(
    r",\s+the\s+(?P<noun>company|firm|group|ministry|department|agency|council|government|"
    r"club|union|court|board|authority|authorities|regulator|operator|airline|bank|"
    r"carrier|retailer|insurer|lender|miner|developer|utility)\s+\w+\s*[.!]?\s*\Z")


def attribution_verbs(claim: str, index: SourceIndex) -> list[tuple[int, int]]:
    """The span of the reporting verb of a closing attribution, if the claim has one and
    the source never uses that verb, and of the frame's generic noun ("..., the company
    said"), if the source never uses that noun."""
    frame = _CLOSING_FRAME.search(claim)
    if not frame:
        return []
    out = [] if stem(frame["verb"].casefold()) in index.stems else [frame.span("verb")]
    noun = _FRAME_NOUN.search(claim)
    if noun and stem(noun["noun"]) not in index.stems:
        out.append(noun.span("noun"))
    return out


def _claim_terms(tokens: list[Token]) -> list[str]:
    seen: dict[str, None] = {}
    for t in tokens:
        if t.content and t.lower not in LIGHT_WORDS:
            seen.setdefault(t.stem, None)
    return list(seen)


def _aliases(terms: list[str], index: SourceIndex,
             short_forms: frozenset[str] = frozenset(),
             phrasal: dict[str, frozenset[str]] | None = None) -> dict[str, str]:
    """Map each claim stem to the source stem that stands for it (itself, a synonym, a
    phrasal verb's one word or the other way round, the first word of a short form
    written out, or a near spelling). ``short_forms``: the stems of the claim words
    written as abbreviations ("EU", "Q4"); ``phrasal``: the claim's phrasal verbs
    (:func:`~app.evidence.phrasal.claim_phrasal`)."""
    out: dict[str, str] = {}
    phrasal = phrasal or {}
    for term in terms:
        if term in index.stems:
            out[term] = term
            continue
        said_otherwise = next((s for s in sorted(SYNONYMS.get(term, ())) if s in index.stems),
                              None)
        if said_otherwise is not None:  # "shut" where the source says "close"
            out[term] = said_otherwise
            continue
        place = next((s for s in sorted(place_stems(term)) if s in index.stems), None)
        if place is not None:  # "Welsh" where the source says "Wales"
            out[term] = place
            continue
        one_word = next((m for m in sorted(phrasal.get(term, ())) if m in index.stems), None)
        if one_word is not None:  # "stepped down" where the source says "resigned"
            out[term] = one_word
            continue
        as_phrase = source_phrasal(index).get(term)
        if as_phrase is not None:  # "resigned" where the source says "stepped down"
            out[term] = as_phrase
            continue
        apart = _written_apart(term, index)
        if apart is not None:  # "buyback" where the source says "buy back"
            out[term] = apart
            continue
        if term in short_forms:  # "EU" where the source says "the European Union"
            phrase = written_out(term, index)
            spelled = content_stems(phrase) if phrase else []
            if spelled and spelled[0] in index.stems:
                out[term] = spelled[0]
                continue
        if len(term) >= 5 and term[:2] in index.vocabulary:
            # spelling variants nearly always share their first two letters
            hit = process.extractOne(
                term, index.vocabulary[term[:2]], scorer=fuzz.ratio, score_cutoff=FUZZY_WORD
            )
            if hit is not None:
                out[term] = hit[0]
    return out


def _written_apart(term: str, index: SourceIndex) -> str | None:
    """The stem of the first word, where the source writes the claim's compound as two
    words ("buyback" / "buy back", "healthcare" / "health care", "start-up"): two
    words whose joining stems as the claim's word does ("pay outstanding" is no payout,
    "the rapist" no therapist: a stopword heads no compound)."""
    if len(term) < 6:
        return None
    heads = [cut for cut in range(3, len(term) - 1)
             if term[:cut] in index.words and term[:cut] not in STOPWORDS]
    if not heads:
        return None
    found = _APART.setdefault(index, {})
    if term not in found:
        found[term] = _search_apart(term, heads, index.folded)
    return found[term]


#: What each source was found to write apart, by claim stem (a page is searched once
#: per word, however many claims use it).
_APART: weakref.WeakKeyDictionary[SourceIndex, dict[str, str | None]] = (
    weakref.WeakKeyDictionary())


def _search_apart(term: str, heads: list[int], folded: str) -> str | None:
    padded = f" {folded}"
    for cut in heads:
        head = term[:cut]
        if f" {head} {term[cut:]}" not in padded:  # the cheap test first
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(head)} ({re.escape(term[cut:])}\w*)",
                             folded):
            if stem(head + m.group(1)) == term:
                return stem(head)
    return None


def _passage_stems(index: SourceIndex, pid: int) -> set[str]:
    p = index.passages[pid]
    out: set[str] = set()
    for k in range(p.first, p.last + 1):
        out.update(index.sentence_stems[k])
    return out


def _coverage(terms: list[str], weights: dict[str, float], aliases: dict[str, str],
              stems: set[str] | frozenset[str]) -> float:
    total = sum(weights[t] for t in terms)
    if not total:
        return 0.0
    got = sum(weights[t] for t in terms if aliases.get(t) in stems)
    return got / total


def _best_passage(terms: list[str], weights: dict[str, float], aliases: dict[str, str],
                  index: SourceIndex) -> tuple[int, float]:
    """The passage that covers most of ``terms``: BM25 candidates re-ranked by coverage,
    preferring the shorter window when a longer one adds nothing."""
    query = [aliases[t] for t in terms if t in aliases]
    top = index.best_passages(query, RERANK)
    if not top:
        return (0 if index.passages else -1), 0.0
    best, best_key, best_cov = -1, (-1.0, 0.0, 0.0), 0.0
    for pid, bm in top:
        p = index.passages[pid]
        cov = _coverage(terms, weights, aliases, _passage_stems(index, pid))
        key = (round(cov - 0.04 * (p.last - p.first), 6), -(p.last - p.first), bm)
        if key > best_key:
            best, best_key, best_cov = pid, key, cov
    return best, best_cov


def _bigram_coverage(tokens: list[Token], index: SourceIndex, pid: int,
                     aliases: dict[str, str]) -> float:
    seq = [aliases.get(t.stem, "\0" + t.stem) for t in tokens if t.content]
    pairs = {frozenset((a, b)) for a, b in zip(seq, seq[1:], strict=False) if a != b}
    if not pairs:
        return 0.0
    p = index.passages[pid]
    near: set[frozenset[str]] = set()
    for k in range(p.first, p.last + 1):
        s = index.sentence_stems[k]
        for i, a in enumerate(s):
            for b in s[i + 1 : i + 4]:
                near.add(frozenset((a, b)))
    return sum(1 for pr in pairs if pr in near) / len(pairs)
