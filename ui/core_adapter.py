"""Stand-ins for core functions the desk needs before their modules land in app/.

Everything here is temporary and small: once ``app.workflow`` and the snapshot-saving
functions exist, each function below becomes a one-line call into them (or goes away).
The desk only calls these through this module, so that switch touches one file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from app.errors import CopydeskError
from app.library import Library, import_story, load_story
from app.library.snapshots import link_snapshot, save_snapshot
from app.library.stories import ImportResult, now_iso, refresh_summary
from app.model import Snapshot, Story
from app.parse import load_story_file

DECISIONS = {
    "approve": "approved",
    "request_changes": "changes_requested",
    "reject": "rejected",
}


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    actor: str
    action: str
    note: str
    revision: str


def import_file(db_path: str, path: str, progress=None, cancelled=None) -> ImportResult:
    """Parse and import one story file on a worker; all-or-nothing in the core."""
    if progress:
        progress(0, 1)
    story = load_story_file(path)
    with Library(db_path) as library:
        result = import_story(library, story, Path(path).name)
    if progress:
        progress(1, 1)
    return result


def save_override(library: Library, story_id: str, revision: str, claim_index: int, n: int,
                  verdict: str, note: str, actor: str) -> None:
    """Set (or replace) a reviewer's verdict on one citation of one revision."""
    if not note.strip():
        raise CopydeskError("an override needs a note saying why")
    with library.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO overrides (story_id, revision, claim_index, n, verdict, "
            "note, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [story_id, revision, claim_index, n, verdict, note.strip(), actor, now_iso()],
        )
    refresh_summary(library, story_id)


def clear_override(library: Library, story_id: str, revision: str, claim_index: int,
                   n: int) -> None:
    with library.transaction() as conn:
        conn.execute(
            "DELETE FROM overrides WHERE story_id=? AND revision=? AND claim_index=? AND n=?",
            [story_id, revision, claim_index, n],
        )
    refresh_summary(library, story_id)


def save_edit(library: Library, story_id: str, title: str, dek: str, body: str,
              actor: str, note: str = "") -> str:
    """Save edited text as a new revision of the story; returns the revision hash."""
    from dataclasses import replace

    story = load_story(library, story_id)
    edited = replace(story, title=title.strip(), dek=dek.strip(), body=body)
    revision = edited.revision
    if revision == story.revision:
        return revision
    stamp = now_iso()
    with library.transaction() as conn:
        seq = conn.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM revisions WHERE story_id = ?", [story_id]
        ).fetchone()[0]
        refs = [[r.n, r.publisher, r.title, r.url] for r in edited.references]
        conn.execute(
            "INSERT OR IGNORE INTO revisions (story_id, revision, seq, title, dek, body, "
            "references_json, created_at, actor, note) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [story_id, revision, seq, edited.title, edited.dek, edited.body,
             json.dumps(refs, ensure_ascii=False), stamp, actor, note or "edited in the desk"],
        )
        # An edit voids earlier decisions: the story goes back to review.
        conn.execute(
            "UPDATE stories SET title=?, dek=?, body=?, revision=?, version=version+1, "
            "updated_at=?, status='in_review' WHERE id=?",
            [edited.title, edited.dek, edited.body, revision, stamp, story_id],
        )
    refresh_summary(library, story_id)
    return revision


def decide(library: Library, story_id: str, decision: str, note: str, actor: str) -> str:
    """Approve, request changes or reject the story's current revision; returns the status."""
    status = DECISIONS[decision]
    if decision != "approve" and not note.strip():
        raise CopydeskError("a note is required to request changes or reject")
    with library.transaction() as conn:
        conn.execute("UPDATE stories SET status=?, updated_at=? WHERE id=?",
                     [status, now_iso(), story_id])
    _remember(library, story_id, decision, note, actor)
    return status


# Until the audit log exists, decisions are kept for this session only.
_SESSION_DECISIONS: dict[tuple[str, str], list[HistoryEntry]] = {}


def _remember(library: Library, story_id: str, action: str, note: str, actor: str) -> None:
    revision = library.conn.execute(
        "SELECT revision FROM stories WHERE id=?", [story_id]).fetchone()[0]
    _SESSION_DECISIONS.setdefault((str(library.path), story_id), []).append(
        HistoryEntry(now_iso(), actor, action, note, revision))


def history(library: Library, story_id: str) -> list[HistoryEntry]:
    """Revisions and decisions on a story, oldest first."""
    entries = [
        HistoryEntry(r[0], r[1] or "", "import" if r[1] == "import" else "edit", r[2] or "",
                     r[3])
        for r in library.conn.execute(
            "SELECT created_at, actor, note, revision FROM revisions WHERE story_id=? "
            "ORDER BY seq", [story_id])
    ]
    entries += _SESSION_DECISIONS.get((str(library.path), story_id), [])
    return sorted(entries, key=lambda e: e.at)


def imported_original(library: Library, story_id: str) -> tuple[str, str, str] | None:
    """(title, dek, body) of the revision the story was first imported as."""
    row = library.conn.execute(
        "SELECT r.title, r.dek, r.body FROM stories s JOIN revisions r "
        "ON r.story_id = s.id AND r.revision = s.imported_revision WHERE s.id = ?",
        [story_id],
    ).fetchone()
    return (row[0] or "", row[1] or "", row[2] or "") if row else None


def attach_snapshot(library: Library, story_id: str, n: int, snapshot: Snapshot) -> None:
    """Keep a snapshot and point reference [n] of the story at it."""
    with library.transaction():
        snapshot_id = save_snapshot(library, snapshot)
        link_snapshot(library, story_id, n, snapshot_id)
    refresh_summary(library, story_id)


def fetch_story_sources(db_path: str, story_id: str, numbers: tuple[int, ...] | None = None,
                        progress=None, cancelled=None) -> int:
    """Fetch the story's sources (all, or reference numbers given) and keep each snapshot."""
    from app.fetch import fetch_snapshots

    with Library(db_path) as library:
        story: Story = load_story(library, story_id)
        wanted = [r for r in story.references
                  if r.url and (numbers is None or r.n in numbers)]
        by_url: dict[str, list[int]] = {}
        for ref in wanted:
            by_url.setdefault(ref.url, []).append(ref.n)
        kept = 0

        def keep(snapshot: Snapshot) -> None:
            nonlocal kept
            for n in by_url.get(snapshot.url, []):
                attach_snapshot(library, story_id, n, snapshot)
            kept += 1

        fetch_snapshots(list(by_url), progress=progress, cancelled=cancelled,
                        on_snapshot=keep)
        return kept


def attach_file_snapshot(db_path: str, story_id: str, n: int, path: str,
                         progress=None, cancelled=None) -> Snapshot:
    from app.fetch import attach_file

    with Library(db_path) as library:
        story = load_story(library, story_id)
        ref = story.reference(n)
        if ref is None:
            raise CopydeskError(f"the story has no reference [{n}]")
        snapshot = attach_file(ref.url, path)
        attach_snapshot(library, story_id, n, snapshot)
        return snapshot


def outbox_count(library: Library) -> int | None:
    """Stories waiting in the export outbox, or None while there is no outbox."""
    has = library.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='outbox'").fetchone()
    if not has:
        return None
    try:
        return int(library.conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'retrying', 'pending')"
        ).fetchone()[0])
    except Exception:
        return None
