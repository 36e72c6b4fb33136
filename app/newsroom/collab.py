"""Working together: assignments, comment threads on claims, choosing between edits,
and who else has a story open.

Assignments, comments and choices are events like decisions: saved in the library
first (so they work offline), queued for the newsroom, applied there by its rules.
Who has a story open needs the server (an advisory lock with an expiry); offline a
desk says it cannot tell.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from app import audit
from app.errors import NotFoundError
from app.identity import clean_name
from app.library.db import Library
from app.library.stories import now_iso, refresh_summary
from app.newsroom.connection import NewsroomError, connect, load_password
from app.newsroom.desk import require_desk
from app.newsroom.passwords import PasswordStore
from app.sentences import split_sentences
from app.workflow import DecisionInputError

MAX_COMMENT = 10_000
LOCK_MINUTES = 15


@dataclass(frozen=True)
class Comment:
    id: str
    story_id: str
    revision: str
    claim_index: int
    parent_id: str
    author: str
    body: str
    at: str
    resolved_by: str
    resolved_at: str


@dataclass(frozen=True)
class Holder:
    """Someone else who has the story open, until ``expires_at``."""

    name: str
    desk: str
    editing: bool
    expires_at: datetime


def _story(library: Library, story_id: str) -> tuple[str, str]:
    row = library.conn.execute("SELECT revision, body FROM stories WHERE id = ?",
                               [story_id]).fetchone()
    if row is None:
        raise NotFoundError(f"{story_id}: no such story in the library")
    return str(row[0]), str(row[1])


def assign(library: Library, story_id: str, assignee: str, actor: str) -> None:
    """Give the story to a reviewer (the newsroom checks the name and who may)."""
    assignee, actor = clean_name(assignee), clean_name(actor)
    revision, _ = _story(library, story_id)
    at = now_iso()
    with library.transaction() as db:
        db.execute(
            "INSERT INTO assignments (story_id, assignee, assigned_by, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (story_id) DO UPDATE SET assignee = excluded.assignee, "
            "assigned_by = excluded.assigned_by, at = excluded.at",
            [story_id, assignee, actor, at])
        audit.append_event(library, story_id=story_id, revision=revision, actor=actor,
                           action="assign", data={"assignee": assignee})


def assigned_to(library: Library, name: str) -> list[tuple[str, str, str]]:
    """(story id, status, title) of the stories assigned to ``name``, newest first."""
    return [tuple(r) for r in library.conn.execute(  # type: ignore[misc]
        "SELECT s.id, s.status, s.title FROM assignments a JOIN stories s ON s.id = a.story_id "
        "WHERE lower(a.assignee) = lower(?) ORDER BY a.at DESC", [clean_name(name)])]


def add_comment(library: Library, story_id: str, claim_index: int, text: str, actor: str,
                parent_id: str = "") -> Comment:
    """A comment on one claim of the story's current revision (a reply: ``parent_id``)."""
    actor = clean_name(actor)
    text = text.strip()
    if not text or len(text) > MAX_COMMENT:
        raise DecisionInputError(f"a comment is 1 to {MAX_COMMENT} characters")
    revision, body = _story(library, story_id)
    claims = [s for s in split_sentences(body) if s.is_claim]
    if not 0 <= claim_index < len(claims):
        raise DecisionInputError(
            f"story {story_id} has no claim {claim_index} (it has {len(claims)})")
    if parent_id and not library.conn.execute(
            "SELECT 1 FROM comments WHERE id = ? AND story_id = ?", [parent_id, story_id]
    ).fetchone():
        raise DecisionInputError(f"story {story_id} has no comment {parent_id}")
    comment = Comment(uuid.uuid4().hex, story_id, revision, claim_index, parent_id, actor,
                      text, audit.event_time(), "", "")
    with library.transaction() as db:
        db.execute("INSERT INTO comments (id, story_id, revision, claim_index, parent_id, "
                   "author, body, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [comment.id, story_id, revision, claim_index, parent_id, actor, text,
                    comment.at])
        audit.append_event(library, story_id=story_id, revision=revision, actor=actor,
                           action="comment", at=comment.at,
                           data={"comment_id": comment.id, "claim": claim_index,
                                 "text": text, "parent": parent_id})
    return comment


def resolve_comment(library: Library, comment_id: str, actor: str) -> Comment:
    actor = clean_name(actor)
    found = [c for c in _comments(library, "id = ?", [comment_id])]
    if not found:
        raise NotFoundError(f"{comment_id}: no such comment")
    comment = found[0]
    if comment.resolved_by:
        raise DecisionInputError(f"comment {comment_id} was resolved by {comment.resolved_by}")
    at = audit.event_time()
    with library.transaction() as db:
        db.execute("UPDATE comments SET resolved_by = ?, resolved_at = ? WHERE id = ?",
                   [actor, at, comment_id])
        audit.append_event(library, story_id=comment.story_id, revision=comment.revision,
                           actor=actor, action="resolve_comment", at=at,
                           data={"comment_id": comment_id})
    return _comments(library, "id = ?", [comment_id])[0]


def comments(library: Library, story_id: str) -> list[Comment]:
    """The story's comments, by claim, oldest first (a thread reads top down)."""
    return _comments(library, "story_id = ?", [story_id])


def _comments(library: Library, where: str, params: list[object]) -> list[Comment]:
    rows = library.conn.execute(
        "SELECT id, story_id, revision, claim_index, parent_id, author, body, at, resolved_by, "
        f"resolved_at FROM comments WHERE {where} ORDER BY claim_index, at, id", params)
    return [Comment(*r) for r in rows]


def choose_revision(library: Library, story_id: str, revision: str, actor: str) -> str:
    """An editor settles an edit conflict: the story takes ``revision`` (a prefix will do)."""
    actor = clean_name(actor)
    _story(library, story_id)
    rows = library.conn.execute(
        "SELECT revision, title, dek, body FROM revisions WHERE story_id = ? AND revision LIKE ?",
        [story_id, revision.strip().lower() + "%"]).fetchall()
    if len(rows) != 1:
        raise DecisionInputError(f"story {story_id} has {'no' if not rows else 'more than one'} "
                                 f"revision starting {revision}")
    chosen, title, dek, body = rows[0]
    with library.transaction() as db:
        db.execute("UPDATE stories SET title = ?, dek = ?, body = ?, revision = ?, "
                   "version = version + 1, updated_at = ?, status = CASE WHEN status = 'new' "
                   "THEN 'new' ELSE 'in_review' END WHERE id = ?",
                   [title, dek, body, chosen, now_iso(), story_id])
        audit.append_event(library, story_id=story_id, revision=chosen, actor=actor,
                           action="choose_revision", data={"revision": chosen})
    refresh_summary(library, story_id)
    return str(chosen)


def conflict_of(library: Library, story_id: str) -> list[str]:
    """The revisions an editor must choose between, as the newsroom last said; [] if none."""
    import json

    row = library.conn.execute("SELECT conflict, conflict_revisions FROM newsroom_stories "
                               "WHERE story_id = ?", [story_id]).fetchone()
    return list(json.loads(row[1])) if row and row[0] else []


def open_story(library: Library, story_id: str, *, editing: bool = False,
               minutes: float = LOCK_MINUTES, store: PasswordStore | None = None
               ) -> list[Holder]:
    """Tell the newsroom this desk has the story open (``minutes`` 0: closed it) and
    return who else has it open. Needs the server: ``NewsroomOffline`` otherwise."""
    config = require_desk(library)
    _story(library, story_id)
    if not 0 <= minutes <= 24 * 60:
        raise NewsroomError("a lock lasts 0 to 1440 minutes")
    with connect(config.url, load_password(config.url, store), autocommit=True) as conn:
        rows = conn.execute("SELECT * FROM copydesk.open_story(%s, %s, %s, %s)",
                            [config.desk_id, story_id, editing, int(minutes * 60)]).fetchall()
    return [Holder(*r) for r in rows]
