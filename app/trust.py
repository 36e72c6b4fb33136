"""Whether the log can be believed: signatures checked against registered keys, the
anchor this desk keeps outside the file, and which approvals therefore count.

``audit.verify_chain`` recomputes the hashes; this module adds what hashes alone cannot
show: an event rewritten with every later hash recomputed (its signature no longer
matches), an approval appended by someone without the reviewer's key (unsigned, or
signed by a key not registered for the name), and the end of the log cut off (the
anchor in this desk's keyring remembers a longer log).

Legacy: events recorded before the library's first reviewer registration were never
signed; they are counted as legacy, not reported as forged, and a legacy approval does
not count towards a story's approvals (re-approve to sign it).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import sqlite3
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app import keys, signing
from app.library.db import Library
from app.reviewers import (
    REGISTER_ACTION,
    SIGNATURE_TRIGGERS,
    SIGNED_ACTIONS,
    Registry,
    has_schema,
    registry,
    signature_of,
)


@dataclass(frozen=True)
class SignatureFailure:
    seq: int
    story_id: str
    reason: str


@dataclass(frozen=True)
class SignatureReport:
    signed: int = 0
    unsigned: int = 0  # after signing began, not decisions (imports, deliveries...)
    legacy: int = 0  # before the first registration: never signed
    failure: SignatureFailure | None = None
    missing_triggers: tuple[str, ...] = ()


def event_problem(reg: Registry, event: dict[str, Any],
                  signature: tuple[str, str] | None) -> str:
    """Why this event's signature cannot be believed, or "" when it can (or when it is
    an unsigned event that needs none)."""
    action, actor = event["action"], event["actor"]
    if action == REGISTER_ACTION:
        problem = next((why for seq, why in reg.problems if seq == event["seq"]), "")
        return problem
    if signature is None:
        if action in SIGNED_ACTIONS:
            return (f"{action.replace('_', ' ')} by {actor} is not signed: it was not made "
                    f"with {actor}'s key (forged, or written outside Copydesk) and does not "
                    "count")
        return ""
    reviewer = reg.get(actor)
    if reviewer is None:
        return f"it is signed, but {actor} is not a registered reviewer"
    if reviewer.seq > int(event["seq"]):
        return f"it is signed by {actor}, who was registered only later (event {reviewer.seq})"
    if signature[0] != reviewer.key_id:
        return (f"it is signed with key {signature[0]}, not the key registered for {actor} "
                f"({reviewer.key_id})")
    if not signing.verify_event(event, signature[1], reviewer.public_key):
        return (f"it was changed after it was signed ({action} by {actor} at {event['at']}): "
                "its signature no longer matches its content")
    return ""


def approval_check(library: Library, event: Any) -> tuple[str, str]:
    """(problem, key_id) for an approve event: problem "" when the approval counts."""
    signature = signature_of(library.conn, event.seq)
    reg = registry(library)
    if signature is None and (not reg.signed_since or event.seq < reg.signed_since):
        return (f"approval by {event.actor} is not signed (legacy: before this library's "
                "decisions were signed) and does not count; approve again to sign it"), ""
    # a story's state is read often: check each (event, signature) pair once per library
    # opened; the key covers everything the answer depends on
    cache = library.__dict__.setdefault("_approval_checks", {})
    reviewer = reg.get(event.actor)
    key = (tuple(event.as_dict().values()), signature, reviewer)
    if key not in cache:
        cache[key] = (event_problem(reg, event.as_dict(), signature),
                      signature[0] if signature else "")
    return cache[key]


def verify_signatures(library: Library, upto: int | None = None,
                      after: int = 0) -> SignatureReport:
    """Check every event from the first registration on; stop at the first failure.

    ``upto``: only events before this seq (the hash chain broke there already).
    ``after``: events 1..after were verified before and are unchanged: skip them.
    """
    conn = library.conn
    if not has_schema(conn):
        legacy = int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
        return SignatureReport(legacy=legacy)
    reg = registry(library)
    since = reg.signed_since or _first_registration_seq(conn)
    limit = upto if upto is not None else 1 << 62
    if since == 0:
        legacy = int(conn.execute("SELECT COUNT(*) FROM events WHERE seq < ?",
                                  [limit]).fetchone()[0])
        return SignatureReport(legacy=legacy, missing_triggers=_missing_triggers(conn))
    legacy = int(conn.execute("SELECT COUNT(*) FROM events WHERE seq < ? AND seq < ?",
                              [since, limit]).fetchone()[0])
    signed = unsigned = 0
    cursor = conn.execute(
        "SELECT e.seq, e.story_id, e.revision, e.actor, e.action, e.note, e.at, e.data, "
        "e.prev_hash, e.story_prev_hash, s.key_id, s.signature FROM events e "
        "LEFT JOIN event_signatures s ON s.seq = e.seq WHERE e.seq >= ? AND e.seq < ? "
        "ORDER BY e.seq", [max(since, after + 1), limit])
    for row in cursor:
        event = {"seq": row[0], "story_id": row[1] or "", "revision": row[2] or "",
                 "actor": row[3] or "", "action": row[4] or "", "note": row[5] or "",
                 "at": row[6] or "", "data": row[7] or "{}", "prev_hash": row[8] or "",
                 "story_prev_hash": row[9] or ""}
        signature = (str(row[10]), str(row[11])) if row[10] is not None else None
        problem = event_problem(reg, event, signature)
        if problem:
            return SignatureReport(signed, unsigned, legacy,
                                   SignatureFailure(int(row[0]), event["story_id"], problem),
                                   _missing_triggers(conn))
        if signature is None:
            unsigned += 1
        else:
            signed += 1
    return SignatureReport(signed, unsigned, legacy, None, _missing_triggers(conn))


def _first_registration_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT MIN(seq) FROM events WHERE story_id = '' AND action = ?",
                       [REGISTER_ACTION]).fetchone()
    return int(row[0] or 0)


def _missing_triggers(conn: sqlite3.Connection) -> tuple[str, ...]:
    present = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' "
        "AND tbl_name = 'event_signatures'")}
    return tuple(name for name in SIGNATURE_TRIGGERS if name not in present)


# --- the anchor ---------------------------------------------------------------------------


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
    since = _first_registration_seq(conn) if has_schema(conn) else 0
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


def verified_before(library: Library, chain_ok_upto: int) -> int:
    """How many leading events this desk already verified and that are unchanged since
    (their hash chain ends in the same head, their signatures digest the same); 0: none.
    ``chain_ok_upto``: the hash chain holds for events 1..chain_ok_upto."""
    anchor = keys.read_anchor(library.path)
    if anchor is None or not anchor.verified or anchor.verified > chain_ok_upto:
        return 0
    row = library.conn.execute("SELECT hash FROM events WHERE seq = ?",
                               [anchor.verified]).fetchone()
    if row is None or str(row[0]) != anchor.verified_head:
        return 0
    if signatures_digest(library.conn, anchor.verified) != anchor.signatures_digest:
        return 0
    return anchor.verified


def check_anchor(library: Library, count: int) -> SignatureFailure | None:
    """Compare the log (``count`` events, seq 1..count) with this desk's anchor."""
    flush_anchors()
    anchor = keys.read_anchor(library.path)
    if anchor is None:
        return None
    if count < anchor.count:
        return SignatureFailure(
            anchor.count, "",
            f"the log ends before event {anchor.count} recorded on {anchor.at} "
            f"(this desk saw {anchor.count} events; the file has {count}): events were "
            "removed from its end")
    row = library.conn.execute("SELECT hash, story_id FROM events WHERE seq = ?",
                               [anchor.count]).fetchone()
    if row is None or str(row[0]) != anchor.head:
        return SignatureFailure(
            anchor.count, str(row[1] or "") if row else "",
            f"event {anchor.count} is not the one recorded on {anchor.at}: the log was "
            "rewritten at or before it")
    if anchor.signed_since and _first_registration_seq(library.conn) != anchor.signed_since:
        return SignatureFailure(
            anchor.signed_since, "",
            f"the library's reviewer registrations were removed or moved (this desk saw "
            f"the first at event {anchor.signed_since})")
    return None


def anchor_summary(library: Library) -> str:
    anchor = keys.read_anchor(library.path)
    if anchor is None:
        return "no anchor on this desk" + ("" if keys.keyring_usable() else " (no keyring)")
    return f"anchor: event {anchor.count} recorded on {anchor.at}"


# --- heads recorded in export manifests ------------------------------------------------


def check_head(library: Library, count: int, recorded: dict[str, Any],
               where: str) -> SignatureFailure | None:
    """Compare the log (``count`` events) with a head recorded elsewhere (``where``)."""
    try:
        seq, head, at = int(recorded["count"]), str(recorded["head"]), str(recorded.get("at", ""))
    except (KeyError, TypeError, ValueError):
        return None
    if seq <= 0:
        return None
    if count < seq:
        return SignatureFailure(seq, "", f"the log ends before event {seq} recorded on {at} "
                                         f"({where}): events were removed from its end")
    row = library.conn.execute("SELECT hash, story_id FROM events WHERE seq = ?",
                               [seq]).fetchone()
    if row is None or str(row[0]) != head:
        return SignatureFailure(seq, str(row[1] or "") if row else "",
                                f"event {seq} is not the one recorded on {at} ({where}): "
                                "the log was rewritten at or before it")
    return None


def check_outbox_manifests(library: Library, count: int) -> SignatureFailure | None:
    """Every export manifest this library queued recorded the chain's head: check each."""
    import json

    conn = library.conn
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'"
                    ).fetchone() is None:
        return None
    first: SignatureFailure | None = None
    for story_id, target, payload in conn.execute(
            "SELECT story_id, target, payload FROM outbox ORDER BY id"):
        try:
            chain = json.loads(payload)["manifest"]["chain"]
        except (ValueError, KeyError, TypeError):
            continue  # an export queued before manifests carried the head
        failure = check_head(library, count, chain,
                             f"in the export manifest of story {story_id} for {target}")
        if failure is not None and (first is None or failure.seq < first.seq):
            first = failure
    return first


def verify_manifest(manifest: dict[str, Any]) -> list[str]:
    """What does not hold in an export manifest read on its own: its story's segment of
    the chain, and each signature against the key the manifest lists for its signer."""
    from app.audit import verify_segment

    problems: list[str] = []
    events = manifest.get("audit") or []
    broken = verify_segment(events)
    if broken is not None:
        problems.append(broken.describe())
    keys_by_name = {str(name).casefold(): info for name, info in
                    (manifest.get("reviewers") or {}).items()}
    signatures = manifest.get("signatures") or {}
    for event in events:
        signature = signatures.get(str(event.get("seq")))
        if signature is None:
            if event.get("action") == "approve":
                problems.append(f"event {event.get('seq')}: approve by {event.get('actor')} "
                                "is not signed")
            continue
        info = keys_by_name.get(str(event.get("actor", "")).casefold())
        if info is None or info.get("key_id") != signature.get("key_id") or \
                not signing.verify_event(event, str(signature.get("signature")),
                                         str(info.get("public_key"))):
            problems.append(f"event {event.get('seq')}: its signature by {event.get('actor')} "
                            "does not verify")
    return problems
