"""The audit log: append-only in the file, tamper-evident by its hash chain, and the CLI."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from app import audit, workflow
from app.library import Library, import_story
from app.parse import parse_story

from .helpers import cli

STORY = """# Council approves budget

The council approved a budget of 5 million euros [1]. The mayor said it was fair [2].

## References

[1] City Gazette — Budget passed — https://example.org/budget
[2] Town Times — Mayor speaks — https://example.org/mayor
"""


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYDESK_REVIEWER", "desk-test")
    path = tmp_path / "library.sqlite3"
    with Library(path) as library:
        story_id = import_story(library, parse_story(STORY, "budget.md"), "budget.md").story_id
        other = import_story(
            library, parse_story(STORY.replace("Council", "Parish"), "b.md"), "b.md").story_id
        workflow.approve(library, story_id, "alice")
        workflow.request_changes(library, other, "bob", "the mayor's quote needs a source")
        workflow.request_changes(library, story_id, "carol", "say which council")
        workflow.reopen(library, story_id, "carol", "answered")
        workflow.approve(library, story_id, "dave")
    return path


def run_cli(*args):
    env = {**os.environ, "COPYDESK_REVIEWER": "desk-test"}
    done = subprocess.run([sys.executable, "-m", "app.cli", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=60)
    return done.returncode, done.stdout, done.stderr


def raw(path):
    return sqlite3.connect(path, isolation_level=None)


def seq_of(path, action, actor):
    conn = raw(path)
    (seq,) = conn.execute("SELECT seq FROM events WHERE action = ? AND actor = ?",
                          [action, actor]).fetchone()
    conn.close()
    return int(seq)


# 2 imports, 5 decisions, and the registration of each of the 4 reviewers on first use
EVENTS = 11


def test_a_sound_log_verifies(db, capsys):
    with Library(db) as library:
        report = audit.verify_chain(library)
    assert report.ok and report.count == EVENTS and report.stories == 2
    assert (report.legacy, report.signed, report.unsigned) == (2, 9, 0)
    code, out, _ = run_cli("--db", db, "audit", "verify")
    assert code == 0
    assert out.startswith(f"audit log sound: {EVENTS} events, head ")


def test_the_file_refuses_update_and_delete(db):
    conn = raw(db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE events SET note = 'nothing to see' WHERE seq = 4")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM events WHERE seq = 7")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM event_signatures WHERE seq = 4")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE event_signatures SET key_id = 'x' WHERE seq = 4")
    conn.close()


def test_changed_note_is_found_and_the_event_named(db, capsys):
    seq = seq_of(db, "request_changes", "bob")
    conn = raw(db)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("UPDATE events SET note = 'looks fine' WHERE seq = ?", [seq])
    conn.close()
    code, out, err = run_cli("--db", db, "audit", "verify")
    assert code == 1
    assert out.startswith(f"audit log broken at event {seq} (story ")
    assert "request_changes by bob" in out and "altered" in out
    assert "missing triggers: events_no_update" in err
    code, out, _ = cli(capsys, "--db", db, "audit", "verify", "--json")
    assert code == 1 and json.loads(out)["broken"]["seq"] == seq
    story_id = json.loads(out)["broken"]["story_id"]
    code, out, err = cli(capsys, "--db", db, "audit", "show", story_id)
    assert code == 0 and f"this history does not verify: event {seq}" in err


def test_rehashed_forgery_breaks_the_next_link(db):
    """Changing an event and recomputing its own hash still breaks the next event."""
    conn = raw(db)
    conn.execute("DROP TRIGGER events_no_update")
    row = conn.execute("SELECT seq, story_id, revision, actor, action, note, at, data, "
                       "prev_hash, story_prev_hash FROM events WHERE seq = 2").fetchone()
    forged = list(row)
    forged[3] = "mallory"
    digest = audit.compute_hash(*forged)
    conn.execute("UPDATE events SET actor = 'mallory', hash = ? WHERE seq = 2", [digest])
    conn.close()
    with Library(db) as library:
        report = audit.verify_chain(library)
    assert report.broken is not None and report.broken.seq == 3
    assert "link" in report.broken.reason and report.count == 2


def test_deleted_event_is_found(db):
    conn = raw(db)
    conn.execute("DROP TRIGGER events_no_delete")
    seq = seq_of(db, "request_changes", "carol")
    conn.execute("DELETE FROM events WHERE seq = ?", [seq])
    conn.close()
    with Library(db) as library:
        report = audit.verify_chain(library)
    assert report.broken is not None and report.broken.seq == seq + 1


def test_story_segment_verifies_on_its_own(db):
    with Library(db) as library:
        story_id = library.conn.execute(
            "SELECT id FROM stories WHERE title LIKE 'Council%'").fetchone()[0]
        segment = audit.story_segment(library, story_id)
    assert [e["action"] for e in segment] == [
        "import", "approve", "request_changes", "reopen", "approve"]
    assert audit.verify_segment(segment) is None
    tampered = [dict(e) for e in segment]
    tampered[1]["actor"] = "mallory"
    broken = audit.verify_segment(tampered)
    assert broken is not None and broken.seq == segment[1]["seq"]
    assert audit.verify_segment(segment[:1] + segment[2:]) is not None  # a missing event


def test_audit_show_prints_the_history(db, capsys):
    with Library(db) as library:
        story_id = library.conn.execute(
            "SELECT id FROM stories WHERE title LIKE 'Council%'").fetchone()[0]
    code, out, _ = cli(capsys, "--db", db, "audit", "show", story_id[:6])
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(story_id) and "Council approves budget" in lines[0]
    assert lines[1].startswith("now: approved;")
    assert "note: say which council" in out
    assert "voids approval of alice" in out
    code, out, _ = cli(capsys, "--db", db, "audit", "show", story_id, "--json")
    assert code == 0 and len(json.loads(out)["events"]) == 5
    code, _, err = cli(capsys, "--db", db, "audit", "show", "nosuchstory")
    assert code == 2 and "no such story" in err


def test_review_command_exit_codes(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COPYDESK_REVIEWER", "desk-test")
    path = tmp_path / "lib.sqlite3"
    with Library(path) as library:
        story_id = import_story(library, parse_story(STORY, "budget.md"), "budget.md").story_id
    code, _, err = run_cli("--db", path, "review", story_id, "--reject")
    assert code == 2 and err.strip() == "copydesk: reject needs a note saying why"
    code, _, err = cli(capsys, "--db", path, "review", story_id, "--approve", "--reject")
    assert code == 2
    code, _, err = cli(capsys, "--db", path, "review", story_id, "--approve", "--as", "  ")
    assert code == 2 and "empty" in err
    # its sources were never checked: the approval lists them and wants --despite-open
    code, _, err = run_cli("--db", path, "review", story_id, "--approve", "--as", "ana")
    assert code == 1 and "unchecked citation" in err and "--despite-open" in err
    code, out, err = cli(capsys, "--db", path, "review", story_id, "--approve", "--as", "ana",
                         "--despite-open")
    assert code == 0 and out.split("\t")[1] == "approved"
    assert "approved with open items that still stop the export" in err
    code, _, err = run_cli("--db", path, "review", story_id, "--approve", "--as", "bo",
                           "--despite-open")
    assert code == 1
    assert err.strip().splitlines() == [
        f"copydesk: cannot approve: story {story_id} is approved (it is already approved)"]
    code, out, err = cli(capsys, "--db", path, "rules", "--approvals-required", "2")
    assert code == 0 and out.strip() == "approvals_required\t2", err
    code, out, _ = cli(capsys, "--db", path, "review", story_id, "--request-changes",
                       "--note", "numbers", "--as", "bo")
    assert code == 0 and "changes_requested" in out
    code, out, err = cli(capsys, "--db", path, "review", story_id, "--reopen", "--note", "ok")
    assert code == 0
    code, out, err = cli(capsys, "--db", path, "review", story_id, "--approve", "--as", "ana",
                         "--despite-open")
    assert code == 0 and "\tin_review\t" in out and "1 more" in err
    code, out, err = cli(capsys, "--db", path, "review", story_id, "--approve", "--as", "Ana",
                         "--despite-open")
    assert code == 1 and "already approved" in err
    code, out, err = cli(capsys, "--db", path, "review", story_id, "--approve", "--as", "bo",
                         "--despite-open")
    assert code == 0 and "\tapproved\t" in out and "approvals 2/2" in out
    # ana and bo were typed on one login: it counts, and the reviewer is told
    assert "warning: ana and bo approved from one computer account" in err


def test_export_record_carries_the_approvals_and_a_verifiable_segment(db):
    with Library(db) as library:
        story_id = library.conn.execute(
            "SELECT id FROM stories WHERE title LIKE 'Council%'").fetchone()[0]
        record = workflow.export_record(library, story_id)
    assert record["status"] == "approved" and record["approvals_required"] == 1
    assert [a["actor"] for a in record["approvals"]] == ["dave"]  # alice's was voided
    assert audit.verify_segment(json.loads(json.dumps(record["audit"]))) is None
    assert record["approvals"][0]["hash"] == record["audit"][-1]["hash"]
