"""Markdown and JSON bundle stories parse into the same Story model as digests."""

import json

import pytest

from app.errors import InputError
from app.parse import parse_story
from app.sentences import split_sentences

from .helpers import bundle

MARKDOWN = """# Bridge reopens after six weeks

> The city's main crossing is open again.

## What happened

The harbour bridge reopened on Monday after repairs[^1]. It cost $14.3 million [1, 2].

## Next

Traffic should be back to normal by Friday [2-3].

[^1]: City Council — Bridge works complete — https://council.example.org/bridge

## References

2. Harbour Times — Bridge reopens — https://times.example.org/bridge
3. Radio City — Traffic update — https://radio.example.org/traffic

Share this article
Subscribe now
"""


def test_markdown_story_with_footnotes_lists_and_ranges():
    story = parse_story(MARKDOWN, "bridge.md")
    assert story.title == "Bridge reopens after six weeks"
    assert story.dek == "The city's main crossing is open again."
    assert story.sections == ("What happened", "Next")
    assert sorted(r.n for r in story.references) == [1, 2, 3]
    assert story.reference(1).publisher == "City Council"
    cited = [s.cited for s in split_sentences(story.body) if s.is_claim]
    assert cited == [(1,), (1, 2), (2, 3)]
    assert "[^1]:" not in story.body
    assert story.boilerplate.startswith("Share this article")


def test_bundle_keeps_id_and_snapshots():
    data = bundle()
    data["references"][0]["snapshot"] = {"text": "The bridge reopened on Monday.",
                                         "fetched_at": "2026-01-02T03:04:05Z"}
    story = parse_story(json.dumps(data), "b.json")
    assert story.id == "harbour-bridge"
    assert story.reference(1).snapshot.text == "The bridge reopened on Monday."
    assert story.reference(1).snapshot.how == "bundled"
    assert story.reference(2).snapshot is None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"format": "other/1"}, "field 'format'"),
        ({"title": None}, "field 'title' is missing"),
        ({"title": 5}, "field 'title' must be text"),
        ({"body": ""}, "field 'body' is empty"),
        ({"references": {"n": 1}}, "field 'references' must be a list"),
        ({"references": [{"n": "two", "url": "https://x.org"}]}, "references[0].n"),
        ({"references": [{"n": 1, "url": 7}]}, "must be text"),
    ],
)
def test_bundle_field_errors_name_the_field(change, reason):
    data = bundle(**change)
    with pytest.raises(InputError) as error:
        parse_story(json.dumps(data), "bad.json")
    assert reason in str(error.value)
    assert str(error.value).startswith("bad.json: ")


def test_revision_changes_with_text_not_with_snapshots():
    a = parse_story(json.dumps(bundle()), "a.json")
    data = bundle()
    data["references"][0]["snapshot"] = {"text": "anything"}
    b = parse_story(json.dumps(data), "b.json")
    c = parse_story(json.dumps(bundle(body=bundle()["body"] + " More [1].")), "c.json")
    assert a.revision == b.revision
    assert a.revision != c.revision
    assert len(a.revision) == 64
