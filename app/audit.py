"""The audit log: every action on a story is an event in one append-only hash chain,
each decision signed with its reviewer's key (``app.reviewers``), the head remembered
outside the file (``app.anchors``), all checked by ``verify_chain`` (``app.trust``).

This module is the log's policy: who signs an event, and what a verify checks. The
chain's format, readers and raw writer are in ``app.audit_chain`` (re-exported here,
so ``audit.story_events`` and the rest keep working).

The table refuses ``UPDATE`` and ``DELETE`` through triggers (migration 2); someone
with the file and a sqlite3 shell can drop them, which is what ``verify_chain`` is for.
Removing events from the *end* of the log leaves a shorter chain that is still
consistent: record the head hash that ``verify_chain`` reports somewhere else (a
ticket, an email) if that must be detectable too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from app import anchors, reviewers, signing, trust
from app.audit_chain import (
    COLUMNS,
    GENESIS,
    BrokenLink,
    Cancelled,
    ChainReport,
    Event,
    Progress,
    Signer,
    VerifyCancelled,
    canonical_data,
    compute_hash,
    event_count,
    event_time,
    first_registration_seq,
    has_schema,
    last_event,
    story_events,
    story_segment,
    verify_rows,
    verify_segment,
    write_event,
)
from app.library.db import Library

__all__ = [
    "APPEND_ONLY_TRIGGERS", "GENESIS", "BrokenLink", "Cancelled", "ChainReport", "Event",
    "Progress", "VerifyCancelled", "append_event", "canonical_data", "compute_hash",
    "event_count", "event_time", "last_event", "story_events", "story_segment",
    "verify_chain", "verify_segment",
]

APPEND_ONLY_TRIGGERS = ("events_no_update", "events_no_delete")  # made by migration 2


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
    with library.transaction() as conn:
        if signer is None:
            # may register the library's first reviewer, itself an event: so before seq
            signer = reviewers.signer_for(library, actor, action)
        event = write_event(conn, story_id=story_id, revision=revision, actor=actor,
                            action=action, note=note, data=data, at=at, signer=signer)
        anchors.move_after_commit(library)
    return event


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
    conn = library.conn
    own_transaction = not conn.in_transaction
    if own_transaction:
        conn.execute("BEGIN")
    try:
        total = int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
        cursor = conn.execute(f"SELECT {COLUMNS} FROM events ORDER BY seq")
        report = verify_rows(cursor, total, progress, cancelled)
        present = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")}
        # signatures up to where the hashes hold; then the anchor kept outside the file
        chain_ok_upto = report.broken.seq - 1 if report.broken else report.count
        skipped = 0 if full else trust.verified_before(library, chain_ok_upto)
        upto = report.broken.seq if report.broken else None
        with signing.known_results(_signatures_ahead(library, upto, skipped)):
            signatures = trust.verify_signatures(library, upto=upto, after=skipped)
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


AHEAD_AT_LEAST = 2_000  # signatures; for fewer, starting threads costs more than it saves


def _signatures_ahead(library: Library, upto: int | None, after: int) -> signing.Known:
    """The signatures ``trust.verify_signatures`` is about to check, checked first on
    every core (``signing.verify_many``): the events from the first registration on (and
    after ``after``, before ``upto``), each with the key registered for its actor. Only
    answers for the exact same bytes, signature and key are used, so a difference from
    what the verifier builds costs time, never a wrong verdict."""
    conn = library.conn
    if not has_schema(conn):
        return {}
    reg = reviewers.registry(library)
    since = reg.signed_since or first_registration_seq(conn)
    limit = upto if upto is not None else 1 << 62
    start = max(since, after + 1)
    if since == 0 or int(conn.execute(
            "SELECT COUNT(*) FROM event_signatures WHERE seq >= ? AND seq < ?",
            [start, limit]).fetchone()[0]) < AHEAD_AT_LEAST:
        return {}
    rows = conn.execute(
        "SELECT e.seq, e.story_id, e.revision, e.actor, e.action, e.note, e.at, e.data, "
        "e.prev_hash, e.story_prev_hash, s.key_id, s.signature FROM events e "
        "JOIN event_signatures s ON s.seq = e.seq WHERE e.seq >= ? AND e.seq < ? "
        "ORDER BY e.seq", [start, limit])

    def checks() -> Iterator[tuple[dict[str, Any], str, str]]:
        for row in rows:
            reviewer = reg.get(row[3] or "")
            if reviewer is None or reviewer.key_id != str(row[10]):
                continue  # the verifier finds what is wrong with it on its own
            event = {"seq": row[0], "story_id": row[1] or "", "revision": row[2] or "",
                     "actor": row[3] or "", "action": row[4] or "", "note": row[5] or "",
                     "at": row[6] or "", "data": row[7] or "{}", "prev_hash": row[8] or "",
                     "story_prev_hash": row[9] or ""}
            yield event, str(row[11]), reviewer.public_key

    return signing.verify_many(checks())
