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

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app import keys, signing
from app.anchors import (  # re-exported: callers keep reaching them as trust.*
    ANCHOR_INTERVAL,
    flush_anchors,
    record_verified,
    signatures_digest,
    update_anchor,
)
from app.audit_chain import (
    REGISTER_ACTION,
    first_registration_seq,
    has_schema,
    signature_of,
    verify_segment,
)
from app.reviewers import SIGNATURE_TRIGGERS, SIGNED_ACTIONS, Registry, registry

if TYPE_CHECKING:  # only annotated: the log's lower layers never load app.library
    from app.library.db import Library

__all__ = [
    "ANCHOR_INTERVAL", "SignatureFailure", "SignatureReport", "anchor_summary",
    "approval_check", "check_anchor", "check_head", "check_outbox_manifests",
    "event_problem", "flush_anchors", "record_verified", "signatures_digest",
    "update_anchor", "verified_before", "verify_manifest", "verify_signatures",
]


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
    since = reg.signed_since or first_registration_seq(conn)
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


def _missing_triggers(conn: sqlite3.Connection) -> tuple[str, ...]:
    present = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' "
        "AND tbl_name = 'event_signatures'")}
    return tuple(name for name in SIGNATURE_TRIGGERS if name not in present)


# --- the anchor (kept up to date by app/anchors.py) ------------------------------------


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
    if anchor.signed_since and first_registration_seq(library.conn) != anchor.signed_since:
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
