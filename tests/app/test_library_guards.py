"""What the library refuses: borrowed source text, imports over decisions, busy files."""

import json
import sqlite3

import pytest

from app.library import Library, import_story, load_story
from app.library.db import LibraryBusyError
from app.parse import load_story_file, parse_story
from app.workflow import WorkflowError, approve, mark_queued, reject

from .helpers import bundle, write_bundle
from .test_cli import run


@pytest.fixture
def library(tmp_path):
    with Library(tmp_path / "lib.sqlite3") as lib:
        yield lib


def test_text_inside_a_bundle_never_vouches_for_another_story(library):
    planted = bundle(id="planted")
    planted["references"][0]["snapshot"] = {
        "text": "The harbour bridge reopened on Monday after six weeks of repairs.",
        "how": "fetched", "sha256": "deadbeef",
    }
    import_story(library, parse_story(json.dumps(planted), "planted.json"))
    assert load_story(library, "planted").reference(1).snapshot.how == "bundled"

    other = bundle(id="other", title="Bridge open again")
    import_story(library, parse_story(json.dumps(other), "other.json"))
    assert load_story(library, "other").reference(1).snapshot is None


def test_reimport_cannot_undo_a_rejection_or_change_a_queued_story(library, tmp_path):
    first = load_story_file(write_bundle(tmp_path / "a.json"))
    import_story(library, first)
    reject(library, "harbour-bridge", actor="ed", note="made up quotes")
    changed = load_story_file(write_bundle(tmp_path / "b.json", title="Bridge open again"))
    with pytest.raises(WorkflowError, match="rejected"):
        import_story(library, changed)
    assert load_story(library, "harbour-bridge").title == first.title


def test_reimport_of_a_queued_story_is_refused(library, tmp_path):
    import_story(library, load_story_file(write_bundle(tmp_path / "a.json")))
    approve(library, "harbour-bridge", actor="ed")
    mark_queued(library, "harbour-bridge", actor="outbox")
    changed = load_story_file(write_bundle(tmp_path / "b.json", title="Bridge open again"))
    with pytest.raises(WorkflowError, match="queued"):
        import_story(library, changed)


def test_a_busy_library_gives_one_readable_error_and_changes_nothing(library, tmp_path):
    other = sqlite3.connect(library.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    library.conn.execute("PRAGMA busy_timeout = 100")
    try:
        with pytest.raises(LibraryBusyError, match="another Copydesk is writing"):
            import_story(library, load_story_file(write_bundle(tmp_path / "a.json")))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert library.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == 0


def test_bad_ids_numbers_and_library_paths_are_one_line_errors(tmp_path):
    db = tmp_path / "lib.sqlite3"
    huge = write_bundle(tmp_path / "huge.json",
                        references=[{"n": 10**20, "url": "https://x.example.org"}])
    badid = write_bundle(tmp_path / "badid.json", id="../../etc\tx")
    for path, reason in ((huge, "references[0].n"), (badid, "field 'id'")):
        result = run("import", path, db=db)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and reason in result.stderr
    result = run("--db", "/proc/no-such-dir/lib.sqlite3", "list", db=db)
    assert result.returncode == 2
    assert result.stderr.startswith("copydesk: /proc/no-such-dir/lib.sqlite3: ")
    assert "Traceback" not in result.stderr


def test_attaching_to_a_duplicated_number_touches_only_the_page_it_names(library, tmp_path):
    from app.sources import attach_source

    data = bundle(id="dup", body="The bridge reopened [1]. Traffic is back [2].")
    data["references"].append({"n": 2, "publisher": "Other", "title": "Another page",
                               "url": "https://other.example.org/page"})
    import_story(library, parse_story(json.dumps(data), "dup.json"))
    page = tmp_path / "page.txt"
    page.write_text("Traffic is back to normal on the bridge.", encoding="utf-8")
    attach_source(library, "dup", 2, page, actor="ed")
    snapshots = {r.url: r.snapshot for r in load_story(library, "dup").references if r.n == 2}
    assert snapshots["https://times.example.org/bridge"].how == "attached"
    assert snapshots["https://other.example.org/page"] is None


def test_an_import_does_not_hold_the_write_lock_while_it_checks_the_story(library,
                                                                          monkeypatch):
    """Another desk on a shared library can write while a long story is being scored."""
    from app.library import stories

    real_check = stories.check_story
    wrote_meanwhile = []

    def check_while_another_desk_writes(story):
        with Library(library.path) as other:
            other.conn.execute("PRAGMA busy_timeout = 200")  # fail fast if locked
            with other.transaction() as conn:
                conn.execute("INSERT OR REPLACE INTO settings (key, value) "
                             "VALUES ('probe', '1')")
        wrote_meanwhile.append(True)
        return real_check(story)

    monkeypatch.setattr(stories, "check_story", check_while_another_desk_writes)
    result = import_story(library, parse_story(json.dumps(bundle()), "one.json"))
    assert result.status == "imported" and wrote_meanwhile == [True]


def test_a_page_fetched_again_during_an_import_is_not_buried_under_a_stale_copy(
        library, monkeypatch):
    """The import links the copy it checked; the newer fetch stays the newest."""
    from app.library import stories
    from app.library.snapshots import latest_ok_snapshot, save_snapshot
    from app.model import Snapshot

    url = "https://council.example.org/bridge"

    def page(text: str) -> Snapshot:
        return Snapshot(url=url, status="ok", how="fetched", text=text,
                        fetched_at="2026-11-26T06:00:00Z", sha256=str(hash(text)))

    with library.transaction():
        old_id = save_snapshot(library, page("The bridge reopened on Monday."))
    real_check = stories.check_story

    def check_while_another_desk_refetches(story):
        with Library(library.path) as other, other.transaction():
            save_snapshot(other, page("The bridge reopened on Monday, a day late."))
        return real_check(story)

    monkeypatch.setattr(stories, "check_story", check_while_another_desk_refetches)
    import_story(library, parse_story(json.dumps(bundle()), "one.json"))

    newest_id, newest = latest_ok_snapshot(library, url)
    assert newest.text.endswith("a day late.")  # the other desk's fetch is still newest
    linked = library.conn.execute(
        "SELECT snapshot_id FROM story_references WHERE story_id = 'harbour-bridge' "
        "AND n = 1").fetchone()[0]
    assert linked == old_id  # the copy the import checked, not a re-saved duplicate
    count = library.conn.execute("SELECT COUNT(*) FROM snapshots WHERE url = ?",
                                 [url]).fetchone()[0]
    assert count == 2
