"""The outbox table as the rest of Copydesk reads it: rows, counts, frozen payloads.

Split from the outbox's queueing and sending (``app.publish.outbox``) so that both, and
the window's outbox list, read rows through one place.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from app.errors import CopydeskError, NotFoundError
from app.library import Library

#: States of a row that is still on its way (or stopped, waiting for a person).
ACTIVE = ("pending", "sending", "failed", "needs_credentials")


class ExportRefused(CopydeskError):
    """The story cannot be exported now; the message says why."""


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


def frozen_payload(library: Library, row_id: int) -> dict[str, Any]:
    found = library.conn.execute("SELECT payload, payload_sha256 FROM outbox WHERE id = ?",
                                 [row_id]).fetchone()
    if found is None:
        raise NotFoundError(f"outbox has no export {row_id}")
    if hashlib.sha256(found[0].encode("utf-8")).hexdigest() != found[1]:
        raise CopydeskError(f"outbox export {row_id}: the frozen payload was altered")
    return dict(json.loads(found[0]))


def active_others(library: Library, row: OutboxRow) -> int:
    """Rows of the same story revision still on their way, besides ``row``."""
    return int(library.conn.execute(
        f"SELECT COUNT(*) FROM outbox WHERE story_id = ? AND revision = ? AND id != ? "
        f"AND state IN ({','.join('?' * len(ACTIVE))})",
        [row.story_id, row.revision, row.id, *ACTIVE]).fetchone()[0])
