"""``copydesk edit``: a new revision from the shell, its note in the audit log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import audit, workflow
from app.library import Library, load_story
from tests.app.helpers import write_bundle
from tests.servers.support import REPO, approved_story

NEW_BODY = ("## What happened\n\nThe harbour bridge reopened on Tuesday after six weeks of "
            "repairs [1]. The work cost $14.3 million, the council said [1][2].")


def run(db: Path, *args: object, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COPYDESK_DB": str(db),
           "COPYDESK_REVIEWER": "ed"}
    return subprocess.run([sys.executable, "-m", "app.cli", *map(str, args)], input=stdin,
                          env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "lib.db"


def imported(db: Path, tmp_path: Path) -> str:
    result = run(db, "import", write_bundle(tmp_path / "story.json"))
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\t")[0]


def edit_events(db: Path, story_id: str) -> list[audit.Event]:
    with Library(str(db)) as library:
        return [e for e in audit.story_events(library, story_id) if e.action == "edit"]


def test_an_edit_carries_its_note_into_the_revision_and_the_audit_log(db, tmp_path):
    story_id = imported(db, tmp_path)
    body = tmp_path / "body.md"
    body.write_text(NEW_BODY, encoding="utf-8")
    result = run(db, "edit", story_id, "--body-file", body, "--note",
                 "the council moved the reopening to Tuesday")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{story_id}\t") and "edited by ed" in result.stdout
    (event,) = edit_events(db, story_id)
    assert event.note == "the council moved the reopening to Tuesday" and event.actor == "ed"
    with Library(str(db)) as library:
        story = load_story(library, story_id)
        assert story.body == NEW_BODY and event.revision == story.revision
        assert audit.verify_chain(library).ok
    shown = run(db, "audit", "show", story_id)
    assert "the council moved the reopening to Tuesday" in shown.stdout


def test_title_and_dek_from_options_and_the_body_from_standard_input(db, tmp_path):
    story_id = imported(db, tmp_path)
    result = run(db, "edit", story_id, "--title", "Harbour bridge reopens on Tuesday",
                 "--body-file", "-", "--note", "date fixed", stdin=NEW_BODY)
    assert result.returncode == 0, result.stderr
    with Library(str(db)) as library:
        story = load_story(library, story_id)
    assert story.title == "Harbour bridge reopens on Tuesday" and story.body == NEW_BODY
    assert story.dek == "The city's main bridge is open again."  # not given: kept
    assert edit_events(db, story_id)[0].note == "date fixed"


def test_an_edit_voids_approvals_and_says_so(db):
    import keyring

    from app import reviewers
    from tests.servers.support import FileKeyring

    keyring.set_keyring(FileKeyring())  # keys the command below reads (the fixture restores)
    with Library(str(db)) as library:
        story_id = approved_story(library)
        reviewers.add_reviewer(library, "ed", "editor", "ana")  # ed may edit on this desk
    result = run(db, "edit", story_id, "--dek", "Open again, a day late.", "--note", "dek")
    assert result.returncode == 0, result.stderr
    assert "approvals of the earlier revision no longer count: ana" in result.stderr
    with Library(str(db)) as library:
        assert workflow.story_state(library, story_id).approvals == ()


def test_the_same_text_again_changes_nothing(db, tmp_path):
    story_id = imported(db, tmp_path)
    result = run(db, "edit", story_id, "--title", "Harbour bridge reopens after repairs",
                 "--note", "no change")
    assert result.returncode == 0 and "unchanged" in result.stdout
    assert edit_events(db, story_id) == []


@pytest.mark.parametrize("args, reason", [
    ((), "say what changes"),
    (("--body-file", "missing.md"), "missing.md: no such file"),
    (("--title", "   "), "needs a title and a body"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_saved(db, tmp_path, args, reason):
    story_id = imported(db, tmp_path)
    result = run(db, "edit", story_id, *args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and reason in result.stderr, result.stderr
    assert edit_events(db, story_id) == []
