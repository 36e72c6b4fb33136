"""The review queue's filters and sorts over the stored verdict counts."""

from __future__ import annotations

import json

import pytest

from app.library import Library
from app.library.queue import (
    QUEUE_FILTERS,
    count_queue,
    list_queue,
    matches_filter,
    open_items,
    queue_row,
    sort_key,
)

ROWS = [
    # id, status, summary, blockers
    ("contra", "new", {"citations": 3, "supported": 1, "contradicted": 1, "partial": 1}, 0),
    ("unchecked", "in_review", {"citations": 2, "supported": 1, "unavailable": 1}, 0),
    ("clean", "new", {"citations": 2, "supported": 2}, 0),
    ("blocked", "changes_requested", {"citations": 1, "supported": 1}, 2),
    ("approved", "approved", {"citations": 4, "supported": 1, "contradicted": 3}, 1),
    ("rejected", "rejected", {"citations": 1, "supported": 0, "unsupported": 1}, 0),
    ("old", "new", {}, 0),  # never checked: no counts at all
]


@pytest.fixture
def library(tmp_path):
    library = Library(tmp_path / "queue.sqlite3")
    with library.transaction() as conn:
        conn.executemany(
            "INSERT INTO stories (id, title, dek, body, status, revision, updated_at, summary, "
            "blockers) VALUES (?, ?, '', 'body', ?, ?, ?, ?, ?)",
            [(sid, f"Story {sid}", status, f"r{i}", f"2026-01-01T00:00:{i:02d}Z",
              json.dumps(summary), blockers)
             for i, (sid, status, summary, blockers) in enumerate(ROWS)])
    yield library
    library.close()


def ids(rows) -> list[str]:
    return [r.id for r in rows]


def test_filters_by_what_is_open(library):
    assert set(ids(list_queue(library, triage="contradicted"))) == {"contra", "approved"}
    assert ids(list_queue(library, triage="unchecked")) == ["unchecked"]
    # awaiting a decision, with a citation not supported or a blocker
    assert set(ids(list_queue(library, triage="needs_review"))) == {
        "contra", "unchecked", "blocked"}
    assert count_queue(library, triage="needs_review") == 3
    assert count_queue(library) == len(ROWS)
    assert count_queue(library, status="approved", triage="contradicted") == 1
    with pytest.raises(ValueError):
        list_queue(library, triage="risky")


def test_sql_and_python_agree_on_filters_and_open_counts(library):
    rows = {r.id: r for r in list_queue(library)}
    for triage in QUEUE_FILTERS:
        assert {r.id for r in list_queue(library, triage=triage)} == {
            i for i, r in rows.items() if matches_filter(r, triage)}
        for story_id, row in rows.items():
            found = queue_row(library, story_id, triage=triage)
            assert (found is not None) == matches_filter(row, triage)
    assert open_items(rows["contra"]) == 2
    assert open_items(rows["blocked"]) == 2
    assert open_items(rows["approved"]) == 4
    assert open_items(rows["old"]) == 0


def test_sorted_by_open_then_time_both_ways(library):
    down = list_queue(library, sort="open")
    assert [open_items(r) for r in down] == sorted((open_items(r) for r in down), reverse=True)
    assert down[0].id == "approved"
    up = list_queue(library, sort="open", descending=False)
    assert ids(up) == ids(down)[::-1]
    # a page at a time gives the same order
    paged = list_queue(library, sort="open", limit=3) + list_queue(library, sort="open",
                                                                   limit=3, offset=3)
    assert ids(paged) == ids(down)[:6]
    for sort in ("updated", "open", "title", "status"):
        rows = list_queue(library, sort=sort)
        keys = [sort_key(r, sort) for r in rows]
        assert keys == sorted(keys, reverse=True), sort
