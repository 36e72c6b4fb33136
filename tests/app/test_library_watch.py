"""What a write changed (``app.changes``), and noticing another connection's writes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app import changes, workflow
from app.library import Library, import_story
from app.library.watch import LibraryWatch
from app.parse import parse_story
from app.statuses import next_status

STORY = """# Council approves budget

The council approved a budget of 5 million euros [1].

## References

[1] City Gazette — Budget passed — https://example.org/budget
"""


@pytest.fixture
def library(tmp_path):
    with Library(tmp_path / "library.sqlite3") as lib:
        yield lib


def test_an_import_says_a_story_came_and_a_repeat_says_nothing(library):
    first = import_story(library, parse_story(STORY, "budget.md"), "budget.md", actor="a")
    assert first.changes.story_ids == {first.story_id}
    assert first.changes.has(changes.STORIES, changes.TEXT)
    again = import_story(library, parse_story(STORY, "budget.md"), "budget.md", actor="a")
    assert not again.changes


def test_a_decision_names_its_story_kind_and_event(library):
    story_id = import_story(library, parse_story(STORY, "b.md"), "b.md", actor="a").story_id
    decision = workflow.approve(library, story_id, "reviewer")
    assert decision.changes.story_ids == {story_id}
    assert decision.changes.kinds == {changes.STATUS}
    assert decision.event is not None and decision.changes.events == {decision.event.seq}


def test_an_edit_is_a_text_change_and_carries_its_one_check(library):
    story_id = import_story(library, parse_story(STORY, "b.md"), "b.md", actor="a").story_id
    title, dek, body = library.conn.execute(
        "SELECT title, dek, body FROM stories").fetchone()
    decision = workflow.save_edit(library, story_id, title, dek, body.replace("5", "6"),
                                  "writer", 1)
    assert decision.changes.has(changes.TEXT)
    assert decision.report is not None and decision.report.summary["citations"] == 1
    same = workflow.save_edit(library, story_id, title, dek, body.replace("5", "6"),
                              "writer", None)
    assert not same.changes


def test_the_watch_sees_another_process_write_and_names_the_story(library, tmp_path):
    story_id = import_story(library, parse_story(STORY, "b.md"), "b.md", actor="a").story_id
    watch = LibraryWatch(library)
    assert not watch.poll()
    script = ("import sys; from app.library import Library; from app import workflow\n"
              "with Library(sys.argv[1]) as lib: workflow.approve(lib, sys.argv[2], 'cli')")
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "library.sqlite3"),
                    story_id], check=True)
    seen = watch.poll()
    assert seen.story_ids == {story_id} and seen.has(changes.STATUS)
    assert not watch.poll()  # seen once


def test_statuses_stand_alone():
    assert next_status("new", "approve", approvals=1) == "approved"
    assert workflow.next_status is next_status  # still part of the workflow's API


def test_any_two_revisions_can_be_compared(library):
    from app.errors import NotFoundError
    from app.library.stories import compare_revisions, list_revisions

    story_id = import_story(library, parse_story(STORY, "b.md"), "b.md", actor="a").story_id
    title, dek, body = library.conn.execute("SELECT title, dek, body FROM stories").fetchone()
    first = workflow.save_edit(library, story_id, title, dek, body.replace("5", "6"), "w", 1)
    workflow.save_edit(library, story_id, title, dek, body.replace("5", "7"), "w",
                       first.version, note="the final figure")
    revisions = list_revisions(library, story_id)
    assert [r.seq for r in revisions] == [1, 2, 3]
    assert revisions[2].note == "the final figure" and revisions[1].actor == "w"
    older, newer = compare_revisions(library, story_id, revisions[1].revision,
                                     revisions[2].revision)
    assert "6 million" in older and "7 million" in newer
    with pytest.raises(NotFoundError):
        compare_revisions(library, story_id, "0" * 64, revisions[0].revision)
