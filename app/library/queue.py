"""The review queue: stories filtered by what is still open on them, and sorted.

Everything here reads the verdict counts each story keeps in ``stories.summary`` (from
its last check) and its blocker count, so filtering or sorting ten thousand stories
never checks one. A story checked before the ``contradicted`` verdict existed simply
has no such count: it is not "Has contradicted" until it is checked again.
"""

from __future__ import annotations

import json
from typing import Any

from app.library.db import Library
from app.library.stories import StoryRow, story_filter
from app.statuses import STATUSES

# What the queue's filter can ask for (None: every story).
QUEUE_FILTERS = ("contradicted", "unchecked", "needs_review")
# Statuses still waiting for a decision: "needs review" leaves out approved, exported
# and rejected stories, whatever their citations say.
AWAITING_DECISION = ("new", "in_review", "changes_requested")
QUEUE_SORTS = ("updated", "open", "title", "status")


def _count(name: str) -> str:
    return f"COALESCE(json_extract(s.summary, '$.{name}'), 0)"


# Citations that are not supported (whatever the verdict, pending checks excluded),
# plus blocker findings. The same sum as ``open_items``.
OPEN_SQL = (f"(MAX({_count('citations')} - {_count('supported')}, 0) "
            "+ COALESCE(s.blockers, 0))")

_FILTER_SQL = {
    "contradicted": f"{_count('contradicted')} > 0",
    "unchecked": f"{_count('unavailable')} > 0",
    "needs_review": (f"s.status IN ({', '.join(repr(s) for s in AWAITING_DECISION)}) "
                     f"AND {OPEN_SQL} > 0"),
}

_STATUS_ORDER = "CASE s.status " + " ".join(
    f"WHEN '{s}' THEN {i}" for i, s in enumerate(STATUSES)) + f" ELSE {len(STATUSES)} END"
_SORT_SQL = {
    "updated": "s.updated_at",
    "open": OPEN_SQL,
    "title": "s.title COLLATE NOCASE",
    "status": _STATUS_ORDER,
}

_COLUMNS = ("s.id, s.title, s.status, s.updated_at, s.revision, s.summary, s.blockers, "
            "s.warnings")


def open_items(row: StoryRow) -> int:
    """Citations not supported plus blocker findings: what a reviewer still has to settle."""
    s = row.summary
    return max(int(s.get("citations", 0)) - int(s.get("supported", 0)), 0) + row.blockers


def matches_filter(row: StoryRow, triage: str | None) -> bool:
    """The filter's test on one row, as the SQL of ``list_queue`` applies it."""
    s = row.summary
    if triage == "contradicted":
        return int(s.get("contradicted", 0)) > 0
    if triage == "unchecked":
        return int(s.get("unavailable", 0)) > 0
    if triage == "needs_review":
        return row.status in AWAITING_DECISION and open_items(row) > 0
    return True


def sort_key(row: StoryRow, sort: str) -> tuple[Any, ...]:
    """The order ``list_queue`` gives, for placing one changed row among loaded ones
    (ties then go by time; the SQL's last tie-break, the row id, is not in a row)."""
    if sort == "open":
        return (open_items(row), row.updated_at)
    if sort == "title":
        return (row.title.casefold(), row.updated_at)
    if sort == "status":
        order = STATUSES.index(row.status) if row.status in STATUSES else len(STATUSES)
        return (order, row.updated_at)
    return (row.updated_at,)


def _where(status: str | None, query: str | None, triage: str | None,
           story_id: str | None = None, assignee: str | None = None) -> tuple[str, list[Any]]:
    where, params = story_filter(status, query)
    if triage:
        if triage not in _FILTER_SQL:
            raise ValueError(f"unknown queue filter {triage!r}; one of {QUEUE_FILTERS}")
        where.append(_FILTER_SQL[triage])
    if assignee:  # a newsroom's "assigned to me" (names as app.newsroom.collab.assign keeps)
        where.append("s.id IN (SELECT story_id FROM assignments WHERE lower(assignee) = "
                     "lower(?))")
        params.append(assignee)
    if story_id is not None:
        where.append("s.id = ?")
        params.append(story_id)
    return (" WHERE " + " AND ".join(where)) if where else "", params


def _story_row(r: tuple[Any, ...]) -> StoryRow:
    return StoryRow(r[0], r[1], r[2], r[3], r[4], json.loads(r[5] or "{}"), r[6] or 0,
                    r[7] or 0)


def list_queue(library: Library, status: str | None = None, query: str | None = None,
               triage: str | None = None, sort: str = "updated", descending: bool = True,
               limit: int | None = None, offset: int = 0,
               assignee: str | None = None) -> list[StoryRow]:
    """Stories by status, FTS query, queue filter (``QUEUE_FILTERS``) and assignee, in
    ``sort`` order (``QUEUE_SORTS``); ties by time, in the same direction."""
    if sort not in _SORT_SQL:
        raise ValueError(f"unknown queue sort {sort!r}; one of {QUEUE_SORTS}")
    where, params = _where(status, query, triage, assignee=assignee)
    direction = "DESC" if descending else "ASC"
    sql = f"SELECT {_COLUMNS} FROM stories s{where}"
    if sort == "updated" and descending and query and query.strip():
        # Newest-imported first: walking rowids backwards and probing the FTS match set
        # stops after one page (as ``list_stories`` does).
        sql += " ORDER BY s.rowid DESC"
    else:
        sql += (f" ORDER BY {_SORT_SQL[sort]} {direction}, s.updated_at {direction}, "
                f"s.rowid {direction}")
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [_story_row(r) for r in library.conn.execute(sql, params).fetchall()]


def count_queue(library: Library, status: str | None = None, query: str | None = None,
                triage: str | None = None, assignee: str | None = None) -> int:
    where, params = _where(status, query, triage, assignee=assignee)
    return int(library.conn.execute(f"SELECT COUNT(*) FROM stories s{where}",
                                    params).fetchone()[0])


def queue_row(library: Library, story_id: str, status: str | None = None,
              query: str | None = None, triage: str | None = None,
              assignee: str | None = None) -> StoryRow | None:
    """One story's row, or None when it is gone or no longer matches the filters."""
    where, params = _where(status, query, triage, story_id, assignee)
    r = library.conn.execute(f"SELECT {_COLUMNS} FROM stories s{where}", params).fetchone()
    return None if r is None else _story_row(r)
