"""Issue 14's attacks on a single desk's library, tried as an attacker would: through the
real CLI and with sqlite3 edits of the real library file. Each is refused or reported.

Two desks share one library file: alice's (the admin) and bob's, each with its own
keyring (a file per desk here, standing in for each person's OS keyring).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import audit
from tests.app.helpers import write_bundle
from tests.servers.support import REPO

STORY = "harbour-bridge"


class Desk:
    """One person's computer: their own keyring, their own reviewer name."""

    def __init__(self, folder: Path, name: str, db: Path) -> None:
        self.name = name
        self.keyring = folder / f"{name}-keyring.json"
        self.env = {**os.environ, "PYTHONPATH": str(REPO), "COPYDESK_DB": str(db),
                    "PYTHON_KEYRING_BACKEND": "tests.servers.support.FileKeyring",
                    "COPYDESK_TEST_KEYRING": str(self.keyring), "COPYDESK_REVIEWER": name,
                    "QT_QPA_PLATFORM": "offscreen"}

    def run(self, *args: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app.cli", *map(str, args)],
                              env=self.env, capture_output=True, text=True, timeout=120,
                              check=False)

    def ok(self, *args: object) -> str:
        done = self.run(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A library with one story ready to approve (its open items waived by alice), the
    rule at two approvals, bob registered with the key made on his own desk."""
    folder = tmp_path_factory.mktemp("template")
    db = folder / "library.sqlite3"
    alice, bob = Desk(folder, "alice", db), Desk(folder, "bob", db)
    alice.ok("import", write_bundle(folder / "story.json"))
    alice.ok("rules", "--approvals-required", "2")  # alice's first decision: she is admin
    bob_key = bob.ok("reviewer", "key").split("\t")[1]
    alice.ok("reviewer", "add", "bob", "--role", "editor", "--public-key", bob_key)
    # the waiver is recorded; gate still exits 1 while the story is new (not approved)
    waived = alice.run("gate", STORY, "--waive-kind", "unchecked_citation", "--note",
                       "checked by hand")
    assert "nothing is open under the pre-publish policy" in waived.stdout, waived.stderr
    alice.ok("target", "add", "drop", "--kind", "folder", "--url", folder / "published")
    return folder


@pytest.fixture
def desks(template, tmp_path):
    """A copy of the template for one test; the anchors follow the file to its new path."""
    db = tmp_path / "library.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        if (template / f"library.sqlite3{suffix}").exists():
            shutil.copy(template / f"library.sqlite3{suffix}",
                        tmp_path / f"library.sqlite3{suffix}")
    for name in ("alice", "bob"):
        text = (template / f"{name}-keyring.json").read_text()
        text = text.replace(str((template / "library.sqlite3").resolve()), str(db.resolve()))
        (tmp_path / f"{name}-keyring.json").write_text(text)
    return Desk(tmp_path, "alice", db), Desk(tmp_path, "bob", db), db


@contextlib.contextmanager
def raw(db: Path) -> Iterator[sqlite3.Connection]:
    """The sqlite3 shell on the library file."""
    conn = sqlite3.connect(db, isolation_level=None)
    for trigger in ("events_no_update", "events_no_delete", "event_signatures_no_delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")  # the first thing an attacker does
    try:
        yield conn
    finally:
        conn.close()


def append_forged(conn: sqlite3.Connection, action: str, actor: str, note: str = "") -> int:
    """An event appended with every hash computed correctly, as anyone can."""
    seq, prev = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    story_prev, revision = conn.execute(
        "SELECT hash, revision FROM events WHERE story_id = ? ORDER BY seq DESC LIMIT 1",
        [STORY]).fetchone()
    row = [seq + 1, STORY, revision, actor, action, note, audit.event_time(),
           audit.canonical_data({"from": "in_review", "to": "approved"}), prev, story_prev]
    conn.execute("INSERT INTO events (seq, story_id, revision, actor, action, note, at, data, "
                 "prev_hash, story_prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 [*row, audit.compute_hash(*row)])
    return seq + 1


def verify(desk: Desk) -> tuple[int, str]:
    done = desk.run("audit", "verify")
    return done.returncode, done.stdout


def test_a_second_approval_under_another_name_is_refused(desks):
    alice, bob, _ = desks
    alice.ok("review", STORY, "--approve")
    as_bob = alice.run("review", STORY, "--approve", "--as", "bob")
    assert as_bob.returncode == 2
    assert "cannot approve as bob: their signing key" in as_bob.stderr
    assert "is not on this desk" in as_bob.stderr
    as_nobody = alice.run("review", STORY, "--approve", "--as", "carol")
    assert as_nobody.returncode == 2 and "carol is not a reviewer" in as_nobody.stderr
    assert "approvals 1/2 (alice)" in alice.ok("audit", "show", STORY)
    # bob, on his own desk, with his own key: now it is approved
    assert "\tapproved\t" in bob.ok("review", STORY, "--approve")
    assert verify(alice)[0] == 0


def test_a_reviewer_who_is_not_an_admin_cannot_change_the_rule(desks):
    alice, bob, db = desks
    lowered = bob.run("rules", "--approvals-required", "1")
    assert lowered.returncode == 2
    assert "only an admin can change the approval rule; bob is an editor" in lowered.stderr
    with raw(db) as conn:  # the settings table is only a copy of the signed rule
        conn.execute("UPDATE settings SET value = '1' WHERE key = 'approvals_required'")
    assert "\tin_review\t" in alice.ok("review", STORY, "--approve")
    assert "approvals_required\t2" in alice.ok("rules")


def test_lower_the_rule_approve_alone_export_and_raise_it_back_is_refused(desks):
    alice, _, _ = desks
    alice.ok("rules", "--approvals-required", "1")  # alice is an admin: the change is hers
    approved = alice.run("review", STORY, "--approve")
    assert approved.returncode == 0 and "\tin_review\t" in approved.stdout
    assert "approvals 1/2" in approved.stdout  # the story was in the library before
    exported = alice.run("export", STORY, "--target", "drop")
    assert exported.returncode != 0 and "approved" in exported.stderr
    alice.ok("rules", "--approvals-required", "2")
    shown = alice.ok("audit", "show", STORY)
    assert "now: in_review" in shown
    assert verify(alice)[0] == 0  # nothing forged: the log shows the two rule changes


def test_a_forged_approval_with_a_correct_hash_is_reported_and_never_counts(desks):
    alice, _, db = desks
    alice.ok("review", STORY, "--approve")
    with raw(db) as conn:
        forged = append_forged(conn, "approve", "bob", "looks good")
        conn.execute("UPDATE stories SET status = 'approved', version = version + 1 "
                     "WHERE id = ?", [STORY])
    code, out = verify(alice)
    assert code == 1
    assert out.startswith(f"audit log broken at event {forged} (story {STORY}): "
                          "approve by bob is not signed")
    shown = alice.ok("audit", "show", STORY)
    assert "approvals 1/2 (alice)" in shown
    assert f"ignored: event {forged}: approve by bob is not signed" in shown
    exported = alice.run("export", STORY, "--target", "drop")
    assert exported.returncode != 0
    assert f"story {STORY} has 1 of 2 approvals" in exported.stderr


def test_an_approval_signed_with_a_key_of_ones_own_is_reported(desks):
    """Mallory signs a forged approval 'by bob' with her key and puts her key in bob's
    row of the reviewers table: the registry comes from the signed log, not the table."""
    from app import signing

    alice, _, db = desks
    alice.ok("review", STORY, "--approve")
    key = signing.generate_private_key()
    public = signing.public_key_text(key)
    with raw(db) as conn:
        forged = append_forged(conn, "approve", "bob")
        row = conn.execute("SELECT seq, story_id, revision, actor, action, note, at, data, "
                           "prev_hash, story_prev_hash FROM events WHERE seq = ?",
                           [forged]).fetchone()
        event = dict(zip(("seq", "story_id", "revision", "actor", "action", "note", "at",
                          "data", "prev_hash", "story_prev_hash"), row, strict=True))
        conn.execute("INSERT INTO event_signatures VALUES (?, ?, ?)",
                     [forged, signing.key_id(public), signing.sign_event(event, key)])
        conn.execute("UPDATE reviewers SET public_key = ?, key_id = ? WHERE name = 'bob'",
                     [public, signing.key_id(public)])
    code, out = verify(alice)
    assert code == 1 and f"event {forged}" in out
    assert "not the key registered for bob" in out
    assert "approvals 1/2 (alice)" in alice.ok("audit", "show", STORY)
    listed = alice.run("reviewer", "list")
    assert "bob's row in the reviewers table differs from their registration" in listed.stderr


def test_deleting_the_last_events_is_reported(desks):
    alice, bob, db = desks
    alice.ok("review", STORY, "--approve")
    bob.ok("review", STORY, "--request-changes", "--note", "the cost is not in [2]")
    assert verify(alice)[0] == 0  # alice's desk has now seen the whole log: its anchor
    conn = sqlite3.connect(db)
    last, at = conn.execute("SELECT seq, at FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    conn.close()
    with raw(db) as conn:  # bob's objection disappears, with alice's approval before it
        conn.execute("DELETE FROM event_signatures WHERE seq >= ?", [last - 1])
        conn.execute("DELETE FROM events WHERE seq >= ?", [last - 1])
    code, out = verify(alice)
    assert code == 1
    assert out.startswith(f"audit log broken at event {last}: the log ends before event "
                          f"{last} recorded on {at}")
    # bob's desk keeps its own anchor of the same file: it sees it too
    assert verify(bob) == (code, out)


def test_a_changed_note_with_every_later_hash_recomputed_is_reported(desks):
    alice, bob, db = desks
    bob.ok("review", STORY, "--request-changes", "--note", "the cost is not in [2]")
    alice.ok("review", STORY, "--reopen", "--note", "fixed the cost")
    alice.ok("review", STORY, "--approve")
    with raw(db) as conn:
        (target,) = conn.execute("SELECT seq FROM events WHERE action = 'request_changes'"
                                 ).fetchone()
        conn.execute("UPDATE events SET note = 'fine by me' WHERE seq = ?", [target])
        rehash_from(conn, target)
    code, out = verify(alice)
    assert code == 1
    assert out.startswith(f"audit log broken at event {target} (story {STORY}): it was "
                          "changed after it was signed (request_changes by bob")


def test_without_the_anchor_an_export_manifest_still_shows_a_cut_log(desks, tmp_path):
    alice, bob, db = desks
    alice.ok("review", STORY, "--approve")
    bob.ok("review", STORY, "--approve")
    alice.ok("export", STORY, "--target", "drop")
    payload = json.loads(sqlite3.connect(db).execute("SELECT payload FROM outbox").fetchone()[0])
    head = payload["manifest"]["chain"]
    assert payload["manifest"]["signatures"] and "bob" in payload["manifest"]["reviewers"]
    with raw(db) as conn:
        conn.execute("DELETE FROM event_signatures WHERE seq >= ?", [head["count"]])
        conn.execute("DELETE FROM events WHERE seq >= ?", [head["count"]])
    carol = Desk(tmp_path, "carol", db)  # a desk that never saw this file: no anchor
    code, out = verify(carol)
    assert code == 1 and f"the log ends before event {head['count']}" in out
    assert "in the export manifest of story harbour-bridge for drop" in out


def test_a_legacy_library_reports_unsigned_events_as_legacy(tmp_path):
    """Events of a library from before signing: counted as legacy, not as forged."""
    db = tmp_path / "old.sqlite3"
    desk = Desk(tmp_path, "alice", db)
    desk.ok("import", write_bundle(tmp_path / "story.json"))
    with raw(db) as conn:  # an older Copydesk's approval: no signature
        append_forged(conn, "approve", "alice")
        conn.execute("UPDATE stories SET status = 'approved' WHERE id = ?", [STORY])
    done = desk.run("audit", "verify")
    assert done.returncode == 0, done.stdout
    assert "2 legacy (before signing began)" in done.stderr
    shown = desk.ok("audit", "show", STORY)
    assert "approvals 0/1" in shown and "is not signed (legacy" in shown
    # approved by an older Copydesk: approving again signs it, and then it counts
    assert "\tapproved\t" in desk.ok("review", STORY, "--approve", "--despite-open")
    assert "approvals 1/1 (alice)" in desk.ok("audit", "show", STORY)
    done = desk.run("audit", "verify")
    assert done.returncode == 0 and "2 legacy" in done.stderr and "2 signed" in done.stderr


def rehash_from(conn: sqlite3.Connection, start: int) -> None:
    """Recompute every hash and link from ``start`` on, as a careful forger would."""
    rows = conn.execute("SELECT seq, story_id, revision, actor, action, note, at, data "
                        "FROM events WHERE seq >= ? ORDER BY seq", [start]).fetchall()
    (prev,) = conn.execute("SELECT hash FROM events WHERE seq = ?", [start - 1]).fetchone()
    heads = {}
    for row in rows:
        story = row[1]
        if story not in heads:
            found = conn.execute("SELECT hash FROM events WHERE story_id = ? AND seq < ? "
                                 "ORDER BY seq DESC LIMIT 1", [story, start]).fetchone()
            heads[story] = found[0] if found else audit.GENESIS
        digest = audit.compute_hash(*row, prev, heads[story])
        conn.execute("UPDATE events SET prev_hash = ?, story_prev_hash = ?, hash = ? "
                     "WHERE seq = ?", [prev, heads[story], digest, row[0]])
        prev = heads[story] = digest


def test_a_desk_that_verified_before_still_catches_changes_below_that_point(desks):
    """Signatures checked by an earlier sound verify are not checked again, but only
    while the events and signatures are provably the same: any change is caught."""
    alice, bob, db = desks
    alice.ok("review", STORY, "--approve")
    bob.ok("review", STORY, "--approve")
    first = alice.run("audit", "verify")
    assert first.returncode == 0
    again = alice.run("audit", "verify")
    assert again.returncode == 0 and "verified before on this desk" in again.stderr
    with raw(db) as conn:  # strip the signature of alice's approval
        (approval,) = conn.execute("SELECT seq FROM events WHERE action = 'approve' "
                                   "AND actor = 'alice'").fetchone()
        conn.execute("DELETE FROM event_signatures WHERE seq = ?", [approval])
    code, out = verify(alice)
    assert code == 1 and out.startswith(
        f"audit log broken at event {approval} (story {STORY}): approve by alice is not signed")


def test_a_published_manifest_checks_on_its_own_and_against_the_library(
        desks, template, tmp_path):
    alice, bob, _ = desks
    alice.ok("review", STORY, "--approve")
    bob.ok("review", STORY, "--approve")
    alice.ok("export", STORY, "--target", "drop", "--send")
    # the folder target of the template library: the newest manifest is this test's
    published = max((template / "published").rglob("manifest.json"),
                    key=lambda p: p.stat().st_mtime)
    assert verify(alice)[0] == 0
    assert alice.run("audit", "verify", "--manifest", published).returncode == 0
    manifest = json.loads(published.read_text())
    approval = next(e for e in manifest["audit"] if e["actor"] == "bob")
    approval["note"] = "never looked"  # and its hash recomputed, as a careful forger would
    fields = [approval[k] for k in ("seq", "story_id", "revision", "actor", "action", "note",
                                    "at", "data", "prev_hash", "story_prev_hash")]
    approval["hash"] = audit.compute_hash(*fields)
    forged = tmp_path / "forged-manifest.json"
    forged.write_text(json.dumps(manifest))
    done = alice.run("audit", "verify", "--manifest", forged)
    assert done.returncode == 1 and "manifest broken:" in done.stdout
    assert f"event {approval['seq']}: its signature by bob does not verify" in done.stdout
    bad = alice.run("audit", "verify", "--manifest", tmp_path / "nothing.json")
    assert bad.returncode == 2 and "nothing.json" in bad.stderr
