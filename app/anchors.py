"""The anchor: the head of the audit chain as this desk last saw it, kept in this desk's
keyring (``app.keys``) outside the library file, so that cutting events off the end of
the log, or rewriting it, shows in ``audit verify`` (``app.trust.check_anchor``).

Every writer of the log calls ``move_after_commit`` in the transaction that records
events: ``app.audit.append_event`` and the registrations ``app.reviewers`` records.
This module reads the log through ``app.audit_chain`` only, so both can import it.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import sqlite3
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app import keys
from app.audit_chain import first_registration_seq, has_schema

if TYPE_CHECKING:  # only annotated: the log's lower layers never load app.library
    from app.library.db import Library

# A keyring write costs tens of milliseconds (Secret Service over D-Bus: 34 ms here):
# within one process, anchors are written at most every ANCHOR_INTERVAL seconds and the
# latest one at exit. A process killed in between leaves the anchor a little behind
# (weaker, never a false alarm).
ANCHOR_INTERVAL = 0.5
_known: dict[str, keys.Anchor] = {}  # per library path: what this process last wrote/read
_pending: dict[str, keys.Anchor] = {}
_written_at: dict[str, float] = {}


def update_anchor(library: Library, *, at_once: bool = False) -> None:
    """After a commit: remember the new head in this desk's keyring.

    Never moves the anchor over evidence: when the event it points at is gone or
    changed, the old anchor stays for ``audit verify`` to report.
    """
    conn = library.conn
    last = conn.execute("SELECT seq, hash, at FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    if last is None or str(library.path) == ":memory:":
        return
    path = str(library.path)
    try:
        old = _pending.get(path) or _known.get(path) or keys.read_anchor(library.path)
    except Exception:  # noqa: BLE001 - the anchor is a safeguard; a decision never fails on it
        return
    if old is not None:
        if old.count >= int(last[0]):
            return  # another desk on this file already recorded as far
        row = conn.execute("SELECT hash FROM events WHERE seq = ?", [old.count]).fetchone()
        if row is None or str(row[0]) != old.head:
            return
    since = first_registration_seq(conn) if has_schema(conn) else 0
    anchor = replace(
        old or keys.Anchor(0, "", ""), count=int(last[0]), head=str(last[1]), at=str(last[2]),
        signed_since=since or (old.signed_since if old else 0))
    _known[path] = anchor
    if at_once or time.monotonic() - _written_at.get(path, -ANCHOR_INTERVAL) >= ANCHOR_INTERVAL:
        _pending.pop(path, None)
        _write(library.path, anchor)
    else:
        if not _pending:
            atexit.register(flush_anchors)
        _pending[path] = anchor


def _write(path: Path, anchor: keys.Anchor) -> None:
    stored = keys.read_anchor(path) if _written_at.get(str(path)) is None else None
    if stored is not None and stored.count > anchor.count:
        return  # another process on this desk went further meanwhile
    keys.write_anchor(path, anchor)
    _written_at[str(path)] = time.monotonic()


def flush_anchors() -> None:
    """Write the anchors still waiting (at exit, and before a verify reads them)."""
    while _pending:
        path, anchor = _pending.popitem()
        with contextlib.suppress(Exception):  # at exit there is nobody left to tell
            _write(Path(path), anchor)


def signatures_digest(conn: sqlite3.Connection, upto: int) -> str:
    """SHA-256 over the signatures of events 1..upto (they are outside the hash chain)."""
    digest = hashlib.sha256()
    if has_schema(conn):
        for seq, kid, signature in conn.execute(
                "SELECT seq, key_id, signature FROM event_signatures WHERE seq <= ? "
                "ORDER BY seq", [upto]):
            digest.update(f"{seq}:{kid}:{signature}\n".encode())
    return digest.hexdigest()


def record_verified(library: Library, count: int, head: str) -> None:
    """After a sound ``audit verify``: anchor this desk at the head it checked, and
    remember that events 1..count need no second signature check while unchanged."""
    flush_anchors()
    update_anchor(library, at_once=True)
    anchor = keys.read_anchor(library.path)
    if anchor is None or count <= 0:
        return
    anchor = replace(anchor, verified=count, verified_head=head,
                     signatures_digest=signatures_digest(library.conn, count))
    keys.write_anchor(library.path, anchor)
    _known[str(library.path)] = anchor


def move_after_commit(library: Library) -> None:
    """Inside a transaction that records events: move this desk's anchor to the new head
    once it commits (once per transaction, however many events it records; dropped
    when it rolls back)."""
    hook = library.__dict__.setdefault("_anchor_hook", lambda: update_anchor(library))
    if hook not in library._pending_after_commit():
        library.after_commit(hook)
