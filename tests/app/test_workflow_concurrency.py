"""Two desks on one file, and a desk killed mid-work: nothing lost, nothing half-written.

The desks are real processes on a real SQLite file.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app import audit, workflow
from app.library import Library, import_story
from app.parse import parse_story

STORY = """# Council approves budget {n}

The council approved a budget of 5 million euros [1]. The mayor said it was fair [2].

## References

[1] City Gazette — Budget passed — https://example.org/budget
[2] Town Times — Mayor speaks — https://example.org/mayor
"""

DESK = r"""
import json, os, sys, time
from app.library import Library
from app import workflow
db, story_id, action, actor, ready, go = sys.argv[1:]
with Library(db) as library:
    started = workflow.story_state(library, story_id)
    open(ready, "w").close()
    while not os.path.exists(go):
        time.sleep(0.001)
    try:
        decision = workflow.decide(library, story_id, action, actor, "a note",
                                   expected_version=started.version)
        print(json.dumps({"won": True, "status": decision.status}))
    except workflow.ConflictError as error:
        print(json.dumps({"won": False, "status": error.state.status, "message": str(error)}))
"""

LOOP = r"""
import sys
from app.library import Library
from app import reviewers, workflow
reviewers.enrol_every_name(True)  # this one desk plays r0, r1, r2, editor and writer
db, *ids = sys.argv[1:]
with Library(db) as library:
    n = 0
    while True:
        for story_id in ids:
            n += 1
            state = workflow.story_state(library, story_id)
            if state.status in ("new", "in_review"):
                workflow.approve(library, story_id, f"r{n % 3}", expected_version=state.version)
            elif state.status == "approved":
                workflow.request_changes(library, story_id, "editor", f"round {n}",
                                         expected_version=state.version)
            else:
                row = library.conn.execute(
                    "SELECT title, dek, body FROM stories WHERE id = ?", [story_id]).fetchone()
                workflow.save_edit(library, story_id, row[0], row[1],
                                   row[2] + f" Edit {n}.", "writer", state.version)
"""


def python(code: str, *args: object) -> subprocess.Popen[str]:
    env = {**os.environ, "COPYDESK_REVIEWER": "desk-test"}
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYDESK_REVIEWER", "desk-test")
    return tmp_path / "shared.sqlite3"


def add_stories(db: Path, count: int) -> list[str]:
    with Library(db) as library:
        return [import_story(library, parse_story(STORY.format(n=i), f"s{i}.md"),
                             f"s{i}.md").story_id for i in range(count)]


def test_two_desks_deciding_at_once_exactly_one_wins(db, tmp_path):
    (story_id,) = add_stories(db, 1)
    go = tmp_path / "go"
    desks = [python(DESK, db, story_id, action, actor, tmp_path / f"ready-{actor}", go)
             for action, actor in (("approve", "ana"), ("reject", "bo"))]
    deadline = time.monotonic() + 30
    while not all((tmp_path / f"ready-{a}").exists() for a in ("ana", "bo")):
        assert time.monotonic() < deadline, "desks did not start"
        time.sleep(0.01)
    go.touch()  # both read version 1; now both write
    results = []
    for desk in desks:
        out, err = desk.communicate(timeout=60)
        assert desk.returncode == 0, err
        results.append(json.loads(out))
    winners = [r for r in results if r["won"]]
    losers = [r for r in results if not r["won"]]
    assert len(winners) == 1 and len(losers) == 1
    assert "changed by another desk" in losers[0]["message"]
    assert losers[0]["status"] == winners[0]["status"]  # the loser is told the current state
    with Library(db) as library:
        assert workflow.story_state(library, story_id).status == winners[0]["status"]
        assert [e.action for e in audit.story_events(library, story_id)][1:] in (
            ["approve"], ["reject"])
        assert audit.verify_chain(library).ok


def test_two_review_commands_at_once(db):
    """Whichever order the lock gives them, one approval is recorded, the other refused."""
    (story_id,) = add_stories(db, 1)
    env = {**os.environ, "COPYDESK_DB": str(db)}
    runs = [subprocess.Popen([sys.executable, "-m", "app.cli", "review", story_id, *args],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for args in (["--approve", "--as", "ana", "--despite-open"],
                         ["--approve", "--as", "bo", "--despite-open"])]
    outcomes = [(r.wait(timeout=60), r.stderr.read() if r.stderr else "") for r in runs]
    for r in runs:
        for stream in (r.stdout, r.stderr):
            if stream:
                stream.close()
    assert sorted(code for code, _ in outcomes) == [0, 1]
    refusal = next(err for code, err in outcomes if code == 1)
    assert len(refusal.strip().splitlines()) == 1
    # whether it lost the race or came second, it names the state it found
    assert "is approved" in refusal or "now approved" in refusal


def test_a_locked_file_is_waited_for_not_failed(db):
    (story_id,) = add_stories(db, 1)
    blocker = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    releaser = threading.Timer(0.3, lambda: blocker.execute("COMMIT"))
    with Library(db) as library:
        releaser.start()
        started = time.monotonic()
        decision = workflow.approve(library, story_id, "ana")
        assert decision.status == "approved"
        assert time.monotonic() - started >= 0.25
    releaser.join()
    blocker.close()


def test_a_file_locked_too_long_is_a_clear_refusal(db):
    (story_id,) = add_stories(db, 1)
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with Library(db) as library:
            library.conn.execute("PRAGMA busy_timeout = 50")
            with pytest.raises(workflow.LibraryBusyError, match="nothing was changed"):
                workflow.approve(library, story_id, "ana")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with Library(db) as library:
        assert workflow.story_state(library, story_id).status == "new"


def test_killed_mid_decisions_leaves_a_sound_library(db):
    ids = add_stories(db, 3)
    loop = python(LOOP, db, *ids)
    watcher = sqlite3.connect(db)
    deadline = time.monotonic() + 30
    try:
        while watcher.execute("SELECT COUNT(*) FROM events").fetchone()[0] < 150:
            if loop.poll() is not None:
                pytest.fail(f"decision loop stopped: {loop.stderr.read() if loop.stderr else ''}")
            assert time.monotonic() < deadline, "decision loop too slow"
            time.sleep(0.005)
    finally:
        watcher.close()
        os.kill(loop.pid, signal.SIGKILL)
        loop.communicate(timeout=30)
    assert loop.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    with Library(db) as library:
        report = audit.verify_chain(library)
        assert report.ok, report.broken and report.broken.describe()
        assert report.count >= 150
        for story_id in ids:
            # each decision wholly there or not at all: the story row says exactly what
            # its last event says, and every edit's revision was stored with it
            state = workflow.story_state(library, story_id)
            last = state.last_event
            assert last is not None
            assert last.details["to"] == state.status
            assert last.details["version"] == state.version
            assert last.revision == state.revision
            events = audit.story_events(library, story_id)
            assert len(events) == state.version  # one event per version, import included
            edits = {e.revision for e in events if e.action == "edit"}
            stored = {r[0] for r in library.conn.execute(
                "SELECT revision FROM revisions WHERE story_id = ?", [story_id])}
            assert edits <= stored
