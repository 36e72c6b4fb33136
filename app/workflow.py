"""The review workflow: decisions, edits, four-eyes approvals and the export states.

Every function here changes a story and appends its audit event in ONE transaction,
so a decision is either wholly in the library or not at all. Writers say which
``stories.version`` they started from (``expected_version``); when another desk has
changed the story since, the write is refused with a ``ConflictError`` that carries
the story's current state, and nothing is lost.

States::

    new -> in_review -> approved | changes_requested | rejected
    approved -> queued -> published | export_failed      (the export step)
    export_failed -> queued (retry)

The full table, with what each action requires, is ``TRANSITIONS`` below and
docs/workflow.md. Approvals are derived from the audit log itself: an approval counts
while the story's text is the revision it was given to and no edit, request for
changes, rejection or re-import came after it. Reading that state is ``app.story_state``;
the four-eyes rule and the export record are ``app.signoff``; both re-exported here.
"""

from __future__ import annotations

import json
import socket
from dataclasses import replace
from typing import Any

from app import audit
from app.audit import Event
from app.check import check_story
from app.identity import clean_name, os_user, same_reviewer
from app.library.db import Library, LibraryBusyError  # noqa: F401 - part of this API
from app.library.stories import load_overrides, load_story, now_iso, refresh_summary
from app.model import VERDICTS
from app.sentences import split_sentences
from app.signoff import (  # noqa: F401 - the rule and the export record are part of this API
    MAX_APPROVALS_REQUIRED,
    export_record,
    set_approvals_required,
)
from app.statuses import (  # noqa: F401 - the state machine is part of this API
    DECISIONS,
    DEFAULT_APPROVALS_REQUIRED,
    NOTE_REQUIRED,
    STATUSES,
    TRANSITIONS,
    VOIDING,
    DecisionInputError,
    WorkflowError,
    allowed_actions,
    next_status,
)
from app.story_state import (  # noqa: F401 - reading state is part of this API
    Approval,
    ConflictError,
    Decision,
    StoryState,
    account_name,
    approvals_required,
    current_approvals,
    shared_account_warning,
    story_state,
)
from app.textio import clean_text

# ---------------------------------------------------------------------------------------
# Writing


def _need_note(action: str, note: str | None) -> str:
    note = (note or "").strip()
    if action in NOTE_REQUIRED and not note:
        raise DecisionInputError(f"{action.replace('_', ' ')} needs a note saying why")
    return note


def _check_version(
    state: StoryState, expected_version: int | None, expected_revision: str | None
) -> None:
    if expected_version is not None and state.version != expected_version:
        raise ConflictError(
            f"story {state.story_id} was changed by another desk since you read it "
            f"(version {expected_version}, now {state.version}): now {state.describe()}; "
            "nothing was changed, reload and decide again",
            state,
        )
    if expected_revision is not None and state.revision != expected_revision:
        raise ConflictError(
            f"story {state.story_id} is no longer revision {expected_revision[:12]}: "
            f"now {state.describe()}; nothing was changed",
            state,
        )


def _record(
    library: Library,
    state: StoryState,
    *,
    action: str,
    actor: str,
    new_status: str,
    note: str,
    details: dict[str, Any],
    updates: dict[str, Any] | None = None,
    new_revision: str | None = None,
) -> Event:
    """Write the state change and its event; the caller holds the transaction."""
    version = state.version + 1
    columns = {"status": new_status, "version": version, "updated_at": now_iso(),
               **(updates or {})}
    assignments = ", ".join(f"{name} = ?" for name in columns)
    cursor = library.conn.execute(
        f"UPDATE stories SET {assignments} WHERE id = ? AND version = ?",
        [*columns.values(), state.story_id, state.version],
    )
    if cursor.rowcount != 1:  # cannot happen under BEGIN IMMEDIATE; refuse rather than guess
        raise ConflictError(f"story {state.story_id} changed while being written", state)
    data = {"from": state.status, "to": new_status, "version": version, **details}
    user = os_user()
    if not same_reviewer(user, actor):
        data["os_user"] = user
    return audit.append_event(
        library, story_id=state.story_id, revision=new_revision or state.revision,
        actor=actor, action=action, note=note, data=data,
    )


def _transition(
    library: Library,
    story_id: str,
    action: str,
    actor: str,
    note: str | None = None,
    *,
    expected_version: int | None = None,
    expected_revision: str | None = None,
    details: dict[str, Any] | None = None,
) -> Decision:
    actor = clean_name(actor)
    note = _need_note(action, note)
    with library.transaction():
        state = story_state(library, story_id)
        _check_version(state, expected_version, expected_revision)
        if action == "approve" and state.status == "approved" and \
                len(state.approvals) < state.approvals_required:
            # approved before decisions were signed (or by approvals that no longer
            # verify): it may be approved again, now with signatures that count
            state = replace(state, status="in_review")
        approvers = list(state.approvers)
        if action == "approve" and state.status in TRANSITIONS["approve"]:
            needed = state.approvals_required - len(approvers)
            if not any(same_reviewer(a, actor) for a in approvers):
                approvers.append(actor)
            elif needed > 0:
                raise WorkflowError(
                    f"cannot approve: {actor} has already approved revision "
                    f"{state.revision[:12]} of story {story_id}, which is {state.status}; "
                    f"{needed} more approval(s) from other reviewers needed",
                    story_id, state.status,
                )
            # else: the rule was lowered since this reviewer approved; it now suffices
        new_status = next_status(state.status, action, approvals=len(approvers),
                                 required=state.approvals_required, story_id=story_id)
        voided = tuple(state.approvers) if action in VOIDING else ()
        extra = dict(details or {})
        warning = ""
        if action == "approve":
            extra.update(approvals=len(approvers), required=state.approvals_required)
            host = socket.gethostname()
            extra["host"] = host
            counted = state.approvals
            if len(approvers) > len(state.approvers):  # this approval counts as a new one
                me = Approval(actor, state.revision, "", 0, account_name(os_user(), host))
                counted = (*counted, me)
            warning = shared_account_warning(counted)
            if warning:
                extra["warning"] = warning  # kept in the log, not only shown once
        if voided:
            extra["voided"] = list(voided)
        event = _record(library, state, action=action, actor=actor, new_status=new_status,
                        note=note, details=extra)
    return Decision(
        story_id, action, actor, state.status, new_status, state.revision,
        state.version + 1, tuple(approvers) if action == "approve" else
        (() if voided else state.approvers),
        state.approvals_required, event, voided, warning=warning,
    )


def approve(library: Library, story_id: str, actor: str, note: str | None = None, *,
            expected_version: int | None = None,
            details: dict[str, Any] | None = None) -> Decision:
    """Approve the current revision. With four-eyes, the story becomes ``approved``
    only when enough distinct reviewers approved this same revision. ``details`` go
    into the event, e.g. ``open_items`` when approved despite what the gate lists."""
    return _transition(library, story_id, "approve", actor, note,
                       expected_version=expected_version, details=details)


def request_changes(library: Library, story_id: str, actor: str, note: str, *,
                    expected_version: int | None = None) -> Decision:
    """Send the story back to its writer; the note says what must change."""
    return _transition(library, story_id, "request_changes", actor, note,
                       expected_version=expected_version)


def reject(library: Library, story_id: str, actor: str, note: str, *,
           expected_version: int | None = None) -> Decision:
    """Kill the story. Final unless someone reopens it (with a note)."""
    return _transition(library, story_id, "reject", actor, note,
                       expected_version=expected_version)


def reopen(library: Library, story_id: str, actor: str, note: str, *,
           expected_version: int | None = None) -> Decision:
    """Put a rejected story, or one sent back, under review again."""
    return _transition(library, story_id, "reopen", actor, note,
                       expected_version=expected_version)


def start_review(library: Library, story_id: str, actor: str, note: str | None = None, *,
                 expected_version: int | None = None) -> Decision:
    """Take a new story into review (deciding on a new story does this implicitly)."""
    return _transition(library, story_id, "start_review", actor, note,
                       expected_version=expected_version)


def decide(library: Library, story_id: str, action: str, actor: str, note: str | None = None,
           *, expected_version: int | None = None,
           details: dict[str, Any] | None = None) -> Decision:
    """One of ``DECISIONS`` by name (what the CLI and the window's buttons call)."""
    if action not in DECISIONS:
        raise DecisionInputError(f"unknown decision {action!r}")
    return _transition(library, story_id, action, actor, note,
                       expected_version=expected_version, details=details)


# --- the export step --------------------------------------------------------------------


def mark_queued(library: Library, story_id: str, actor: str, *, revision: str | None = None,
                target: str = "", note: str = "") -> Decision:
    """An approved story enters the outbox (also a retry after ``export_failed``, or a
    re-export of a published one). ``revision`` is the revision being exported: if
    the story is no longer at it, ``ConflictError``."""
    return _transition(library, story_id, "queue", actor, note, expected_revision=revision,
                       details={"target": target} if target else None)


def mark_published(library: Library, story_id: str, actor: str, *, revision: str | None = None,
                   target: str = "", url: str = "", note: str = "") -> Decision:
    details = {k: v for k, v in (("target", target), ("url", url)) if v}
    return _transition(library, story_id, "publish", actor, note, expected_revision=revision,
                       details=details)


def mark_export_failed(library: Library, story_id: str, actor: str, reason: str, *,
                       revision: str | None = None, target: str = "") -> Decision:
    """The export gave up (a 4xx, or out of retries); ``reason`` is the server's message."""
    return _transition(library, story_id, "export_failed", actor, reason,
                       expected_revision=revision,
                       details={"target": target} if target else None)


def cancel_export(library: Library, story_id: str, actor: str, note: str = "") -> Decision:
    """Take a queued or failed story out of the outbox; it stays approved."""
    return _transition(library, story_id, "cancel_export", actor, note)


# --- edits and overrides ------------------------------------------------------------------


def save_edit(
    library: Library,
    story_id: str,
    title: str,
    dek: str,
    body: str,
    actor: str,
    expected_version: int | None,
    note: str | None = None,
) -> Decision:
    """Save edited text as a new revision (references are kept as they are).

    Approvals given to earlier revisions stop counting; overrides stay with the
    revision they were made on. Saving the same text again changes nothing
    (``changed`` is False). ``note`` (optional) says why, in the revision and the
    audit log's edit event.
    """
    actor = clean_name(actor)
    note = (clean_text(note)[0].strip() if note else "")
    # Pasted text brings what a file would: control characters, zero-width marks in [n].
    (title, _), (dek, _), (body, _) = clean_text(title), clean_text(dek), clean_text(body)
    title, dek = " ".join(title.split()), " ".join(dek.split())
    if not title or not body.strip():
        raise DecisionInputError("an edited story needs a title and a body")
    current = load_story(library, story_id)
    edited = replace(current, title=title, dek=dek, body=body)
    revision = edited.revision
    if revision == current.revision:
        state = story_state(library, story_id)
        _check_version(state, expected_version, None)
        return Decision(story_id, "edit", actor, state.status, state.status, revision,
                        state.version, state.approvers, state.approvals_required, None,
                        changed=False)
    # Outside the lock: checking can take a moment. The new revision's own overrides
    # count (an edit back to a text that was overridden before), so this one check
    # gives the queue's summary and the desk's report alike.
    report = check_story(edited, load_overrides(library, story_id, revision))
    with library.transaction() as conn:
        state = story_state(library, story_id)
        _check_version(state, expected_version, current.revision)
        new_status = next_status(state.status, "edit", story_id=story_id)
        seq = conn.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM revisions WHERE story_id = ?", [story_id]
        ).fetchone()[0]
        refs = [[r.n, r.publisher, r.title, r.url] for r in edited.references]
        conn.execute(
            "INSERT OR IGNORE INTO revisions (story_id, revision, seq, title, dek, body, "
            "references_json, created_at, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [story_id, revision, seq, title, dek, body, json.dumps(refs, ensure_ascii=False),
             now_iso(), actor, note],
        )
        voided = state.approvers
        details: dict[str, Any] = {"previous_revision": state.revision}
        if voided:
            details["voided"] = list(voided)
        event = _record(
            library, state, action="edit", actor=actor, new_status=new_status, note=note,
            details=details, new_revision=revision,
            updates={
                "title": title, "dek": dek, "body": body, "revision": revision,
                "summary": json.dumps(report.summary),
                "blockers": report.count("blocker"),
                "warnings": report.count("warning"),
            },
        )
    return Decision(story_id, "edit", actor, state.status, new_status, revision,
                    state.version + 1, (), state.approvals_required, event, voided,
                    report=report)


def override_verdict(
    library: Library,
    story_id: str,
    revision: str,
    claim_index: int,
    n: int,
    verdict: str,
    note: str,
    actor: str,
    *,
    expected_version: int | None = None,
    refresh: bool = True,
) -> Decision:
    """Set a citation's verdict by hand on one revision, with the note that justifies it."""
    actor = clean_name(actor)
    note = _need_note("override", note)
    if verdict not in VERDICTS:
        raise DecisionInputError(
            f"unknown verdict {verdict!r} (one of: {', '.join(VERDICTS)})")
    current = load_story(library, story_id)
    if revision != current.revision:
        known = library.conn.execute(
            "SELECT 1 FROM revisions WHERE story_id = ? AND revision = ?", [story_id, revision]
        ).fetchone()
        if not known:
            raise DecisionInputError(f"story {story_id} has no revision {revision[:12]}")
        # an older revision: say so now, before its claims are compared with the
        # current text's (which would give a misleading "does not cite")
        _check_version(story_state(library, story_id), None, revision)
    claims = [s for s in split_sentences(current.body) if s.is_claim]
    if not 0 <= claim_index < len(claims):
        raise DecisionInputError(
            f"story {story_id} has no claim {claim_index} (it has {len(claims)})")
    if n not in claims[claim_index].cited:
        raise DecisionInputError(f"claim {claim_index} does not cite reference [{n}]")
    with library.transaction() as conn:
        state = story_state(library, story_id)
        _check_version(state, expected_version, revision)
        new_status = next_status(state.status, "override", story_id=story_id)
        before = conn.execute(
            "SELECT verdict FROM overrides WHERE story_id = ? AND revision = ? "
            "AND claim_index = ? AND n = ?", [story_id, revision, claim_index, n],
        ).fetchone()
        at = now_iso()
        conn.execute(
            "INSERT OR REPLACE INTO overrides (story_id, revision, claim_index, n, verdict, "
            "note, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [story_id, revision, claim_index, n, verdict, note, actor, at],
        )
        details = {"claim": claim_index, "n": n, "verdict": verdict}
        if before:
            details["previous_verdict"] = before[0]
        event = _record(library, state, action="override", actor=actor,
                        new_status=new_status, note=note, details=details)
    if refresh:
        refresh_summary(library, story_id)
    return Decision(story_id, "override", actor, state.status, new_status, revision,
                    state.version + 1, state.approvers, state.approvals_required, event)
