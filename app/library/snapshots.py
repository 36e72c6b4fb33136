"""Snapshots in the library: one row per kept page text, shared by every story citing it."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from app.library.db import Library
from app.model import Snapshot

_COLUMNS = [f.name for f in fields(Snapshot)]


def save_snapshot(library: Library, snapshot: Snapshot) -> int:
    """Insert a snapshot row and return its id (call inside a transaction)."""
    row = asdict(snapshot)
    cursor = library.conn.execute(
        f"INSERT INTO snapshots ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
        [row[c] for c in _COLUMNS],
    )
    return int(cursor.lastrowid or 0)


def snapshot_from_row(row: dict[str, Any] | None) -> Snapshot | None:
    if not row or row.get("url") is None:
        return None
    values = {c: row[c] for c in _COLUMNS if c in row and row[c] is not None}
    return Snapshot(**values)


def latest_ok_snapshot(library: Library, url: str) -> tuple[int, Snapshot] | None:
    """The newest usable snapshot of ``url`` from any story, so a page is fetched once.

    Only pages Copydesk fetched or a reviewer attached are shared: text that arrived
    inside a story bundle is that story's own claim about the page, written by the same
    pipeline as the story, and must not vouch for other stories.
    """
    row = library.conn.execute(
        "SELECT * FROM snapshots WHERE url = ? AND status = 'ok' "
        "AND how IN ('fetched', 'attached') ORDER BY id DESC LIMIT 1",
        [url],
    ).fetchone()
    if row is None:
        return None
    names = [d[0] for d in library.conn.execute("SELECT * FROM snapshots LIMIT 0").description]
    data = dict(zip(names, row, strict=True))
    snapshot = snapshot_from_row(data)
    return (int(data["id"]), snapshot) if snapshot else None


def link_snapshot(
    library: Library, story_id: str, n: int, snapshot_id: int, url: str | None = None
) -> int:
    """Point reference [n] of a story at a snapshot; returns rows changed.

    With ``url``, only the entries [n] that cite that page: a story listing two
    different references under one number must not get one page for both.
    """
    sql = "UPDATE story_references SET snapshot_id = ? WHERE story_id = ? AND n = ?"
    params: list[object] = [snapshot_id, story_id, n]
    if url is not None:
        sql += " AND url = ?"
        params.append(url)
    return library.conn.execute(sql, params).rowcount
