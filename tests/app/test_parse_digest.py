"""The digest sample parses into exactly the structure a reviewer sees in the file."""

from app.parse import load_story_file, parse_story
from app.sentences import split_sentences

from .helpers import SAMPLE_DIGEST, digest_text


def test_sample_title_dek_and_sections():
    story = load_story_file(SAMPLE_DIGEST)
    assert story.title == "OxCaml Labs"
    assert story.dek.startswith("Meta announced the release of Muse Spark")
    assert story.sections == (
        "The News", "The Context", "Why It Matters", "The Bigger Picture",
        "Daily Neural Digest Analysis",
    )
    assert story.origin == "digest"


def test_sample_has_46_markers_each_in_the_sentence_it_closes():
    story = load_story_file(SAMPLE_DIGEST)
    sentences = split_sentences(story.body)
    markers = [m for s in sentences for m in s.markers]
    assert len(markers) == 46
    for sentence in sentences:
        for marker in sentence.markers:
            start, end = sentence.span
            assert start <= marker.span[0] < marker.span[1] <= end
            assert story.body[marker.span[0]:marker.span[1]] == marker.text
    first = sentences[0]
    assert first.text.startswith("Meta announced the release of Muse Spark")
    assert first.text.endswith("Superintelligence Labs [3].")
    assert first.cited == (3,)


def test_sample_references_split_on_em_dash():
    story = load_story_file(SAMPLE_DIGEST)
    assert [r.n for r in story.references] == [1, 2, 3, 4]
    vb = story.reference(2)
    assert vb.publisher == "VentureBeat"
    assert vb.title.startswith("Goodbye, Llama? Meta launches new proprietary AI model Muse Spark")
    assert vb.title.endswith("first since Superintelligence Labs' formation")
    assert vb.url.startswith("https://venturebeat.com/technology/goodbye-llama")
    assert story.reference(4).publisher == "TechCrunch"


def test_sample_boilerplate_is_cut_and_reported():
    story = load_story_file(SAMPLE_DIGEST)
    assert story.boilerplate.startswith("Was this article helpful?")
    assert "Related Articles" in story.boilerplate
    assert "Related Articles" not in story.body
    assert "Florida" not in story.body
    kinds = [f.kind for f in story.parse_findings]
    assert kinds == ["trailing_boilerplate"]
    assert story.parse_findings[0].severity == "info"


def test_reordered_references_keep_their_numbers():
    text = digest_text()
    head, _, tail = text.partition("References\n")
    refs, _, rest = tail.partition("Was this article helpful?")
    lines = [line for line in refs.split("\n") if line.strip()]
    reordered = head + "References\n" + "\n".join(reversed(lines)) + "\n"
    story = parse_story(reordered, "reordered.txt")
    assert [r.n for r in story.references] == [4, 3, 2, 1]
    assert story.reference(3).publisher == "Ars Technica"
    assert not story.boilerplate


def test_malformed_reference_line_is_reported_not_dropped_silently():
    text = (
        "Bridge reopens\nThe bridge is open again.\n"
        "The bridge reopened on Monday [1]. Repairs took six weeks [2].\n"
        "References\n"
        "[1] City Council — Bridge works complete — https://council.example.org/b\n"
        "[2] Harbour Times — no link here\n"
    )
    story = parse_story(text, "x.txt")
    assert [f.kind for f in story.parse_findings] == ["malformed_reference"]
    assert "no http(s) URL" in story.parse_findings[0].message
    assert story.reference(2).publisher == "Harbour Times"
