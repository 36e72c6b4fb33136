"""The audit log as stored: the hash chain's format, its plain readers and writer, and
the signatures kept beside it. No policy here: who signs an event, and the anchor this
desk keeps outside the file, are decided by ``app.audit.append_event`` (and by
``app.reviewers`` for the registrations it records). This module imports neither
``app.reviewers`` nor ``app.trust``, so both can read the log through it.

Each event's ``hash`` is the SHA-256 of a canonical JSON serialisation of its fields,
including ``prev_hash`` (the hash of the event before it in the whole library) and
``story_prev_hash`` (the hash of the same story's previous event). The global link
makes the library's log tamper-evident as a whole; the story link lets a story's own
segment travel in an export manifest and be checked without the library.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app import signing

if TYPE_CHECKING:  # only annotated: the log's lower layers never load app.library
    from app.library.db import Library

GENESIS = "0" * 64
COLUMNS = ("seq, story_id, revision, actor, action, note, at, data, prev_hash, "
           "story_prev_hash, hash")
REGISTER_ACTION = "reviewer_add"  # a reviewer's registration; signing begins at the first

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class Event:
    """One line of the audit log, exactly as stored."""

    seq: int
    story_id: str
    revision: str
    actor: str
    action: str
    note: str
    at: str
    data: str  # canonical JSON text of the details; hashed as stored
    prev_hash: str
    story_prev_hash: str
    hash: str

    @property
    def details(self) -> dict[str, Any]:
        loaded = json.loads(self.data or "{}")
        return loaded if isinstance(loaded, dict) else {}

    def as_dict(self) -> dict[str, Any]:
        """The stored fields, as an export manifest carries them."""
        return {
            "seq": self.seq, "story_id": self.story_id, "revision": self.revision,
            "actor": self.actor, "action": self.action, "note": self.note, "at": self.at,
            "data": self.data, "prev_hash": self.prev_hash,
            "story_prev_hash": self.story_prev_hash, "hash": self.hash,
        }


@dataclass(frozen=True)
class Signer:
    """Who signs an event being written: a reviewer's name and key (``app.reviewers``
    decides who that is)."""

    name: str
    key_id: str
    private_key: Ed25519PrivateKey


@dataclass(frozen=True)
class BrokenLink:
    """Where the chain first stops holding, and why, in words."""

    seq: int
    story_id: str
    reason: str

    def describe(self) -> str:
        story = f" (story {self.story_id})" if self.story_id else ""
        return f"event {self.seq}{story}: {self.reason}"


@dataclass(frozen=True)
class ChainReport:
    """The outcome of recomputing the chain."""

    count: int
    head: str
    broken: BrokenLink | None = None
    stories: int = 0
    missing_triggers: tuple[str, ...] = ()  # the file no longer refuses edits: say so
    signed: int = 0  # events whose signature checks against the registered key
    unsigned: int = 0  # after signing began, events that need none (imports, deliveries)
    legacy: int = 0  # before the library's first reviewer registration: never signed
    anchor: str = ""  # what this desk's anchor says, in words
    previously_verified: int = 0  # leading events whose signatures were checked before

    @property
    def ok(self) -> bool:
        return self.broken is None


class VerifyCancelled(Exception):
    """The caller's ``cancelled()`` said stop; ``args[0]`` is how many were checked."""


def event_time() -> str:
    """UTC with milliseconds, so events of one second keep a readable order."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def canonical_data(data: Mapping[str, Any] | None) -> str:
    return json.dumps(dict(data or {}), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def compute_hash(
    seq: int, story_id: str, revision: str, actor: str, action: str, note: str, at: str,
    data: str, prev_hash: str, story_prev_hash: str,
) -> str:
    """SHA-256 over the canonical JSON of an event's fields (everything but its hash).

    Canonical: keys sorted, no insignificant whitespace, UTF-8, ``data`` as its stored
    JSON text. Documented in docs/workflow.md so others can verify a manifest.
    """
    payload = json.dumps(
        {"action": action, "actor": actor, "at": at, "data": data, "note": note,
         "prev_hash": prev_hash, "revision": revision, "seq": seq,
         "story_id": story_id, "story_prev_hash": story_prev_hash},
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# --- writing ------------------------------------------------------------------------------


def write_event(
    conn: sqlite3.Connection,
    *,
    story_id: str,
    revision: str,
    actor: str,
    action: str,
    note: str = "",
    data: Mapping[str, Any] | None = None,
    at: str | None = None,
    signer: Signer | None,
) -> Event:
    """Insert one event at the head of the chain and, with ``signer``, its signature.

    Only the row: the caller holds the transaction, has decided who signs (``signer``
    is required, None meaning unsigned on purpose) and moves the anchor after commit
    (``app.anchors.move_after_commit``).
    """
    last = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev_hash = (int(last[0]) + 1, str(last[1])) if last else (1, GENESIS)
    story_prev_hash = GENESIS
    if story_id:
        row = conn.execute(
            "SELECT hash FROM events WHERE story_id = ? ORDER BY seq DESC LIMIT 1",
            [story_id],
        ).fetchone()
        if row:
            story_prev_hash = str(row[0])
    at = at or event_time()
    text = canonical_data(data)
    note = note or ""
    digest = compute_hash(seq, story_id, revision, actor, action, note, at, text,
                          prev_hash, story_prev_hash)
    conn.execute(
        f"INSERT INTO events ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, story_id, revision, actor, action, note, at, text, prev_hash,
         story_prev_hash, digest],
    )
    event = Event(seq, story_id, revision, actor, action, note, at, text, prev_hash,
                  story_prev_hash, digest)
    if signer is not None:
        store_signature(conn, seq, signer.key_id,
                        signing.sign_event(event.as_dict(), signer.private_key))
    return event


# --- reading ------------------------------------------------------------------------------


def event_from_row(row: tuple[Any, ...] | sqlite3.Row) -> Event:
    """An ``Event`` from a row selected as ``COLUMNS``."""
    return Event(int(row[0]), row[1] or "", row[2] or "", row[3] or "", row[4] or "",
                 row[5] or "", row[6] or "", row[7] or "{}", row[8] or "", row[9] or "",
                 row[10] or "")


def story_events(library: Library, story_id: str) -> list[Event]:
    """A story's events, oldest first: its segment of the chain."""
    rows = library.conn.execute(
        f"SELECT {COLUMNS} FROM events WHERE story_id = ? ORDER BY seq", [story_id]
    ).fetchall()
    return [event_from_row(r) for r in rows]


def last_event(library: Library, story_id: str) -> Event | None:
    row = library.conn.execute(
        f"SELECT {COLUMNS} FROM events WHERE story_id = ? ORDER BY seq DESC LIMIT 1",
        [story_id],
    ).fetchone()
    return event_from_row(row) if row else None


def event_count(library: Library) -> int:
    return int(library.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])


def story_segment(library: Library, story_id: str) -> list[dict[str, Any]]:
    """The story's events as plain dicts, for an export manifest."""
    return [e.as_dict() for e in story_events(library, story_id)]


def first_registration_seq(conn: sqlite3.Connection) -> int:
    """The seq of the library's first reviewer registration; 0 when there is none."""
    row = conn.execute("SELECT MIN(seq) FROM events WHERE story_id = '' AND action = ?",
                       [REGISTER_ACTION]).fetchone()
    return int(row[0] or 0)


# --- signatures, kept beside the chain (the table is made by app.reviewers) ---------------


# Connections known to have the tables (asked on every event otherwise). The dict
# holds the connection itself so that its id cannot be reused by another one.
_WITH_SCHEMA: dict[int, sqlite3.Connection] = {}


def has_schema(conn: sqlite3.Connection) -> bool:
    """Whether the library has the signature table (made on its first signed event)."""
    if _WITH_SCHEMA.get(id(conn)) is conn:
        return True
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                         "AND name = 'event_signatures'").fetchone() is not None
    if found and not conn.in_transaction:  # committed: it cannot be rolled back now
        if len(_WITH_SCHEMA) > 256:
            _WITH_SCHEMA.clear()
        _WITH_SCHEMA[id(conn)] = conn
    return found


def signature_of(conn: sqlite3.Connection, seq: int) -> tuple[str, str] | None:
    """(key_id, signature) of event ``seq``, or None when it is unsigned."""
    if not has_schema(conn):
        return None
    row = conn.execute("SELECT key_id, signature FROM event_signatures WHERE seq = ?",
                       [seq]).fetchone()
    return (str(row[0]), str(row[1])) if row else None


def store_signature(conn: sqlite3.Connection, seq: int, key_id: str, signature: str) -> None:
    """Keep an event's signature (also for events pulled from a newsroom)."""
    conn.execute("INSERT INTO event_signatures (seq, key_id, signature) VALUES (?, ?, ?)",
                 [seq, key_id, signature])


# --- checking the hashes ------------------------------------------------------------------


def verify_rows(
    rows: Iterable[tuple[Any, ...]],
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ChainReport:
    """Recompute the hash and both links of rows selected as ``COLUMNS`` in seq order;
    stop at the first that does not hold."""
    sha256 = hashlib.sha256
    dumps = json.dumps
    story_heads: dict[str, str] = {}
    prev = GENESIS
    expected_seq = 1
    count = 0
    for row in rows:
        (seq, story_id, revision, actor, action, note, at, data, prev_hash,
         story_prev_hash, stored) = row
        payload = dumps(
            {"action": action, "actor": actor, "at": at, "data": data, "note": note,
             "prev_hash": prev_hash, "revision": revision, "seq": seq,
             "story_id": story_id, "story_prev_hash": story_prev_hash},
            ensure_ascii=False, sort_keys=True, separators=(",", ":"),
        )
        broken = None
        if sha256(payload.encode("utf-8")).hexdigest() != stored:
            broken = (f"its content does not match its hash ({action} by {actor} at {at}): "
                      "the event was altered")
        elif prev_hash != prev:
            broken = (f"its link to the event before it (event {expected_seq - 1}) is broken: "
                      "an event was altered, removed or inserted")
        elif seq != expected_seq:
            broken = (f"events {expected_seq}..{seq - 1} are missing"
                      if seq > expected_seq else f"expected event number {expected_seq}")
        elif story_prev_hash != story_heads.get(story_id, GENESIS):
            broken = ("its link to the story's previous event is broken: "
                      "an event of this story was altered, removed or inserted")
        if broken:
            return ChainReport(count, prev, BrokenLink(int(seq), story_id or "", broken),
                               len(story_heads))
        prev = stored
        if story_id:
            story_heads[story_id] = stored
        expected_seq += 1
        count += 1
        if count % 10_000 == 0:
            if progress:
                progress(count, total)
            if cancelled and cancelled():
                raise VerifyCancelled(count)
    if progress:
        progress(count, total)
    return ChainReport(count, prev, None, len(story_heads))


def verify_segment(events: Iterable[Mapping[str, Any]]) -> BrokenLink | None:
    """Check one story's segment on its own (e.g. from an export manifest).

    Every event's hash is recomputed and each must point at the previous one of the
    same story through ``story_prev_hash``; the first must start the story's chain.
    """
    prev = GENESIS
    for e in events:
        digest = compute_hash(int(e["seq"]), e["story_id"], e["revision"], e["actor"],
                              e["action"], e["note"], e["at"], e["data"], e["prev_hash"],
                              e["story_prev_hash"])
        if digest != e["hash"]:
            return BrokenLink(int(e["seq"]), e["story_id"],
                              "its content does not match its hash: the event was altered")
        if e["story_prev_hash"] != prev:
            return BrokenLink(int(e["seq"]), e["story_id"],
                              "its link to the story's previous event is broken")
        prev = e["hash"]
    return None
