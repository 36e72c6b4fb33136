"""The fast index gives what the plain definitions give: stems, numbers, postings, BM25.

The verdicts are calibrated on these outputs, so each shortcut in ``app/evidence`` is
checked here against the straightforward way of computing the same thing.
(``tests/benchmarks/equivalence.py`` compares whole indexes with an earlier revision.)
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from snowballstemmer.english_stemmer import EnglishStemmer

from app.evidence import index_source
from app.evidence import text as evidence_text
from app.evidence.index import K1, MAX_WINDOW, B, SourceIndex
from app.evidence.text import extract_numbers, split_sentences, stem, tokenize

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _sample_texts() -> list[str]:
    texts = [(SAMPLES / "muse-spark-digest.txt").read_text(encoding="utf-8")]
    for path in sorted(SAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        texts.append(data["body"])
        texts += [r["snapshot"]["text"] for r in data["references"] if r.get("snapshot")]
    return texts


def test_the_c_stemmer_stems_as_the_pure_python_one() -> None:
    pure = EnglishStemmer()
    words = {t.lower for text in _sample_texts() for t in tokenize(text)}
    words |= {"running", "generously", "organisations", "ſtand", "naïve", "İstanbul", "x's"}
    assert len(words) > 1000
    for word in words:
        base = word[:-2] if word.endswith(("'s", "’s")) else word
        assert stem(word) == pure.stemWord(base), word


_PIECES = st.sampled_from([
    "a", ".", "5", "12", " ", "May", "2020", ",", "$", "£", "€", "jan", "SEPT", "sep", "K",
    "five", "1.2", ".3", "usd", "US$", "rs.", "inr", "10th", "1990s", "\n", "%", "percent",
    "bn", "k", "m", "of", "often", "x_", "_", "'", "thus", "٣", "²", "$.", "8 April 2026",
    "1,000", "twenty", "ſ", "ı", "İ", "mıllion", "Dozen", " per cent",
])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_PIECES, max_size=400))
def test_numbers_are_found_where_the_full_pattern_finds_them(parts: list[str]) -> None:
    text = "".join(parts)
    expected = [(m.start(), m.end()) for m in evidence_text._NUMBER_RE.finditer(text)]
    found = [(m.start(), m.end()) for m in evidence_text._number_matches(text)]
    assert found == expected


def test_number_words_with_a_dotless_i_are_read() -> None:
    # IGNORECASE matches "ı" and "İ" to "i"; reading the value once raised KeyError
    found = extract_numbers("nıne MİLLİON people and FİVE bıllion dollars")
    assert [n.key for n in found] == ["9000000", "5000000000"]


def test_tokenize_hands_out_a_fresh_list_each_time() -> None:
    first = tokenize("Meta announced Muse Spark.")
    first.clear()
    assert [t.text for t in tokenize("Meta announced Muse Spark.")] == [
        "Meta", "announced", "Muse", "Spark"]


def _reference_windows(index: SourceIndex) -> list[Counter[str]]:
    """Each passage's term counts, the way the index was first written."""
    counts = []
    n = len(index.sentences)
    for i in range(n):
        for size in range(1, MAX_WINDOW + 1):
            if i + size - 1 >= n:
                break
            c: Counter[str] = Counter()
            for k in range(i, i + size):
                c.update(index.sentence_stems[k])
            counts.append(c)
    return counts


_SENTENCES = st.lists(
    st.lists(st.sampled_from("meta model open source lab revenue rose fell price "
                             "not never wang spark llama".split()), min_size=0, max_size=8),
    max_size=14,
)


@settings(max_examples=200, deadline=None)
@given(sentences=_SENTENCES)
def test_postings_idf_and_bm25_are_the_plain_definitions(sentences: list[list[str]]) -> None:
    text = "\n".join(" ".join(words) + "." for words in sentences)
    index = index_source(text)
    windows = _reference_windows(index)
    assert len(windows) == len(index.passages)
    for pid, p in enumerate(index.passages):
        assert sum(windows[pid].values()) == index.passage_len[pid]
        assert (p.start, p.end) == (index.sentences[p.first][0], index.sentences[p.last][1])
    expected: dict[str, list[tuple[int, int]]] = {}
    for pid, c in enumerate(windows):
        for term, tf in c.items():
            expected.setdefault(term, []).append((pid, tf))
    assert index.postings == {t: tuple(p) for t, p in expected.items()}
    n = len(windows)
    for term, p in expected.items():
        assert index.idf[term] == math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5))
    avg = index.avg_len
    for query in (["meta"], ["meta", "model", "wang"], ["rose", "fell", "nothing"], []):
        scores: dict[int, float] = {}
        for term in set(query):
            for pid, tf in expected.get(term, []):
                norm = K1 * (1 - B + B * index.passage_len[pid] / avg)
                scores[pid] = scores.get(pid, 0.0) + index.idf[term] * tf * (K1 + 1) / (tf + norm)
        got = index.bm25(query)
        assert got == scores  # the same floats, not merely close ones
        assert index.bm25(query) == scores  # and again, from what was kept
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        for k in (0, 1, 2, 12, 100):
            assert index.best_passages(query, k) == ranked[:k]


def test_sentences_words_and_negations_are_per_sentence() -> None:
    text = ("Meta's lab didn't open the model. Revenue rose 58% to $14.3 billion.\n"
            "Wang never said it.")
    index = index_source(text)
    assert [text[s:e] for s, e in index.sentences] == [text[s:e] for s, e in
                                                       split_sentences(text)]
    assert "meta" in index.sentence_words[0] and "meta's" in index.sentence_words[0]
    assert index.sentence_negated[0] == {"open", "model"}
    assert index.sentence_negated[1] == frozenset()
    assert "58%" in index.sentence_numbers[1] and "14300000000" in index.numbers
    assert index.folded.startswith("meta s lab didn t open")
    assert index.vocabulary["mo"] == ("model",)
