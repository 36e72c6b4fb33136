"""Whatever text arrives, parsing either gives a story or the declared input error."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.check import check_story
from app.errors import InputError
from app.parse import parse_story
from app.textio import decode_bytes

story_like = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(["References", "[1] A — B — https://x.org", "[2]", "# Title",
                         "## Section", '{"format": "copydesk.story/1"}', "[^1]: x",
                         "Was this article helpful?", "Text [1].", "[1-400]", "[3, 2]"]),
    ),
    max_size=12,
).map("\n".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(story_like, st.sampled_from([None, "digest", "markdown", "bundle"]))
def test_parse_succeeds_or_raises_input_error(text, fmt):
    try:
        story = parse_story(text, "fuzz.txt", fmt)
    except InputError as error:
        assert str(error).startswith("fuzz.txt: ")
        return
    report = check_story(story)  # a parsed story can always be checked
    assert report.summary["claims"] == len(report.claims)


@given(st.binary(max_size=400))
def test_bytes_decode_or_raise_input_error(data):
    try:
        decoded = decode_bytes(data, "blob")
    except InputError as error:
        assert str(error).startswith("blob: ")
        return
    assert decoded.text.strip()
