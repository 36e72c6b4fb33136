"""Stories in the library: import (all-or-nothing, idempotent), load, list, search."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from app.changes import NOTHING, Changes, for_action
from app.errors import NotFoundError
from app.identity import reviewer_name
from app.library.db import Library
from app.library.snapshots import (
    latest_ok_snapshot,
    save_snapshot,
    snapshot_from_row,
)
from app.model import Finding, Override, Reference, Report, Story
from app.statuses import STATUSES, next_status  # noqa: F401 - STATUSES: part of this API


def check_story(story: Story, overrides: dict[tuple[int, int], Override] | None = None
                ) -> Report:
    """``app.check.check_story``, imported on first use: reading or listing stories
    needs neither the checks nor the scorer they load."""
    from app.check import check_story as check

    return check(story, overrides)




def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class ImportResult:
    """What importing one file did: ``imported``, ``updated`` or ``already there``."""

    story_id: str
    status: str
    title: str
    revision: str
    warnings: tuple[str, ...] = ()

    @property
    def changes(self) -> Changes:
        """What the import changed (``app.changes``): nothing when already there."""
        if self.status == "already there":
            return NOTHING
        return for_action(self.story_id, "import")


@dataclass(frozen=True)
class StoryRow:
    """A line of the queue: enough to list a story without loading its body."""

    id: str
    title: str
    status: str
    updated_at: str
    revision: str
    summary: dict[str, int]
    blockers: int
    warnings: int


def story_id_for(story: Story) -> str:
    """The bundle's own id, else a stable id from the imported text."""
    return story.id or story.revision[:12]


def import_story(
    library: Library, story: Story, source_name: str = "", actor: str | None = None
) -> ImportResult:
    """Add a parsed story to the library in one transaction.

    The same text again is reported as ``already there``; a bundle whose id is known
    but whose text changed becomes a new revision of that story (``updated``). Either
    is recorded in the audit log as an ``import`` event by ``actor`` (default: the
    configured reviewer), which also voids approvals of the earlier text.
    """
    actor = reviewer_name(actor)
    revision = story.revision
    story_id = story_id_for(story)
    known_sql = ("SELECT story_id FROM revisions WHERE revision = ? AND (story_id = ? OR ? = '')",
                 [revision, story_id, story.id])
    known = library.conn.execute(*known_sql).fetchone()
    if known:
        return ImportResult(known[0], "already there", story.title, revision, story.warnings)
    # Checked before the write lock is taken: scoring a long story against its sources
    # takes a moment, and other desks on a shared library must not wait for it.
    linked, lent = _with_known_snapshots(library, story)
    report = check_story(linked)
    with library.transaction() as conn:
        known = conn.execute(*known_sql).fetchone()  # another desk may have been first
        if known:
            return ImportResult(known[0], "already there", story.title, revision, story.warnings)
        exists = conn.execute(
            "SELECT status, version FROM stories WHERE id = ?", [story_id]
        ).fetchone()
        status = "new"
        if exists:
            # A new text by import is an edit: the workflow decides whether the story
            # may change now (not while queued for export, not once rejected).
            status = next_status(exists[0], "edit", story_id=story_id)
        stamp = now_iso()
        summary = json.dumps(report.summary)
        blockers = report.count("blocker")
        warnings = report.count("warning")
        parse_findings = json.dumps([f.as_dict() for f in story.parse_findings])
        if exists:
            conn.execute(
                "UPDATE stories SET title=?, dek=?, body=?, revision=?, version=version+1, "
                "updated_at=?, summary=?, blockers=?, warnings=?, boilerplate=?, "
                "parse_findings=?, input_warnings=?, status=? WHERE id=?",
                [story.title, story.dek, story.body, revision, stamp, summary, blockers,
                 warnings, story.boilerplate, parse_findings, json.dumps(story.warnings),
                 status, story_id],
            )
            conn.execute("DELETE FROM story_references WHERE story_id = ?", [story_id])
        else:
            conn.execute(
                "INSERT INTO stories (id, title, dek, body, status, origin, source_name, "
                "revision, imported_revision, version, created_at, updated_at, summary, "
                "blockers, warnings, boilerplate, parse_findings, input_warnings) "
                "VALUES (?, ?, ?, ?, 'new', ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
                [story_id, story.title, story.dek, story.body, story.origin, source_name,
                 revision, revision, stamp, stamp, summary, blockers, warnings,
                 story.boilerplate, parse_findings, json.dumps(story.warnings)],
            )
        _insert_revision(library, story_id, story, actor, f"imported from {source_name}")
        details: dict[str, Any] = {"to": status, "version": exists[1] + 1 if exists else 1}
        if exists:
            details.update({"from": exists[0], "updated": True})
        if source_name:
            details["source"] = source_name
        from app import audit  # the signed log: keys and signing, for writes only

        audit.append_event(library, story_id=story_id, revision=revision, actor=actor,
                           action="import", data=details)
        for position, ref in enumerate(linked.references):
            snapshot_id = lent.get(position)
            if snapshot_id is None and ref.snapshot is not None:
                snapshot_id = save_snapshot(library, ref.snapshot)  # carried by the file
            conn.execute(
                "INSERT INTO story_references (story_id, position, n, publisher, title, url, "
                "snapshot_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [story_id, position, ref.n, ref.publisher, ref.title, ref.url, snapshot_id],
            )
    return ImportResult(
        story_id, "updated" if exists else "imported", story.title, revision, story.warnings
    )


def _insert_revision(
    library: Library, story_id: str, story: Story, actor: str, note: str
) -> None:
    seq = library.conn.execute(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM revisions WHERE story_id = ?", [story_id]
    ).fetchone()[0]
    refs = [[r.n, r.publisher, r.title, r.url] for r in story.references]
    library.conn.execute(
        "INSERT OR IGNORE INTO revisions (story_id, revision, seq, title, dek, body, "
        "references_json, created_at, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [story_id, story.revision, seq, story.title, story.dek, story.body,
         json.dumps(refs, ensure_ascii=False), now_iso(), actor, note],
    )


def _with_known_snapshots(library: Library, story: Story) -> tuple[Story, dict[int, int]]:
    """Give references without a snapshot the library's kept copy of the same URL.

    Also returns, by reference position, the id of each copy lent, so the import links
    exactly the copy it checked (a newer fetch landing meanwhile is left for later)."""
    references = []
    lent: dict[int, int] = {}
    for position, ref in enumerate(story.references):
        if ref.snapshot is None and ref.url:
            found = latest_ok_snapshot(library, ref.url)
            if found:
                ref = replace(ref, snapshot=found[1])
                lent[position] = found[0]
        references.append(ref)
    return replace(story, references=tuple(references)), lent


def resolve_story_id(library: Library, key: str) -> str:
    """A full id, or a unique prefix of one (at least 4 characters)."""
    row = library.conn.execute("SELECT id FROM stories WHERE id = ?", [key]).fetchone()
    if row:
        return str(row[0])
    if len(key) >= 4:
        rows = library.conn.execute(
            "SELECT id FROM stories WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
            [key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"],
        ).fetchall()
        if len(rows) == 1:
            return str(rows[0][0])
        if len(rows) > 1:
            raise NotFoundError(f"{key}: more than one story id starts with this; give more of it")
    raise NotFoundError(f"{key}: no such story in the library")


def load_story(library: Library, story_id: str) -> Story:
    """The story's current revision with references and their snapshots."""
    row = _row(library, "SELECT * FROM stories WHERE id = ?", [story_id])
    if row is None:
        raise NotFoundError(f"{story_id}: no such story in the library")
    cursor = library.conn.execute(
        "SELECT r.n, r.publisher, r.title AS ref_title, r.url AS ref_url, s.* "
        "FROM story_references r LEFT JOIN snapshots s ON s.id = r.snapshot_id "
        "WHERE r.story_id = ? ORDER BY r.position",
        [story_id],
    )
    names = [d[0] for d in cursor.description]
    references = []
    for values in cursor.fetchall():
        data = dict(zip(names, values, strict=True))
        references.append(Reference(
            n=data["n"], publisher=data["publisher"] or "", title=data["ref_title"] or "",
            url=data["ref_url"] or "", snapshot=snapshot_from_row(data),
        ))
    findings = tuple(
        Finding(f["kind"], f["severity"], f["message"])
        for f in json.loads(row["parse_findings"] or "[]")
    )
    return Story(
        title=row["title"], dek=row["dek"] or "", body=row["body"],
        references=tuple(references), origin=row["origin"] or "", id=row["id"],
        boilerplate=row["boilerplate"] or "", parse_findings=findings,
        warnings=tuple(json.loads(row["input_warnings"] or "[]")),
    )


def load_overrides(
    library: Library, story_id: str, revision: str
) -> dict[tuple[int, int], Override]:
    rows = library.conn.execute(
        "SELECT claim_index, n, verdict, note, actor, at FROM overrides "
        "WHERE story_id = ? AND revision = ?",
        [story_id, revision],
    ).fetchall()
    return {(r[0], r[1]): Override(r[2], r[3], r[4], r[5]) for r in rows}


def story_status(library: Library, story_id: str) -> str:
    row = library.conn.execute("SELECT status FROM stories WHERE id = ?", [story_id]).fetchone()
    if row is None:
        raise NotFoundError(f"{story_id}: no such story in the library")
    return str(row[0])


def refresh_summary(library: Library, story_id: str) -> dict[str, int]:
    """Re-check the story and store its verdict counts for the queue."""
    story = load_story(library, story_id)
    report = check_story(story, load_overrides(library, story_id, story.revision))
    with library.transaction() as conn:
        # Only if the text is still the one checked: another desk may have saved an edit.
        conn.execute(
            "UPDATE stories SET summary = ?, blockers = ?, warnings = ? "
            "WHERE id = ? AND revision = ?",
            [json.dumps(report.summary),
             report.count("blocker"),
             report.count("warning"), story_id,
             story.revision],
        )
    return report.summary


def list_stories(
    library: Library,
    status: str | None = None,
    query: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[StoryRow]:
    """Stories newest first, optionally filtered by status and an FTS5 query."""
    sql, params = _list_sql(status, query, "s.id, s.title, s.status, s.updated_at, "
                            "s.revision, s.summary, s.blockers, s.warnings")
    # Search results come newest-imported first: walking rowids backwards and probing
    # the FTS match set stops after one page, where sorting every match by time would
    # read each matching row (16 ms instead of 1 ms on 10,000 stories).
    if query and query.strip():
        sql += " ORDER BY s.rowid DESC"
    else:
        sql += " ORDER BY s.updated_at DESC, s.rowid DESC"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [
        StoryRow(r[0], r[1], r[2], r[3], r[4], json.loads(r[5] or "{}"), r[6] or 0, r[7] or 0)
        for r in library.conn.execute(sql, params).fetchall()
    ]


def count_stories(library: Library, status: str | None = None, query: str | None = None) -> int:
    sql, params = _list_sql(status, query, "COUNT(*)")
    return int(library.conn.execute(sql, params).fetchone()[0])


def story_filter(status: str | None, query: str | None) -> tuple[list[str], list[Any]]:
    """SQL conditions (on ``stories s``) and their parameters for a status and a search;
    the queue adds its own filters to them."""
    where: list[str] = []
    params: list[Any] = []
    if query and query.strip():
        where.append("s.rowid IN (SELECT rowid FROM stories_fts WHERE stories_fts MATCH ?)")
        params.append(fts_query(query))
    if status:
        where.append("s.status = ?")
        params.append(status)
    return where, params


def _list_sql(status: str | None, query: str | None, columns: str) -> tuple[str, list[Any]]:
    sql = f"SELECT {columns} FROM stories s"
    where, params = story_filter(status, query)
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql, params


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: every word must occur, prefixes allowed."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w]
    return " ".join(f'"{w}"*' for w in words) or '""'


def _row(library: Library, sql: str, params: list[Any]) -> dict[str, Any] | None:
    cursor = library.conn.execute(sql, params)
    values = cursor.fetchone()
    if values is None:
        return None
    return dict(zip([d[0] for d in cursor.description], values, strict=True))


def content_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class RevisionInfo:
    """One saved text of a story, for choosing what to compare."""

    revision: str
    seq: int  # 1 is the imported original
    created_at: str
    actor: str
    note: str


def list_revisions(library: Library, story_id: str) -> list[RevisionInfo]:
    """The story's revisions, oldest first."""
    rows = library.conn.execute(
        "SELECT revision, seq, created_at, actor, note FROM revisions WHERE story_id = ? "
        "ORDER BY seq", [story_id]).fetchall()
    return [RevisionInfo(r[0], int(r[1]), r[2] or "", r[3] or "", r[4] or "") for r in rows]


def revision_text(library: Library, story_id: str, revision: str) -> str:
    """A revision's title, standfirst and body as one text, as a diff compares them."""
    row = library.conn.execute(
        "SELECT title, dek, body FROM revisions WHERE story_id = ? AND revision = ?",
        [story_id, revision]).fetchone()
    if row is None:
        raise NotFoundError(f"story {story_id} has no revision {revision[:12]}")
    return "\n\n".join(part for part in row if part)


def compare_revisions(library: Library, story_id: str, older: str, newer: str
                      ) -> tuple[str, str]:
    """The texts of two revisions of a story, ``older`` first, for a word diff."""
    return revision_text(library, story_id, older), revision_text(library, story_id, newer)
