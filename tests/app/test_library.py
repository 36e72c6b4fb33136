"""The library: idempotent imports, whole-or-nothing writes, search, migrations."""

import sqlite3

import pytest

from app.library import Library, count_stories, import_story, list_stories, load_story
from app.library import stories as stories_module
from app.parse import load_story_file

from .helpers import SAMPLE_DIGEST, write_bundle


@pytest.fixture
def library(tmp_path):
    with Library(tmp_path / "lib.sqlite3") as lib:
        yield lib


def test_same_content_twice_is_already_there(library):
    story = load_story_file(SAMPLE_DIGEST)
    first = import_story(library, story, "a.txt")
    again = import_story(library, story, "b.txt")
    assert first.status == "imported" and again.status == "already there"
    assert first.story_id == again.story_id
    assert count_stories(library) == 1


def test_bundle_with_known_id_and_new_text_becomes_a_revision(library, tmp_path):
    first = load_story_file(write_bundle(tmp_path / "a.json"))
    second = load_story_file(write_bundle(tmp_path / "b.json", title="Bridge open again"))
    import_story(library, first)
    result = import_story(library, second)
    assert result.status == "updated" and result.story_id == "harbour-bridge"
    revisions = library.conn.execute(
        "SELECT COUNT(*) FROM revisions WHERE story_id = 'harbour-bridge'").fetchone()[0]
    assert revisions == 2
    assert load_story(library, "harbour-bridge").title == "Bridge open again"


def test_failed_import_leaves_nothing_behind(library, tmp_path, monkeypatch):
    story = load_story_file(write_bundle(tmp_path / "a.json"))

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(stories_module, "_insert_revision", explode)
    with pytest.raises(RuntimeError):
        import_story(library, story)
    for table in ("stories", "revisions", "story_references", "snapshots"):
        assert library.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_roundtrip_keeps_references_and_snapshots(library, tmp_path):
    path = write_bundle(tmp_path / "a.json")
    import json
    data = json.loads(path.read_text())
    data["references"][0]["snapshot"] = {"text": "Bridge reopened Monday.", "sha256": "ab"}
    path.write_text(json.dumps(data))
    story = load_story_file(path)
    import_story(library, story)
    loaded = load_story(library, "harbour-bridge")
    assert loaded.revision == story.revision
    assert loaded.reference(1).snapshot.text == "Bridge reopened Monday."
    assert loaded.reference(2).snapshot is None


def test_search_and_status_filter(library, tmp_path):
    import_story(library, load_story_file(SAMPLE_DIGEST))
    import_story(library, load_story_file(write_bundle(tmp_path / "a.json")))
    assert [r.title for r in list_stories(library, query="harbour")] == [
        "Harbour bridge reopens after repairs"]
    assert [r.title for r in list_stories(library, query="superintell")] == ["OxCaml Labs"]
    assert list_stories(library, query='"; DROP TABLE stories; --') == []
    assert len(list_stories(library, status="new")) == 2
    assert list_stories(library, status="approved") == []


def test_wal_and_schema_version(tmp_path):
    path = tmp_path / "lib.sqlite3"
    Library(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    from app.library.db import MIGRATIONS
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_newer_schema_is_refused_with_a_message(tmp_path):
    path = tmp_path / "lib.sqlite3"
    Library(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    from app.errors import CopydeskError
    with pytest.raises(CopydeskError, match="newer than this Copydesk"):
        Library(path)
