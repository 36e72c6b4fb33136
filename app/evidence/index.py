"""A prepared snapshot: sentences, stems, numbers and a BM25 index over passages."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass

from .text import NEGATION_CUES, Token, extract_numbers, fold_alnum, split_sentences, tokenize

#: BM25 parameters (the usual Robertson/Okapi defaults).
K1 = 1.2
B = 0.75
#: Candidate passages are windows of one to ``MAX_WINDOW`` consecutive sentences.
MAX_WINDOW = 3


@dataclass(frozen=True, eq=False)
class Passage:
    """A window of consecutive sentences ``first..last`` and its span in the text."""

    first: int
    last: int
    start: int
    end: int


@dataclass(frozen=True, eq=False)
class SourceIndex:
    """One snapshot text, prepared once for many ``assess`` calls.

    Build it with :func:`index_source`; treat every field as read-only.
    """

    text: str
    folded: str  # only the words, lower-cased, one space apart: for quotation look-ups
    sentences: tuple[tuple[int, int], ...]
    sentence_stems: tuple[tuple[str, ...], ...]  # content stems, in order
    sentence_words: tuple[frozenset[str], ...]  # lower-cased surface words
    sentence_numbers: tuple[frozenset[str], ...]  # canonical number keys
    sentence_negated: tuple[frozenset[str], ...]  # stems inside a negation's scope
    passages: tuple[Passage, ...]
    postings: dict[str, tuple[tuple[int, int], ...]]  # stem -> ((passage, tf), ...)
    passage_len: tuple[int, ...]
    avg_len: float
    idf: dict[str, float]  # BM25 idf over passages
    stems: frozenset[str]  # every content stem of the source
    words: frozenset[str]  # every lower-cased word of the source
    numbers: frozenset[str]  # every number key of the source
    vocabulary: dict[str, tuple[str, ...]]  # content stems by first two letters (fuzzy)

    def passage_text(self, i: int) -> str:
        p = self.passages[i]
        return self.text[p.start : p.end]

    def bm25(self, query: list[str] | tuple[str, ...]) -> dict[int, float]:
        """BM25 score of every passage that shares a term with ``query``."""
        scores: dict[int, float] = defaultdict(float)
        for term in set(query):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for pid, tf in self.postings[term]:
                norm = K1 * (1 - B + B * self.passage_len[pid] / self.avg_len)
                scores[pid] += idf * tf * (K1 + 1) / (tf + norm)
        return scores


_NOT_NEGATING = frozenset({"only", "just", "merely", "simply", "but", "least", "doubt"})


def is_negation(tokens: list[Token], i: int) -> bool:
    """Whether ``tokens[i]`` negates what follows ("not only", "nothing but" do not)."""
    tok = tokens[i]
    if not (tok.lower in NEGATION_CUES or tok.lower.endswith("n't")):
        return False
    return not (i + 1 < len(tokens) and tokens[i + 1].lower in _NOT_NEGATING)


def negation_scope(tokens: list[Token], text: str, reach: int = 3) -> frozenset[str]:
    """Stems of the content words a negation cue governs: up to ``reach`` content words
    after it, stopping at punctuation (``reach=1``: only the word it directly negates)."""
    out: set[str] = set()
    for i in range(len(tokens)):
        if not is_negation(tokens, i):
            continue
        prev, seen = tokens[i], 0
        for t in tokens[i + 1 : i + 9]:
            if seen >= reach or any(c in ",;:.!?()" for c in text[prev.end : t.start]):
                break
            if t.content:
                out.add(t.stem)
                seen += 1
            prev = t
    return frozenset(out)


def index_source(text: str) -> SourceIndex:
    """Prepare a snapshot's text for :func:`app.evidence.assess` (call once per snapshot)."""
    sentences = tuple(split_sentences(text))
    # numbers found once over the whole text, then handed to their sentences
    mentions = extract_numbers(text)
    starts = [m.start for m in mentions]
    sent_stems: list[tuple[str, ...]] = []
    sent_words: list[frozenset[str]] = []
    sent_numbers: list[frozenset[str]] = []
    sent_negated: list[frozenset[str]] = []
    for s, e in sentences:
        chunk = text[s:e]
        toks = tokenize(chunk)
        sent_stems.append(tuple(t.stem for t in toks if t.content))
        words = {t.lower for t in toks}
        words |= {w[:-2] for w in words if w.endswith("'s")}
        sent_words.append(frozenset(words))
        keys: set[str] = set()
        for j in range(bisect_left(starts, s), bisect_left(starts, e)):
            keys |= mentions[j].keys
        sent_numbers.append(frozenset(keys))
        sent_negated.append(negation_scope(toks, chunk))

    passages: list[Passage] = []
    counts: list[Counter[str]] = []
    for i in range(len(sentences)):
        for size in range(1, MAX_WINDOW + 1):
            j = i + size - 1
            if j >= len(sentences):
                break
            passages.append(Passage(i, j, sentences[i][0], sentences[j][1]))
            c: Counter[str] = Counter()
            for k in range(i, j + 1):
                c.update(sent_stems[k])
            counts.append(c)

    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pid, c in enumerate(counts):
        for term, tf in c.items():
            postings[term].append((pid, tf))
    lengths = tuple(sum(c.values()) for c in counts)
    n = len(passages)
    avg = (sum(lengths) / n) if n else 1.0
    idf = {
        term: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for term, p in postings.items()
    }
    stems = frozenset(postings)
    by_prefix: dict[str, set[str]] = defaultdict(set)
    for term in stems:
        by_prefix[term[:2]].add(term)
    all_words: set[str] = set().union(*sent_words) if sent_words else set()
    all_numbers: set[str] = set().union(*sent_numbers) if sent_numbers else set()
    return SourceIndex(
        text=text,
        folded=fold_alnum(text),
        sentences=sentences,
        sentence_stems=tuple(sent_stems),
        sentence_words=tuple(sent_words),
        sentence_numbers=tuple(sent_numbers),
        sentence_negated=tuple(sent_negated),
        passages=tuple(passages),
        postings={t: tuple(p) for t, p in postings.items()},
        passage_len=lengths,
        avg_len=avg or 1.0,
        idf=idf,
        stems=stems,
        words=frozenset(all_words),
        numbers=frozenset(all_numbers),
        vocabulary={k: tuple(sorted(v)) for k, v in by_prefix.items()},
    )
