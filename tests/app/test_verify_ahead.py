"""A full ``audit verify`` of a long log checks its signatures on every core first
(``signing.verify_many``), then runs the same verifier: it must still name the first
event whose signature fails, exactly as the one-by-one check does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app import audit, signing
from app.library import Library

EVENTS = audit.AHEAD_AT_LEAST + 100


@pytest.fixture()
def long_log(tmp_path: Path) -> Path:
    path = tmp_path / "library.sqlite3"
    with Library(path) as library, library.transaction():
        for i in range(EVENTS):
            audit.append_event(library, story_id=f"story-{i % 40}", revision="ab" * 32,
                               actor=("ana", "bo")[i % 2], action="approve",
                               note=f"checked {i}")
    return path


def verified(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[audit.ChainReport, int]:
    calls = []
    real = signing.verify_many

    def counting(items, workers=None):  # type: ignore[no-untyped-def]
        answers = real(items, workers)
        calls.append(len(answers))
        return answers

    monkeypatch.setattr(signing, "verify_many", counting)
    with Library(path) as library:
        return audit.verify_chain(library, full=True), sum(calls)


def rehash_from(conn: sqlite3.Connection, start: int) -> None:
    """Every hash and link from ``start`` on recomputed, as a careful forger would."""
    (prev,) = conn.execute("SELECT hash FROM events WHERE seq = ?", [start - 1]).fetchone()
    heads: dict[str, str] = {}
    for row in conn.execute("SELECT seq, story_id, revision, actor, action, note, at, data "
                            "FROM events WHERE seq >= ? ORDER BY seq", [start]).fetchall():
        if row[1] not in heads:
            found = conn.execute("SELECT hash FROM events WHERE story_id = ? AND seq < ? "
                                 "ORDER BY seq DESC LIMIT 1", [row[1], start]).fetchone()
            heads[row[1]] = found[0] if found else audit.GENESIS
        digest = audit.compute_hash(*row, prev, heads[row[1]])
        conn.execute("UPDATE events SET prev_hash = ?, story_prev_hash = ?, hash = ? "
                     "WHERE seq = ?", [prev, heads[row[1]], digest, row[0]])
        prev = heads[row[1]] = digest


def test_a_long_sound_log_verifies_with_every_signature_checked_ahead(long_log, monkeypatch):
    report, ahead = verified(long_log, monkeypatch)
    assert report.ok and report.signed >= EVENTS
    assert ahead == report.signed  # every signature was checked on the worker threads


def test_a_note_changed_in_a_long_log_is_still_named(long_log, monkeypatch):
    conn = sqlite3.connect(long_log, isolation_level=None)
    conn.execute("DROP TRIGGER events_no_update")
    target = EVENTS // 2
    conn.execute("UPDATE events SET note = 'never looked' WHERE seq = ?", [target])
    rehash_from(conn, target)
    conn.close()
    report, ahead = verified(long_log, monkeypatch)
    assert ahead > 0
    assert report.broken is not None and report.broken.seq == target
    assert "changed after it was signed" in report.broken.reason


def test_a_signature_moved_to_another_event_is_still_named(long_log, monkeypatch):
    conn = sqlite3.connect(long_log, isolation_level=None)
    for trigger in ("event_signatures_no_update", "event_signatures_no_delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    target = EVENTS - 10
    (other,) = conn.execute("SELECT signature FROM event_signatures WHERE seq = ?",
                            [target - 2]).fetchone()  # the same signer's, a valid one
    conn.execute("UPDATE event_signatures SET signature = ? WHERE seq = ?", [other, target])
    conn.close()
    report, _ = verified(long_log, monkeypatch)
    assert report.broken is not None and report.broken.seq == target
