"""The evidence scorer: each check on hand-made pairs, spans, and a quality floor."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.evidence import Assessment, assess, index_source
from app.evidence.text import extract_numbers, extract_quotes, split_sentences

SOURCE = """Meta unveils Muse Spark

Meta announced Muse Spark on 8 April 2026, the first model from its new Superintelligence Labs.
The company called the release "a ground-up overhaul of our AI efforts".
Quarterly revenue rose 58 percent to $14.3 billion, the company said.
The lab is led by Alexandr Wang, formerly chief executive of Scale AI.
The model is not open source, unlike earlier Llama releases.
Developers can use it through a paid API. Access is free for researchers.
"""


@pytest.fixture(scope="module")
def index():
    return index_source(SOURCE)


def check_span(a: Assessment, text: str = SOURCE) -> None:
    start, end = a.span
    assert text[start:end] == a.passage
    assert a.passage


def test_paraphrase_with_normalised_date_is_supported(index):
    a = assess("Muse Spark was announced by Meta on April 8, 2026.", index)
    assert a.verdict == "supported", a
    assert "8 April 2026" in a.passage
    assert not a.failed_checks
    check_span(a)


def test_percent_and_money_are_normalised(index):
    a = assess("Revenue rose 58% to 14.3bn in the quarter.", index)
    assert not a.missing.numbers
    assert a.verdict == "supported", a
    assert "58" in a.matched or "58%" in a.matched


def test_matched_lists_only_what_the_shown_passage_contains():
    source = ("The chain said in 2014 that it would expand in the Caucasus.\n"
              "# Starbucks coffee shop chain will be opened in Baku, Azerbaijan\n")
    a = assess("In 2014 Starbucks was to open a store in Baku, Azerbaijan.", source)
    start, end = a.span
    shown = source[start:end]
    assert a.passage == shown
    for word in a.matched:
        assert word.lower() in shown.lower(), (word, shown)
    assert not a.missing.numbers  # 2014 is in the source, just not in that passage


def test_changed_number_is_never_supported(index):
    a = assess("Quarterly revenue rose 62 percent to $14.3 billion.", index)
    assert a.verdict != "supported"
    assert a.missing.numbers == ("62 percent",)
    assert "number" in a.failed_checks
    assert a.unbacked
    check_span(a)


def test_altered_quotation_is_a_near_miss_and_not_supported(index):
    a = assess('Meta called the release "a ground-up overhaul of its AI work".', index)
    assert a.verdict != "supported"
    assert a.near_quotes == ("a ground-up overhaul of its AI work",)


def test_typographic_quotes_are_folded(index):
    a = assess("Meta called the release “a ground‑up overhaul of our AI  efforts”.", index)
    assert not a.missing.quotes


def test_invented_quotation_is_missing(index):
    a = assess('Meta said the model was "the best chatbot ever built by anyone".', index)
    assert a.missing.quotes == ("the best chatbot ever built by anyone",)
    assert a.verdict != "supported"
    assert "quote" in a.failed_checks


def test_swapped_name_is_reported(index):
    a = assess("The lab is led by Mark Zuckerberg, formerly chief executive of Scale AI.", index)
    assert a.missing.names == ("Mark Zuckerberg",)
    assert "name" in a.failed_checks
    assert a.verdict != "supported"


def test_one_word_missing_name_is_reported_but_only_weighs_in_the_score(index):
    a = assess("The lab in Brazil is led by Alexandr Wang.", index)
    assert a.missing.names == ("Brazil",)
    assert "name" in a.failed_checks
    sys_mod = sys.modules["app.evidence.assess"]
    analysis = sys_mod.analyse("The lab in Brazil is led by Alexandr Wang.", index)
    assert "name" not in analysis.hard_fail and "name" in analysis.soft_fail
    full = sys_mod.analyse("Mark Zuckerberg leads the lab.", index)
    assert "name" in full.hard_fail


def test_negation_flip_is_caught(index):
    a = assess("The model is open source, like earlier Llama releases.", index)
    assert a.negation_flipped
    assert "negation" in a.failed_checks
    assert a.verdict != "supported"


def test_claim_split_across_two_sentences_finds_both(index):
    # the page says "it" where the claim names Muse Spark: precision-first verdicts may
    # stop at partial, but the passage shown must hold both halves of the claim
    a = assess("Developers can use Muse Spark through a paid API, and access is free for "
               "researchers.", index)
    assert a.verdict in ("supported", "partial"), a
    assert "paid API" in a.passage and "free for researchers" in a.passage
    check_span(a)


def test_long_claim_names_the_unbacked_part(index):
    a = assess(
        "The lab is led by Alexandr Wang, formerly chief executive of Scale AI, "
        "and the team plans to release a robotics platform for hospitals next winter.",
        index,
    )
    assert a.verdict != "supported"
    assert any("robotics" in u for u in a.unbacked)
    assert not any("Alexandr Wang" in u for u in a.unbacked)


def test_unrelated_claim_is_unsupported(index):
    a = assess("Bananas grow best in the volcanic soils of southern Peru.", index)
    assert a.verdict == "unsupported"
    assert a.score < 0.3


def test_raw_text_and_index_agree(index):
    claim = "Alexandr Wang leads the lab."
    assert assess(claim, SOURCE) == assess(claim, index)


def test_empty_source_and_claim_do_not_crash():
    a = assess("Anything at all.", "")
    assert a.verdict == "unsupported" and a.span == (0, 0) and a.passage == ""
    b = assess("", SOURCE)
    assert b.verdict in {"supported", "partial", "unsupported"}
    assert 0.0 <= b.score <= 1.0


def test_number_normalisation():
    def keys(s: str) -> list[str]:
        return [n.key for n in extract_numbers(s)]

    assert keys("58%") == keys("58 percent") == keys("58 per cent") == ["58%"]
    assert keys("$14.3 billion") == keys("14.3bn") == ["14300000000"]
    assert keys("April 8, 2026") == keys("8 April 2026") == keys("2026-04-08")
    assert keys("over 260,000 volumes") == ["260000"]


def test_quote_extraction_ignores_apostrophes():
    assert extract_quotes("It's Meta's model, and 'not ours' they said") == ["not ours"]


def test_sentence_spans_keep_initials_and_abbreviations():
    text = "Thomas K. Arnold joined Dr. Smith in the U.S. last year. Then he left."
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got == ["Thomas K. Arnold joined Dr. Smith in the U.S. last year.", "Then he left."]


# --------------------------------------------------------------------------- properties

_WORDS = st.sampled_from(
    [
        "Meta", "model", "revenue", "rose", "fell", "58%", "$14.3", "billion", "April",
        "8,", "2026", '"quoted', 'words"', "Wang", "not", "never", "the", "a", "of", "and",
        "U.S.", "Dr.", "K.", "lab’s", "open-source,", "AI;", "(note)", "2018–19",
    ]
)
_SEPARATORS = st.sampled_from([" ", " ", " ", ". ", ".\n", "\n\n", "! ", "? ", " — "])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=60))
    return "".join(w + sep for w, sep in parts)


@settings(max_examples=150, deadline=None)
@given(source=_texts(), claim=_texts())
def test_span_is_always_the_passage(source: str, claim: str) -> None:
    a = assess(claim, source)
    start, end = a.span
    assert 0 <= start <= end <= len(source)
    assert source[start:end] == a.passage
    assert a.verdict in {"supported", "partial", "contradicted", "unsupported"}
    assert 0.0 <= a.score <= 1.0
    if a.missing.numbers or a.missing.quotes:
        assert a.verdict != "supported"


@settings(max_examples=100, deadline=None)
@given(source=_texts())
def test_sentence_spans_are_ordered_and_trimmed(source: str) -> None:
    last = 0
    for start, end in split_sentences(source):
        assert last <= start < end <= len(source)
        chunk = source[start:end]
        assert chunk == chunk.strip()
        last = end


# --------------------------------------------------------------------------- quality floor

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "citation-support"


@pytest.mark.skipif(
    not (DATA / "wice-dev.jsonl").exists()
    or not (DATA / "attributionbench-dev-gensearch-expertqa.jsonl").exists(),
    reason=f"the labelled citation-support sets are not at {DATA} (../shared relative to the repo)",
)
def test_quality_floor_on_a_fixed_subset() -> None:
    """60 rows of each set through the quality script. The shipped weights are
    precision-first: their greens must stay right most of the time, and they must
    still say green at all (a scorer that never says green is useless too)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import quality
    finally:
        sys.path.pop(0)
    lines: list[str] = []
    figures = quality.run(quality.development_files(DATA), limit=60, out=lines.append)
    report = "\n".join(lines)
    for name in ("WiCE", "AttributionBench"):
        assert figures[f"{name}.shipped.green_precision"] >= 0.8, report
        assert figures[f"{name}.shipped.greens"] >= 3, report
        assert figures[f"{name}.shipped.red_precision"] >= 0.8, report
    assert figures["AttributionBench.cv"] >= 0.55, report


@pytest.mark.skipif(not (DATA / "wice-dev.jsonl").exists(),
                    reason=f"the labelled citation-support sets are not at {DATA}")
def test_the_quality_script_measures_held_out_files_whatever_their_names(tmp_path, capsys):
    """The acceptance measurement uses other labelled files in the same formats: they
    are recognised by their fields, and the shipped weights are reported as held-out."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import quality
    finally:
        sys.path.pop(0)
    wice = (DATA / "wice-dev.jsonl").read_text(encoding="utf-8").splitlines()
    bench = (DATA / "attributionbench-dev-gensearch-expertqa.jsonl").read_text(
        encoding="utf-8").splitlines()
    (tmp_path / "wice-test.jsonl").write_text("\n".join(wice[::7]) + "\n", encoding="utf-8")
    (tmp_path / "other-bench.jsonl").write_text(
        "\n".join(bench[::20]) + '\n{"claim": "x", "references": null, '
        '"attribution_label": "attributable"}\n', encoding="utf-8")
    (tmp_path / "notes.jsonl").write_text('{"something": "else"}\n', encoding="utf-8")
    again = tmp_path / "again"
    again.mkdir()
    (again / "wice-test.jsonl").write_bytes(b"\xef\xbb\xbf" + "\n".join(wice[1::9]).encode())

    assert quality.main([str(tmp_path), str(again / "wice-test.jsonl")]) == 0
    captured = capsys.readouterr()
    report = captured.out
    assert "other-bench (held-out): balanced accuracy" in report
    # two files called wice-test (one with a BOM) are two sets, neither hiding the other
    assert report.count("wice-test (held-out): balanced accuracy") == 2
    assert "skipped" in captured.err and "notes.jsonl" in captured.err
    assert "other-bench.jsonl: skipped 1 unreadable row" in captured.err

    assert quality.main([str(tmp_path / "nope.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_missing_words_do_not_repeat_a_missing_name_or_quotation():
    a = assess("Mayor Jean-Luc Moreau opened the harbour bridge on Monday.",
               "The harbour bridge opened on Monday after repairs.")
    assert a.missing.names == ("Mayor Jean-Luc Moreau",)
    assert not {"Jean", "Luc", "Moreau", "Mayor"} & set(a.missing.words)
    b = assess('The mayor said "we will rebuild, and quickly" at the bridge.',
               "The mayor spoke at the bridge on Monday.")
    assert b.missing.quotes and "rebuild" not in b.missing.words
    assert "said" in b.missing.words  # a word outside the quotation is still named


def test_a_word_the_source_says_another_way_still_backs_the_claim() -> None:
    source = ("The chain said it would close 40 stores next year. The closures will cost "
              "about 900 jobs.")
    a = assess("The chain will shut 40 stores next year.", source)
    assert a.verdict == "supported", a.explanation
    assert "shut" not in a.matched  # listed only where the passage holds the word itself


def test_an_irregular_verbs_tenses_are_one_word_as_a_regular_verbs_are() -> None:
    source = ("Workers at the Arlen mill voted on Friday to accept the offer. \"This "
              "agreement gives our workers the certainty they have been asking for,\" said "
              "chief executive Gordon Walsh.")
    a = assess("Gordon Walsh said the agreement gave the workers the certainty they had "
               "been asking for.", source)
    assert a.verdict == "supported", a.explanation
    assert "gave" not in a.explanation  # not a word left for the reviewer to check
    # one verb's forms only: another verb is still a word the source lacks
    b = assess("Gordon Walsh said the agreement took the workers the certainty they had "
               "been asking for.", source)
    assert "“took”" in b.explanation


def test_a_unit_written_short_is_the_same_figure_and_another_unit_is_not() -> None:
    source = ("The new road, which is 12km long, will link the port to the motorway. "
              "It cost £140m to build and took three years.")
    same = assess("The new road is 12 kilometres long.", source)
    assert same.verdict == "supported", same.explanation
    other = assess("The new road is 12 miles long.", source)
    assert other.verdict != "supported" and "miles" in other.explanation
