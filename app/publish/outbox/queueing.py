"""Queueing an approved revision for a target, and taking it out or back again.

``enqueue_export`` freezes the approved revision into a payload (the text exactly as
approved, rendered, with its manifest) and queues it in the same transaction as the
workflow's ``queue`` step; ``retry_export``, ``cancel_export`` and ``resume_target``
are what a person does with a row afterwards.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app import audit, workflow
from app.check import check_story
from app.library import Library, load_overrides, load_story
from app.library.stories import now_iso
from app.model import Reference, Story, revision_hash
from app.publish import render
from app.publish.gate import GateRefused, check_gate, workflow_stop
from app.publish.manifest import build_manifest, sha256_text
from app.publish.outbox.rows import (
    ExportRefused,
    OutboxRow,
    active_others,
    idempotency_key,
    outbox_row,
    publication_key,
)
from app.publish.targets import TargetConfig
from app.publish.targets_store import get_target


@dataclass(frozen=True)
class EnqueueResult:
    row: OutboxRow
    created: bool  # False: this revision was already queued (or sent) to this target
    message: str


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
        if state.status in ("queued", "export_failed") and not active_others(library, row):
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
