"""A prepared snapshot: sentences, stems, numbers and a BM25 index over passages."""

from __future__ import annotations

import gc
import heapq
import math
from bisect import bisect_right
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, groupby, repeat
from typing import NamedTuple

from .negation import may_negate, negated_stems
from .page_dates import relative_years, weekday_dates
from .text import (
    CONTENT_STEMS,
    WORD_RE,
    extract_numbers,
    fold_alnum,
    split_sentences,
)

#: BM25 parameters (the usual Robertson/Okapi defaults).
K1 = 1.2
B = 0.75
#: Candidate passages are windows of one to ``MAX_WINDOW`` consecutive sentences.
MAX_WINDOW = 3
#: BM25 results kept per index (``assess`` and the contradiction search ask alike).
RECENT_QUERIES = 8
#: Terms whose passage scores are kept per index (bounds memory on a huge page).
TERMS_KEPT = 20_000


class Passage(NamedTuple):
    """A window of consecutive sentences ``first..last`` and its span in the text
    (a named tuple: a long page has tens of thousands)."""

    first: int
    last: int
    start: int
    end: int


@dataclass(frozen=True, eq=False)
class SourceIndex:
    """One snapshot text, prepared once for many ``assess`` calls.

    Build it with :func:`index_source`; treat every field as read-only. ``folded``,
    ``vocabulary`` and ``postings`` are made on first use (a claim needs the postings
    of its own terms only, and most claims need no quotation or fuzzy look-up).
    """

    text: str
    sentences: tuple[tuple[int, int], ...]
    sentence_stems: tuple[tuple[str, ...], ...]  # content stems, in order
    sentence_words: tuple[frozenset[str], ...]  # lower-cased surface words
    sentence_numbers: tuple[frozenset[str], ...]  # canonical number keys
    sentence_negated: tuple[frozenset[str], ...]  # stems inside a negation's scope
    passages: tuple[Passage, ...]
    passage_len: tuple[int, ...]
    avg_len: float
    idf: dict[str, float]  # BM25 idf over passages
    stems: frozenset[str]  # every content stem of the source
    words: frozenset[str]  # every lower-cased word of the source
    numbers: frozenset[str]  # every number key of the source
    # stem -> the sentences it occurs in, ascending, once per occurrence: the passages'
    # postings are made from it for the terms a query asks for
    occurrences: dict[str, list[int]] = field(default_factory=dict, repr=False)
    first_passage: tuple[int, ...] = field(default=(), repr=False)  # of each sentence
    # BM25 work kept between calls: each term's score in each of its passages, and the
    # last few queries' results (a claim asks the same query twice)
    _term_scores: dict[str, dict[int, float]] = field(default_factory=dict, repr=False)
    _recent: dict[tuple[str, ...], dict[int, float]] = field(default_factory=dict, repr=False)
    _recent_best: dict[tuple[tuple[str, ...], int], list[tuple[int, float]]] = field(
        default_factory=dict, repr=False)

    @cached_property
    def folded(self) -> str:
        """Only the words, lower-cased, one space apart: for quotation look-ups."""
        return fold_alnum(self.text)

    @cached_property
    def vocabulary(self) -> dict[str, tuple[str, ...]]:
        """Content stems by their first two letters, sorted (for fuzzy look-ups)."""
        return {prefix: tuple(group)
                for prefix, group in groupby(sorted(self.stems), key=lambda t: t[:2])}

    @cached_property
    def postings(self) -> dict[str, tuple[tuple[int, int], ...]]:
        """Stem -> ((passage, term frequency), ...), passages ascending."""
        return {term: self.postings_of(term) for term in self.occurrences}

    def postings_of(self, term: str) -> tuple[tuple[int, int], ...]:
        """The passages that contain ``term`` and how often, passages ascending."""
        occurs = self.occurrences.get(term)
        if not occurs:
            return ()
        holders = self._holders
        if len(occurs) == 1:
            return tuple(zip(holders[occurs[0]], repeat(1)))
        # each occurrence counts once in every window that holds its sentence
        counts = Counter(chain.from_iterable(map(holders.__getitem__, occurs)))
        return tuple(sorted(counts.items()))

    @cached_property
    def _holders(self) -> tuple[tuple[int, ...], ...]:
        """For each sentence, the passages (windows) that hold it, ascending."""
        first_passage, n = self.first_passage, len(self.sentences)

        def holding(k: int) -> tuple[int, ...]:
            return tuple(first_passage[i] + j - i
                         for i in range(max(0, k - MAX_WINDOW + 1), k + 1)
                         for j in range(k, min(i + MAX_WINDOW, n)))

        if n < 6:
            return tuple(holding(k) for k in range(n))
        # away from the ends, sentence i opens passages 3i, 3i + 1, 3i + 2 (windows of
        # one, two, three sentences), so sentence k is in 3k - 4, 3k - 2 ... 3k + 2
        middle = [(t - 4, t - 2, t - 1, t, t + 1, t + 2) for t in range(6, 3 * (n - 2), 3)]
        return (holding(0), holding(1), *middle, holding(n - 2), holding(n - 1))

    def passage_text(self, i: int) -> str:
        p = self.passages[i]
        return self.text[p.start : p.end]

    def bm25(self, query: list[str] | tuple[str, ...]) -> dict[int, float]:
        """BM25 score of every passage that shares a term with ``query``.

        The cost is that of the query terms' postings: each term's scores are worked
        out on its first use and kept, and so are the last few results (``assess``
        and the contradiction search ask alike). Callers that want the best few ask
        ``best_passages``, which never sorts the whole page.
        """
        return defaultdict(float, self._ranked(tuple(query)))

    def _ranked(self, key: tuple[str, ...]) -> dict[int, float]:
        kept = self._recent.get(key)
        if kept is None:
            kept = self._bm25(key)
            if len(self._recent) >= RECENT_QUERIES:
                self._recent.clear()
            self._recent[key] = kept
        return kept

    def best_passages(self, query: list[str] | tuple[str, ...], k: int
                      ) -> list[tuple[int, float]]:
        """The ``k`` best (passage, BM25 score) pairs for ``query``: exactly
        ``sorted(self.bm25(query).items(), key=lambda kv: (-kv[1], kv[0]))[:k]``, at
        the cost of a heap of ``k`` scores, not of sorting every passage that matched."""
        key = tuple(query)
        kept = self._recent_best.get((key, k))
        if kept is None:
            kept = self._best(key, k)
            if len(self._recent_best) >= RECENT_QUERIES:
                self._recent_best.clear()
            self._recent_best[(key, k)] = kept
        return list(kept)

    def _best(self, key: tuple[str, ...], k: int) -> list[tuple[int, float]]:
        scores = self._ranked(key)
        if k <= 0:
            return []
        if len(scores) > k:
            # the k-th best score, found among bare floats (fast in C); every passage
            # at or above it, ties included, is then ordered as the definition says
            floor = heapq.nlargest(k, scores.values())[-1]
            chosen = [pair for pair in scores.items() if pair[1] >= floor]
        else:
            chosen = list(scores.items())
        chosen.sort(key=_best_first)
        return chosen[:k]

    def _bm25(self, query: tuple[str, ...]) -> dict[int, float]:
        scores: dict[int, float] = {}
        for term in set(query):  # the summing order of the original: the same floats
            term_scores = self._term_scores.get(term)
            if term_scores is None:
                if term not in self.idf:
                    continue
                if len(self._term_scores) >= TERMS_KEPT:
                    self._term_scores.clear()
                term_scores = self._term_scores[term] = self._scores_of(term)
            if not scores:
                scores = dict(term_scores)
                continue
            # passages seen before add up in Python, the others are copied in C
            both = term_scores.keys() & scores.keys()
            if both:
                added = dict(term_scores)
                for pid in both:
                    added[pid] = scores[pid] + added[pid]
                scores.update(added)
            else:
                scores.update(term_scores)
        return scores

    @cached_property
    def _norms(self) -> tuple[float, ...]:
        """Each passage's BM25 length normalisation, ``tf`` aside."""
        avg = self.avg_len
        return tuple(K1 * (1 - B + B * length / avg) for length in self.passage_len)

    @cached_property
    def _once_denominators(self) -> tuple[float, ...]:
        """``tf + norm`` of each passage for a term found there once."""
        return tuple(1 + norm for norm in self._norms)

    def _scores_of(self, term: str) -> dict[int, float]:
        """The term's BM25 score in each passage that holds it. The textbook formula,
        idf * tf * (K1 + 1) / (tf + norm), in the order it was written before, so the
        floats are the same; a passage holding the term once (nearly all) is scored in
        C as one constant over a kept denominator."""
        occurs = self.occurrences.get(term)
        if not occurs:
            return {}
        idf, holders = self.idf[term], self._holders
        once = idf * 1 * (K1 + 1)
        if len(occurs) == 1:
            windows: list[int] | tuple[int, ...] = holders[occurs[0]]
            repeated = False
        else:
            windows = list(chain.from_iterable(map(holders.__getitem__, occurs)))
            distinct = dict.fromkeys(windows)
            repeated = len(distinct) < len(windows)
            windows = list(distinct)
        scores = dict(zip(windows, map(once.__truediv__,
                                       map(self._once_denominators.__getitem__, windows)),
                          strict=True))
        if repeated:
            norms, k1_plus_1 = self._norms, K1 + 1
            for pid, tf in Counter(chain.from_iterable(map(holders.__getitem__, occurs))
                                   ).items():
                if tf > 1:
                    scores[pid] = idf * tf * k1_plus_1 / (tf + norms[pid])
        return scores


def _best_first(pair: tuple[int, float]) -> tuple[float, int]:
    return (-pair[1], pair[0])


def index_source(text: str) -> SourceIndex:
    """Prepare a snapshot's text for :func:`app.evidence.assess` (call once per snapshot)."""
    # The index is many small acyclic objects: the cycle collector, run over and over
    # while they are made, would find nothing and cost a fifth of the time on a long
    # page (more with other indexes alive). It is paused here and resumed after.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _index_source(text)
    finally:
        if paused:
            gc.enable()


def _index_source(text: str) -> SourceIndex:
    sentences = tuple(split_sentences(text))
    n_sent = len(sentences)
    # Each sentence's words, lower-cased as tokenize() lower-cases them: casefold maps
    # each character on its own, so one call over all the words, joined by NUL within a
    # sentence and by SOH between sentences (neither is ever part of a word), is one
    # call per word. The work per sentence is then a few calls in C.
    chunks = [text[s:e] for s, e in sentences]
    per_sentence = "\1".join(map("\0".join, map(WORD_RE.findall, chunks))
                              ).casefold().replace("’", "'").split("\1") if chunks else []
    lowers = [joined.split("\0") if joined else [] for joined in per_sentence]
    content = CONTENT_STEMS.__getitem__
    sent_stems = [tuple([c for c in map(content, words) if c is not None]) for words in lowers]
    word_sets = list(map(set, lowers))
    for k, joined in enumerate(per_sentence):
        if "'s" in joined:
            words = word_sets[k]
            words |= {w[:-2] for w in words if w.endswith("'s")}
    sent_words = list(map(frozenset, word_sets))
    # only a sentence with a negation cue needs its tokens and their offsets
    none: frozenset[str] = frozenset()
    sent_negated = [none] * n_sent
    for k, (joined, words) in enumerate(zip(per_sentence, word_sets, strict=True)):
        if may_negate(joined, words):
            sent_negated[k] = negated_stems(chunks[k], lowers[k])
    # numbers found once over the whole text, then handed to the sentence they start in
    sent_numbers = [none] * n_sent
    keys: dict[int, set[str]] = {}
    starts = [s for s, _ in sentences]
    for mention in chain(extract_numbers(text), relative_years(text, sentences=sentences),
                         weekday_dates(text, sentences)):
        k = bisect_right(starts, mention.start) - 1
        if k >= 0 and mention.start < sentences[k][1]:
            keys.setdefault(k, set()).update(mention.keys)
    for k, found in keys.items():
        sent_numbers[k] = frozenset(found)

    # Passages are windows of one to MAX_WINDOW sentences, numbered window by window.
    # Each term's passages follow from the sentences it occurs in (postings_of), so
    # here only the counts BM25 needs are made: passage lengths and document frequency.
    passages: list[Passage] = []
    lengths: list[int] = []
    first_passage: list[int] = []
    sizes = [len(stems) for stems in sent_stems]
    new = tuple.__new__
    for i, (start, _) in enumerate(sentences):
        first_passage.append(len(passages))
        length = 0
        for j in range(i, min(i + MAX_WINDOW, n_sent)):
            passages.append(new(Passage, (i, j, start, sentences[j][1])))
            length += sizes[j]
            lengths.append(length)
    occurrences: defaultdict[str, list[int]] = defaultdict(list)
    entry, append = occurrences.__getitem__, list.append
    for k, stems in enumerate(sent_stems):
        deque(map(append, map(entry, stems), repeat(k)), maxlen=0)
    n = len(passages)
    avg = (sum(lengths) / n) if n else 1.0
    idf_of: dict[int, float] = {}
    idf: dict[str, float] = {}
    alone = [_passages_holding([k], n_sent) for k in range(n_sent)]
    for term, occurs in occurrences.items():
        first = occurs[0]
        df = alone[first] if first == occurs[-1] else _passages_holding(occurs, n_sent)
        value = idf_of.get(df)
        if value is None:
            value = idf_of[df] = math.log(1 + (n - df + 0.5) / (df + 0.5))
        idf[term] = value
    return SourceIndex(
        text=text,
        sentences=sentences,
        sentence_stems=tuple(sent_stems),
        sentence_words=tuple(sent_words),
        sentence_numbers=tuple(sent_numbers),
        sentence_negated=tuple(sent_negated),
        passages=tuple(passages),
        passage_len=tuple(lengths),
        avg_len=avg or 1.0,
        idf=idf,
        stems=frozenset(occurrences),
        words=frozenset().union(*sent_words),
        numbers=frozenset().union(*sent_numbers),
        occurrences=dict(occurrences),
        first_passage=tuple(first_passage),
    )


def _passages_holding(occurs: list[int], n: int) -> int:
    """How many windows of 1 to MAX_WINDOW of ``n`` sentences hold at least one of the
    sentences ``occurs`` (ascending, repeats allowed): a term's document frequency.

    Windows of ``size`` starting at i in [k - size + 1, k] hold sentence k. Over the
    sizes 1..3, the first occurrence opens 1 + 2 + 3 starts; each next one adds, for
    a gap g from the one before, min(g, size) per size (0, 3, 5 or 6 in all); the
    starts before 0 or past n - size are taken off at the two ends.
    """
    if n < MAX_WINDOW:  # a text of one or two sentences: count the windows
        return sum(1 for i in range(n) for j in range(i, min(i + MAX_WINDOW, n))
                   if any(i <= k <= j for k in occurs))
    total, prev = 6, occurs[0]
    for k in occurs:
        gap = k - prev
        total += _GAP_STARTS[gap] if gap < 3 else 6
        prev = k
    return total - _EDGE_STARTS[min(occurs[0], 2)] - _EDGE_STARTS[min(n - 1 - occurs[-1], 2)]


assert MAX_WINDOW == 3, "_passages_holding counts windows of one to three sentences"
_GAP_STARTS = (0, 3, 5)  # new window starts after a gap of 0, 1, 2 sentences
_EDGE_STARTS = (3, 1, 0)  # starts lost when the term is 0, 1, 2+ sentences from an end
