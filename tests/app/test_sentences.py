"""Sentence splitting keeps markers with their sentence and survives tricky prose."""

from hypothesis import given
from hypothesis import strategies as st

from app.sentences import split_sentences


def texts(body):
    return [s.text for s in split_sentences(body)]


def test_marker_after_the_full_stop_belongs_to_the_sentence_before():
    assert texts("Prices rose 4%. [2] Then they fell [3].") == [
        "Prices rose 4%. [2]", "Then they fell [3].",
    ]


def test_marker_runs_and_lists_stay_together():
    sentences = split_sentences("Sales doubled [2][3]. Costs fell [2, 4].")
    assert [s.cited for s in sentences] == [(2, 3), (2, 4)]


def test_abbreviations_decimals_and_initials_do_not_split():
    body = ("The U.S. economy grew 14.3 percent, Dr. Smith said, e.g. in March. "
            "J. R. Jones agreed [1].")
    assert texts(body) == [
        "The U.S. economy grew 14.3 percent, Dr. Smith said, e.g. in March.",
        "J. R. Jones agreed [1].",
    ]


def test_quotations_and_ellipses():
    body = 'She said "It is over." Then she left... and came back. Really? Yes [1].'
    assert texts(body) == [
        'She said "It is over."', "Then she left... and came back.", "Really?", "Yes [1].",
    ]


def test_headings_and_paragraphs_are_boundaries_and_spans_index_the_body():
    body = "## The News\n\nFirst fact [1]\nstill first.\n\nSecond fact [2]"
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == ["First fact [1]\nstill first.", "Second fact [2]"]
    for s in sentences:
        assert body[s.span[0]:s.span[1]] == s.text


@given(st.text(alphabet=st.sampled_from(list("abc XYZ.!?[]1,\n\"'…-")), max_size=300))
def test_spans_always_index_the_body_in_order(body):
    previous_end = 0
    for sentence in split_sentences(body):
        start, end = sentence.span
        assert previous_end <= start < end <= len(body)
        assert body[start:end] == sentence.text
        for marker in sentence.markers:
            assert start <= marker.span[0] and marker.span[1] <= end
        previous_end = end
