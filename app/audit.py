"""The audit log: every action on a story is an event in one append-only hash chain.

Each event's ``hash`` is the SHA-256 of a canonical JSON serialisation of its fields,
including ``prev_hash`` (the hash of the event before it in the whole library) and
``story_prev_hash`` (the hash of the same story's previous event). The global link
makes the library's log tamper-evident as a whole; the story link lets a story's own
segment travel in an export manifest and be checked without the library.

The table refuses ``UPDATE`` and ``DELETE`` through triggers (migration 2); someone
with the file and a sqlite3 shell can drop them, which is what ``verify_chain`` is for.
Removing events from the *end* of the log leaves a shorter chain that is still
consistent: record the head hash that ``verify_chain`` reports somewhere else (a
ticket, an email) if that must be detectable too.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from app import signing
from app.library.db import Library

if TYPE_CHECKING:
    from app.reviewers import Signer

GENESIS = "0" * 64
APPEND_ONLY_TRIGGERS = ("events_no_update", "events_no_delete")  # made by migration 2
_COLUMNS = ("seq, story_id, revision, actor, action, note, at, data, prev_hash, "
            "story_prev_hash, hash")

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


def append_event(
    library: Library,
    *,
    story_id: str,
    revision: str,
    actor: str,
    action: str,
    note: str = "",
    data: Mapping[str, Any] | None = None,
    at: str | None = None,
    signer: Signer | None = None,
) -> Event:
    """Add one event at the head of the chain, signed by the actor's key when this desk
    holds it (``app.reviewers.signer_for`` decides; a decision it cannot sign is
    refused with ``SigningError`` and nothing is written).

    Call it inside the transaction that makes the change it records, so that the
    change and its event are committed together or not at all; on its own it opens
    a transaction of its own. After the commit, this desk's anchor moves to the new head.
    """
    from app import reviewers, trust

    with library.transaction() as conn:
        if signer is None:
            # may register the library's first reviewer, itself an event: so before seq
            signer = reviewers.signer_for(library, actor, action)
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
            f"INSERT INTO events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [seq, story_id, revision, actor, action, note, at, text, prev_hash,
             story_prev_hash, digest],
        )
        event = Event(seq, story_id, revision, actor, action, note, at, text, prev_hash,
                      story_prev_hash, digest)
        if signer is not None:
            reviewers.store_signature(conn, seq, signer.key_id,
                                      signing.sign_event(event.as_dict(), signer.private_key))
        # one anchor update per transaction, however many events it records
        hook = library.__dict__.setdefault("_anchor_hook", lambda: trust.update_anchor(library))
        if hook not in library._pending_after_commit():
            library.after_commit(hook)
    return event


def _event(row: tuple[Any, ...] | sqlite3.Row) -> Event:
    return Event(int(row[0]), row[1] or "", row[2] or "", row[3] or "", row[4] or "",
                 row[5] or "", row[6] or "", row[7] or "{}", row[8] or "", row[9] or "",
                 row[10] or "")


def story_events(library: Library, story_id: str) -> list[Event]:
    """A story's events, oldest first: its segment of the chain."""
    rows = library.conn.execute(
        f"SELECT {_COLUMNS} FROM events WHERE story_id = ? ORDER BY seq", [story_id]
    ).fetchall()
    return [_event(r) for r in rows]


def last_event(library: Library, story_id: str) -> Event | None:
    row = library.conn.execute(
        f"SELECT {_COLUMNS} FROM events WHERE story_id = ? ORDER BY seq DESC LIMIT 1",
        [story_id],
    ).fetchone()
    return _event(row) if row else None


def event_count(library: Library) -> int:
    return int(library.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])


def story_segment(library: Library, story_id: str) -> list[dict[str, Any]]:
    """The story's events as plain dicts, for an export manifest."""
    return [e.as_dict() for e in story_events(library, story_id)]


def verify_chain(
    library: Library,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    full: bool = False,
) -> ChainReport:
    """Recompute every event's hash and both links; stop at the first broken one. Then
    check signatures (app/trust.py) and the heads recorded outside the file.

    Signatures of the events a previous sound verify on this desk checked are not
    checked again while those events are provably unchanged (``full`` checks all).
    Reads in one snapshot (a read transaction), so a second desk appending meanwhile
    does not make a sound log look broken.
    """
    from app import trust

    conn = library.conn
    own_transaction = not conn.in_transaction
    if own_transaction:
        conn.execute("BEGIN")
    try:
        total = int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
        cursor = conn.execute(f"SELECT {_COLUMNS} FROM events ORDER BY seq")
        report = _verify_rows(cursor, total, progress, cancelled)
        present = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")}
        # signatures up to where the hashes hold; then the anchor kept outside the file
        chain_ok_upto = report.broken.seq - 1 if report.broken else report.count
        skipped = 0 if full else trust.verified_before(library, chain_ok_upto)
        signatures = trust.verify_signatures(
            library, upto=report.broken.seq if report.broken else None, after=skipped)
        failures = [signatures.failure]
        if report.ok:  # heads kept outside the chain: this desk's anchor, export manifests
            failures += [trust.check_anchor(library, report.count),
                         trust.check_outbox_manifests(library, report.count)]
        anchor = trust.anchor_summary(library)
    finally:
        if own_transaction:
            conn.execute("COMMIT")
    missing = tuple(name for name in APPEND_ONLY_TRIGGERS if name not in present)
    broken = report.broken
    count = report.count
    for failure in failures:
        if failure is None:
            continue
        if broken is None or failure.seq < broken.seq:
            broken = BrokenLink(failure.seq, failure.story_id, failure.reason)
            count = min(count, failure.seq - 1)
    return replace(report, broken=broken, count=count,
                   missing_triggers=missing + signatures.missing_triggers,
                   signed=signatures.signed, unsigned=signatures.unsigned,
                   legacy=signatures.legacy, anchor=anchor, previously_verified=skipped)


def _verify_rows(
    rows: Iterable[tuple[Any, ...]],
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ChainReport:
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


class VerifyCancelled(Exception):
    """The caller's ``cancelled()`` said stop; ``args[0]`` is how many were checked."""


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
