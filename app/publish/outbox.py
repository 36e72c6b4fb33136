"""The outbox: exports wait here until their site has them, exactly once.

``enqueue_export`` freezes the approved revision into a payload (the text exactly as
approved, rendered, with its manifest) and queues it in the same transaction as the
workflow's ``queue`` step. ``send_pending`` delivers what is due, one row at a time:

- a row is claimed (``pending`` → ``sending``) in its own transaction, sent, and its
  outcome recorded in another; a crash in between leaves ``sending``, which the next
  sender puts back to ``pending`` once the claiming process is gone;
- a second send of the same row is harmless: WordPress and Ghost posts are found by
  their stored id or slug and updated, the folder is overwritten, and a webhook carries
  the same idempotency key for its receiver to deduplicate;
- network errors and 408/425/429/5xx are retried with full-jitter exponential backoff
  (``Retry-After`` honoured); 401/403 park the row as ``needs_credentials``; other 4xx
  as ``failed`` with the server's message. Nothing is ever deleted.

The idempotency key is one per story revision and target; the slug (and so the post
on the site) is one per story and target, so a corrected revision updates the post.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app import audit, workflow
from app.check import check_story
from app.errors import CopydeskError, NotFoundError
from app.library import Library, load_overrides, load_story
from app.library.stories import now_iso
from app.model import Reference, Story, revision_hash
from app.publish import credentials, render
from app.publish.gate import GateRefused, check_gate, workflow_stop
from app.publish.manifest import build_manifest, sha256_text
from app.publish.secrets import SecretStore, SecretStoreError
from app.publish.targets import Delivery, DeliveryError, TargetConfig, new_client, open_target
from app.publish.targets_store import get_target

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

ACTIVE = ("pending", "sending", "failed", "needs_credentials")
MAX_ATTEMPTS = 20  # while the site answers; time offline does not count
LEASE_SECONDS = 15 * 60  # a "sending" row older than this is taken back even on another host
SENDER_ACTOR = "copydesk-outbox"
MAX_RETRY_AFTER = 3600.0  # a server asking for a day's pause is still tried within the hour


class ExportRefused(CopydeskError):
    """The story cannot be exported now; the message says why."""


@dataclass(frozen=True)
class Backoff:
    """Full-jitter exponential backoff: uniform(0, min(cap, base * 2**(attempt-1)))."""

    base: float = 2.0
    cap: float = 15 * 60.0

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        ceiling = min(self.cap, self.base * (2 ** max(0, min(attempt - 1, 30))))
        return (rng or random).uniform(0, ceiling)


@dataclass(frozen=True)
class OutboxRow:
    """One export in the outbox, as the window lists it."""

    id: int
    story_id: str
    revision: str
    target: str
    title: str
    state: str  # pending, sending, sent, failed, needs_credentials, cancelled
    attempts: int
    next_attempt_at: float
    last_error: str
    http_status: int | None
    remote_id: str
    remote_url: str
    created_at: str
    updated_at: str
    sent_at: str | None
    idempotency_key: str

    @property
    def needs_attention(self) -> bool:
        return self.state in ("failed", "needs_credentials")


@dataclass(frozen=True)
class EnqueueResult:
    row: OutboxRow
    created: bool  # False: this revision was already queued (or sent) to this target
    message: str


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


_ROW_SQL = (
    "SELECT o.id, o.story_id, o.revision, o.target, COALESCE(s.title, ''), o.state, "
    "o.attempts, o.next_attempt_at, o.last_error, o.http_status, o.remote_id, o.remote_url, "
    "o.created_at, o.updated_at, o.sent_at, o.idempotency_key "
    "FROM outbox o LEFT JOIN stories s ON s.id = o.story_id"
)


def _row(values: tuple[Any, ...]) -> OutboxRow:
    return OutboxRow(int(values[0]), values[1], values[2], values[3], values[4], values[5],
                     int(values[6]), float(values[7]), values[8] or "", values[9],
                     values[10] or "", values[11] or "", values[12], values[13], values[14],
                     values[15])


def outbox_counts(library: Library) -> dict[str, int]:
    """How many exports are in each state (states with none are left out)."""
    return {str(state): int(n) for state, n in library.conn.execute(
        "SELECT state, COUNT(*) FROM outbox GROUP BY state")}


def outbox_rows(library: Library, story_id: str | None = None,
                states: tuple[str, ...] | None = None,
                limit: int | None = None) -> list[OutboxRow]:
    """The outbox, newest first; optionally one story's rows, some states only, or
    the newest ``limit``."""
    sql = _ROW_SQL
    params: list[object] = []
    where = []
    if story_id:
        where.append("o.story_id = ?")
        params.append(story_id)
    if states:
        where.append(f"o.state IN ({','.join('?' * len(states))})")
        params.extend(states)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY o.id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_row(r) for r in library.conn.execute(sql, params).fetchall()]


def outbox_row(library: Library, row_id: int) -> OutboxRow:
    found = library.conn.execute(_ROW_SQL + " WHERE o.id = ?", [row_id]).fetchone()
    if found is None:
        raise NotFoundError(f"outbox has no export {row_id}")
    return _row(found)


def idempotency_key(story_id: str, revision: str, target: str) -> str:
    text = f"copydesk\n{story_id}\n{revision}\n{target}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def publication_key(library: Library, story_id: str, target: str) -> str:
    """The stable key of the story's post on one target (its slug suffix)."""
    row = library.conn.execute(
        "SELECT publication_key FROM publications WHERE story_id = ? AND target = ?",
        [story_id, target],
    ).fetchone()
    if row:
        return str(row[0])
    return hashlib.sha256(f"{story_id}\n{target}".encode()).hexdigest()[:8]


def _approved_story(library: Library, story_id: str, revision: str) -> Story:
    """The revision's text from the revisions table, checked against its hash."""
    row = library.conn.execute(
        "SELECT title, dek, body, references_json FROM revisions "
        "WHERE story_id = ? AND revision = ?", [story_id, revision],
    ).fetchone()
    if row is None:
        raise ExportRefused(f"story {story_id} has no stored revision {revision[:12]}")
    references = tuple(Reference(int(n), publisher or "", title or "", url or "")
                       for n, publisher, title, url in json.loads(row[3] or "[]"))
    story = Story(title=row[0], dek=row[1] or "", body=row[2], references=references,
                  id=story_id)
    if revision_hash(story.title, story.dek, story.body, references) != revision:
        raise ExportRefused(
            f"story {story_id}: the stored text of revision {revision[:12]} does not match "
            "its hash; not exporting text nobody approved")
    return story


def build_payload(library: Library, story_id: str, target: TargetConfig, actor: str,
                  queued_at: str) -> dict[str, Any]:
    """Freeze the approved revision for one target. Refuses what may not leave."""
    state = workflow.story_state(library, story_id)
    stopped_by = workflow_stop(state)  # the gate says the same words
    if stopped_by:
        raise ExportRefused(f"cannot export: {stopped_by}")
    gate = check_gate(library, story_id)
    if not gate.passed:
        raise GateRefused(gate)
    revision = state.revision
    story = _approved_story(library, story_id, revision)
    linked = load_story(library, story_id)  # with snapshots, for the verdict summary
    overrides = load_overrides(library, story_id, revision)
    report = check_story(linked, overrides)
    key = idempotency_key(story_id, revision, target.name)
    slug = f"{render.slugify(story.title)}-{publication_key(library, story_id, target.name)}"
    footer = f"Fact-checked with Copydesk · revision {revision[:12]} · approved by " + \
        ", ".join(a.actor for a in state.approvals)
    rendered = render.render_story(story, footer=footer)
    markdown_file = render.story_markdown(story)
    references = [{"n": r.n, "publisher": r.publisher, "title": r.title, "url": r.url}
                  for r in story.references]
    manifest = build_manifest(
        library, story_id, revision=revision, summary=report.summary, gate=gate,
        overrides=[{"claim": c, "n": n, "verdict": o.verdict, "note": o.note, "by": o.actor,
                    "at": o.at} for (c, n), o in sorted(overrides.items())],
        references=references, target=target.name, idempotency_key=key, slug=slug,
        files={"story.md": sha256_text(markdown_file), "story.html": sha256_text(rendered.page)},
        queued_at=queued_at, queued_by=actor,
    )
    return {
        "format": "copydesk.export/1",
        "story_id": story_id,
        "revision": revision,
        "idempotency_key": key,
        "slug": slug,
        "title": story.title,
        "dek": story.dek,
        "markdown": story.body,
        "references": references,
        "html": rendered.fragment,
        "page": rendered.page,
        "story_markdown": markdown_file,
        "manifest": manifest,
    }


def _already(library: Library, key: str, target: str) -> EnqueueResult | None:
    found = library.conn.execute("SELECT id, state FROM outbox WHERE idempotency_key = ?",
                                 [key]).fetchone()
    if found and found[1] in ("pending", "sending"):
        return EnqueueResult(outbox_row(library, int(found[0])), False,
                             f"already queued for {target}")
    if found and found[1] == "sent":
        row = outbox_row(library, int(found[0]))
        return EnqueueResult(row, False, f"already published to {target}: {row.remote_url}")
    return None


def enqueue_export(library: Library, story_id: str, target_name: str, actor: str,
                   *, now: Callable[[], float] = time.time) -> EnqueueResult:
    """Queue the story's approved revision for one target.

    Raises ``ExportRefused`` (not approved, stale) or ``GateRefused`` (open blockers or
    unsupported citations, listed). Queuing the same revision for the same target
    again is a no-op that returns the existing row.
    """
    target = get_target(library, target_name)
    queued_at = now_iso()
    before = workflow.story_state(library, story_id)
    already = _already(library, idempotency_key(story_id, before.revision, target.name),
                       target.name)
    if already:
        return already
    # Checking and rendering take a moment: done before taking the write lock, then
    # the story is re-read under the lock and must not have changed meanwhile.
    payload = build_payload(library, story_id, target, actor, queued_at)
    with library.transaction() as conn:
        state = workflow.story_state(library, story_id)
        if (state.version, state.revision) != (before.version, payload["revision"]):
            raise ExportRefused(f"story {story_id} changed while its export was being "
                                "prepared; nothing was queued, try again")
        key = idempotency_key(story_id, state.revision, target.name)
        already = _already(library, key, target.name)
        if already:
            return already
        existing = conn.execute("SELECT id, state FROM outbox WHERE idempotency_key = ?",
                                [key]).fetchone()
        if state.status != "queued":
            workflow.mark_queued(library, story_id, actor, revision=state.revision,
                                 target=target.name)
        else:  # already on its way to another target: record this one too
            audit.append_event(library, story_id=story_id, revision=state.revision,
                               actor=actor, action="queue",
                               data={"from": "queued", "to": "queued", "target": target.name})
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        stamp = now_iso()
        if existing:  # failed, needs_credentials or cancelled before: queue it again
            conn.execute(
                "UPDATE outbox SET payload = ?, payload_sha256 = ?, state = 'pending', "
                "next_attempt_at = 0, last_error = '', http_status = NULL, attempts = 0, "
                "claimed_by = '', actor = ?, updated_at = ? WHERE id = ?",
                [text, digest, actor, stamp, int(existing[0])])
            row_id = int(existing[0])
        else:
            cursor = conn.execute(
                "INSERT INTO outbox (idempotency_key, story_id, revision, target, payload, "
                "payload_sha256, state, next_attempt_at, actor, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
                [key, story_id, state.revision, target.name, text, digest, 0.0, actor,
                 stamp, stamp])
            row_id = int(cursor.lastrowid or 0)
        conn.execute(
            "INSERT INTO publications (story_id, target, publication_key, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (story_id, target) DO NOTHING",
            [story_id, target.name, publication_key(library, story_id, target.name), stamp])
    row = outbox_row(library, row_id)
    return EnqueueResult(row, True, f"queued for {target.name}")


def frozen_payload(library: Library, row_id: int) -> dict[str, Any]:
    found = library.conn.execute("SELECT payload, payload_sha256 FROM outbox WHERE id = ?",
                                 [row_id]).fetchone()
    if found is None:
        raise NotFoundError(f"outbox has no export {row_id}")
    if hashlib.sha256(found[0].encode("utf-8")).hexdigest() != found[1]:
        raise CopydeskError(f"outbox export {row_id}: the frozen payload was altered")
    return dict(json.loads(found[0]))


# --- the sender -------------------------------------------------------------------------


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


def _active_others(library: Library, row: OutboxRow) -> int:
    return int(library.conn.execute(
        f"SELECT COUNT(*) FROM outbox WHERE story_id = ? AND revision = ? AND id != ? "
        f"AND state IN ({','.join('?' * len(ACTIVE))})",
        [row.story_id, row.revision, row.id, *ACTIVE]).fetchone()[0])


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
                and not _active_others(library, row):
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


def retry_export(library: Library, row_id: int, actor: str) -> OutboxRow:
    """Send a failed or parked export again (e.g. after saving the right password)."""
    row = outbox_row(library, row_id)
    if row.state not in ("failed", "needs_credentials", "cancelled"):
        raise ExportRefused(f"export {row_id} is {row.state}; nothing to retry")
    with library.transaction() as conn:
        state = workflow.story_state(library, row.story_id)
        if state.revision != row.revision:
            raise ExportRefused(
                f"export {row_id} is of revision {row.revision[:12]}, but story "
                f"{row.story_id} was edited since; export the new revision once approved")
        if state.status == "export_failed":
            workflow.mark_queued(library, row.story_id, actor, revision=row.revision,
                                 target=row.target, note="retry")
        elif state.status not in ("queued", "published"):
            raise ExportRefused(f"cannot retry: story {row.story_id} is {state.status}")
        conn.execute(
            "UPDATE outbox SET state = 'pending', next_attempt_at = 0, attempts = 0, "
            "updated_at = ? WHERE id = ?", [now_iso(), row_id])
    return outbox_row(library, row_id)


def cancel_export(library: Library, row_id: int, actor: str, note: str = "") -> OutboxRow:
    """Take an export out of the outbox (not while it is being sent)."""
    row = outbox_row(library, row_id)
    if row.state not in ("pending", "failed", "needs_credentials"):
        raise ExportRefused(f"export {row_id} is {row.state}; it cannot be cancelled now")
    with library.transaction() as conn:
        changed = conn.execute(
            "UPDATE outbox SET state = 'cancelled', last_error = ?, updated_at = ? "
            "WHERE id = ? AND state IN ('pending', 'failed', 'needs_credentials')",
            [f"cancelled by {actor}" + (f": {note}" if note else ""), now_iso(), row_id],
        ).rowcount
        if not changed:
            raise ExportRefused(f"export {row_id} started sending; it cannot be cancelled now")
        state = workflow.story_state(library, row.story_id)
        if state.status in ("queued", "export_failed") and not _active_others(library, row):
            workflow.cancel_export(library, row.story_id, actor, note)
    return outbox_row(library, row_id)


def resume_target(library: Library, target: str, actor: str) -> list[OutboxRow]:
    """After new credentials are saved: retry every export parked for this target."""
    ids = [int(r[0]) for r in library.conn.execute(
        "SELECT id FROM outbox WHERE target = ? AND state = 'needs_credentials'", [target])]
    resumed = []
    for row_id in ids:
        try:
            resumed.append(retry_export(library, row_id, actor))
        except ExportRefused:
            continue
    return resumed
