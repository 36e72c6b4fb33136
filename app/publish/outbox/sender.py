"""The sender: delivers what is due, one row at a time, exactly once.

- a row is claimed (``pending`` → ``sending``) in its own transaction, sent, and its
  outcome recorded in another; a crash in between leaves ``sending``, which the next
  sender puts back to ``pending`` once the claiming process is gone;
- a second send of the same row is harmless: WordPress and Ghost posts are found by
  their stored id or slug and updated, the folder is overwritten, and a webhook carries
  the same idempotency key for its receiver to deduplicate;
- network errors and 408/425/429/5xx are retried with full-jitter exponential backoff
  (``Retry-After`` honoured); 401/403 park the row as ``needs_credentials``; other 4xx
  as ``failed`` with the server's message. Nothing is ever deleted.
"""

from __future__ import annotations

import os
import random
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app import audit, workflow
from app.errors import NotFoundError
from app.library import Library
from app.library.stories import now_iso
from app.publish import credentials
from app.publish.outbox.rows import (
    OutboxRow,
    active_others,
    frozen_payload,
    outbox_row,
    publication_key,
)
from app.publish.secrets import SecretStore, SecretStoreError
from app.publish.targets import Delivery, DeliveryError, new_client, open_target
from app.publish.targets_store import get_target

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

MAX_ATTEMPTS = 20  # while the site answers; time offline does not count
LEASE_SECONDS = 15 * 60  # a "sending" row older than this is taken back even on another host
SENDER_ACTOR = "copydesk-outbox"
MAX_RETRY_AFTER = 3600.0  # a server asking for a day's pause is still tried within the hour


@dataclass(frozen=True)
class Backoff:
    """Full-jitter exponential backoff: uniform(0, min(cap, base * 2**(attempt-1)))."""

    base: float = 2.0
    cap: float = 15 * 60.0

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        ceiling = min(self.cap, self.base * (2 ** max(0, min(attempt - 1, 30))))
        return (rng or random).uniform(0, ceiling)


@dataclass(frozen=True)
class SendReport:
    """What one ``send_pending`` run did, and the rows it touched as they are now."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    needs_credentials: int = 0
    cancelled_rows: int = 0
    recovered: int = 0
    interrupted: bool = False  # the caller's cancelled() said stop
    rows: tuple[OutboxRow, ...] = ()

    def describe(self) -> str:
        parts = [f"{self.sent} sent"]
        if self.retrying:
            parts.append(f"{self.retrying} waiting to retry")
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.needs_credentials:
            parts.append(f"{self.needs_credentials} need credentials")
        if self.cancelled_rows:
            parts.append(f"{self.cancelled_rows} not sent (story changed)")
        if self.recovered:
            parts.append(f"{self.recovered} recovered after an interrupted run")
        if self.interrupted:
            parts.append("stopped on request")
        return ", ".join(parts)


_RUN = uuid.uuid4().hex[:8]


def _claimant() -> str:
    """Host, process and a token of this process's run: who holds a ``sending`` row."""
    return f"{socket.gethostname()}:{os.getpid()}:{_RUN}"


def _claimant_alive(claimant: str) -> bool:
    try:
        host, pid, _run = claimant.rsplit(":", 2)
    except ValueError:
        return False
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine's sender: only its lease can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_interrupted(library: Library, now: Callable[[], float] = time.time) -> int:
    """Put ``sending`` rows whose sender died (or whose lease ran out) back to pending.

    Safe because every target looks the post up before creating it again.
    """
    rows = library.conn.execute(
        "SELECT id, claimed_by, claimed_at FROM outbox WHERE state = 'sending'").fetchall()
    stale = [int(r[0]) for r in rows
             if not _claimant_alive(r[1] or "") or (r[2] or 0) < now() - LEASE_SECONDS]
    if not stale:
        return 0
    with library.transaction() as conn:
        for row_id in stale:
            conn.execute(
                "UPDATE outbox SET state = 'pending', next_attempt_at = 0, claimed_by = '', "
                "last_error = CASE WHEN last_error = '' THEN "
                "'interrupted while sending; checking the site before sending again' "
                "ELSE last_error END, updated_at = ? WHERE id = ? AND state = 'sending'",
                [now_iso(), row_id])
    return len(stale)


def _claim(library: Library, now: float, story_id: str | None,
           skip: set[int]) -> OutboxRow | None:
    with library.transaction() as conn:
        sql = ("SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?")
        params: list[Any] = [now]
        if story_id:
            sql += " AND story_id = ?"
            params.append(story_id)
        if skip:
            sql += f" AND id NOT IN ({','.join('?' * len(skip))})"
            params.extend(sorted(skip))
        found = conn.execute(sql + " ORDER BY next_attempt_at, id LIMIT 1", params).fetchone()
        if found is None:
            return None
        conn.execute(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_by = ?, "
            "claimed_at = ?, updated_at = ? WHERE id = ? AND state = 'pending'",
            [_claimant(), now, now_iso(), int(found[0])])
    return outbox_row(library, int(found[0]))


def _still_wanted(library: Library, row: OutboxRow) -> str:
    """Empty if the row should go out; else why not (the story moved on)."""
    state = workflow.story_state(library, row.story_id)
    if state.revision != row.revision:
        return (f"not sent: story was edited after it was queued (now revision "
                f"{state.revision[:12]}); export the new revision once it is approved")
    if state.status not in ("queued", "export_failed", "published"):
        return f"not sent: the export was cancelled (story is {state.status})"
    return ""




def _record_sent(library: Library, row: OutboxRow, delivery: Delivery) -> None:
    stamp = now_iso()
    with library.transaction() as conn:
        conn.execute(
            "UPDATE outbox SET state = 'sent', remote_id = ?, remote_url = ?, sent_at = ?, "
            "updated_at = ?, last_error = '', http_status = NULL, claimed_by = '' "
            "WHERE id = ?",
            [delivery.remote_id, delivery.remote_url, stamp, stamp, row.id])
        conn.execute(
            "INSERT INTO publications (story_id, target, publication_key, remote_id, "
            "remote_url, revision, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (story_id, target) DO UPDATE SET remote_id = excluded.remote_id, "
            "remote_url = excluded.remote_url, revision = excluded.revision, "
            "updated_at = excluded.updated_at",
            [row.story_id, row.target, publication_key(library, row.story_id, row.target),
             delivery.remote_id, delivery.remote_url, row.revision, stamp])
        state = workflow.story_state(library, row.story_id)
        if state.status == "queued" and state.revision == row.revision \
                and not active_others(library, row):
            workflow.mark_published(library, row.story_id, SENDER_ACTOR, revision=row.revision,
                                    target=row.target, url=delivery.remote_url)
        else:
            audit.append_event(library, story_id=row.story_id, revision=row.revision,
                               actor=SENDER_ACTOR, action="delivered",
                               data={"target": row.target, "url": delivery.remote_url,
                                     "remote_id": delivery.remote_id})


def _record_stopped(library: Library, row: OutboxRow, new_state: str, message: str,
                    status: int | None) -> None:
    with library.transaction() as conn:
        conn.execute(
            "UPDATE outbox SET state = ?, last_error = ?, http_status = ?, claimed_by = '', "
            "updated_at = ? WHERE id = ?", [new_state, message, status, now_iso(), row.id])
        if new_state == "cancelled":
            return
        state = workflow.story_state(library, row.story_id)
        reason = ("needs credentials: " if new_state == "needs_credentials" else "") + message
        if state.status == "queued" and state.revision == row.revision:
            workflow.mark_export_failed(library, row.story_id, SENDER_ACTOR, reason,
                                        revision=row.revision, target=row.target)
        else:
            audit.append_event(library, story_id=row.story_id, revision=row.revision,
                               actor=SENDER_ACTOR, action="delivery_failed", note=reason,
                               data={"target": row.target})


def _record_retry(library: Library, row: OutboxRow, error: DeliveryError, when: float) -> None:
    with library.transaction() as conn:
        # Time offline does not use up attempts: only answers from the site count.
        conn.execute(
            "UPDATE outbox SET state = 'pending', next_attempt_at = ?, last_error = ?, "
            "http_status = ?, claimed_by = '', updated_at = ?, "
            "attempts = attempts - ? WHERE id = ?",
            [when, str(error), error.status, now_iso(), 1 if error.offline else 0, row.id])


def send_pending(
    library: Library,
    secrets: SecretStore,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    story_id: str | None = None,
    wait_for_retries: bool = False,
    max_wait: float = 600.0,
    backoff: Backoff = Backoff(),
    now: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
    client: Any = None,
) -> SendReport:
    """Deliver every due export (optionally only one story's).

    ``progress(done, total)`` after each row; ``cancelled()`` is asked between rows and
    during waits. With ``wait_for_retries`` the call also waits out backoff delays
    (at most ``max_wait`` seconds in all) until nothing is pending; otherwise rows
    that must wait stay ``pending`` for the next run. Safe to run in two processes.
    """
    counts = {"sent": 0, "retrying": 0, "failed": 0, "needs_credentials": 0, "cancelled": 0}
    recovered = recover_interrupted(library, now)
    touched: list[int] = []
    attempted: set[int] = set()
    own_client = client is None
    http = new_client() if own_client else client
    opened: dict[str, Any] = {}
    secret_trouble: dict[str, DeliveryError] = {}
    deadline = now() + max_wait
    interrupted = False

    def pending_total() -> int:
        sql = "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')"
        params: list[Any] = []
        if story_id:
            sql += " AND story_id = ?"
            params.append(story_id)
        return int(library.conn.execute(sql, params).fetchone()[0])

    total = pending_total()
    done = 0
    try:
        while True:
            if cancelled and cancelled():
                interrupted = True
                break
            if wait_for_retries and now() > deadline:
                break
            # Without waiting, each row is tried once per run: an offline target must
            # not spin. With waiting, a row comes back when its backoff has passed.
            row = _claim(library, now(), story_id, set() if wait_for_retries else attempted)
            if row is None:
                if not wait_for_retries:
                    break
                upcoming = library.conn.execute(
                    "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'"
                    + (" AND story_id = ?" if story_id else ""),
                    [story_id] if story_id else []).fetchone()[0]
                if upcoming is None or upcoming > deadline:
                    break
                pause = max(0.0, min(float(upcoming) - now(), 0.5))
                if pause:
                    sleep(pause)
                continue
            touched.append(row.id)
            attempted.add(row.id)
            why_not = _still_wanted(library, row)
            if why_not:
                _record_stopped(library, row, "cancelled", why_not, None)
                counts["cancelled"] += 1
                done += 1
                if progress:
                    progress(done, max(total, done))
                continue
            try:
                target = opened.get(row.target)
                if target is None:
                    if row.target in secret_trouble:
                        raise secret_trouble[row.target]
                    try:
                        config, secret = credentials.load(secrets,
                                                          get_target(library, row.target))
                    except SecretStoreError as error:
                        secret_trouble[row.target] = DeliveryError("credentials", str(error))
                        raise secret_trouble[row.target] from None
                    target = open_target(config, secret, http)
                    opened[row.target] = target
                known = library.conn.execute(
                    "SELECT remote_id FROM publications WHERE story_id = ? AND target = ?",
                    [row.story_id, row.target]).fetchone()
                delivery = target.deliver(frozen_payload(library, row.id),
                                          (known[0] or "") if known else "")
            except NotFoundError as error:  # the target was removed from the settings
                _record_stopped(library, row, "failed", str(error), None)
                counts["failed"] += 1
            except DeliveryError as error:
                if error.kind == "retry" and (error.offline or row.attempts < MAX_ATTEMPTS):
                    wait = backoff.delay(row.attempts)
                    if error.retry_after is not None:
                        wait = max(wait, min(error.retry_after, MAX_RETRY_AFTER))
                    _record_retry(library, row, error, now() + wait)
                    counts["retrying"] += 1
                    continue  # not done: it comes back
                if error.kind == "credentials":
                    _record_stopped(library, row, "needs_credentials", str(error), error.status)
                    counts["needs_credentials"] += 1
                else:
                    message = str(error)
                    if error.kind == "retry":
                        message = f"gave up after {row.attempts} attempts: {message}"
                    _record_stopped(library, row, "failed", message, error.status)
                    counts["failed"] += 1
            except Exception as error:  # a bug must not leave the row "sending" for good
                _record_stopped(library, row, "failed",
                                f"internal error while sending: {type(error).__name__}: {error}",
                                None)
                counts["failed"] += 1
            else:
                _record_sent(library, row, delivery)
                counts["sent"] += 1
            done += 1
            if progress:
                progress(done, max(total, done))
    finally:
        if own_client:
            http.close()
    rows = tuple(outbox_row(library, i) for i in dict.fromkeys(touched))
    final_retrying = sum(1 for r in rows if r.state == "pending")
    return SendReport(counts["sent"], final_retrying, counts["failed"],
                      counts["needs_credentials"], counts["cancelled"], recovered,
                      interrupted, rows)
