"""The core calls the desk makes, in one place, with stand-ins where app/ has none yet.

Decisions, edits, overrides and history go through ``app.workflow`` and ``app.audit``.
Stand-ins (to be replaced when the core offers them): importing a file on a worker,
fetching a story's sources and keeping each snapshot, attaching a file, the imported
original's text, and the outbox count.
"""

from __future__ import annotations

from pathlib import Path

from app import audit, workflow
from app.audit import Event
from app.errors import CopydeskError
from app.library import Library, import_story, load_story
from app.library.snapshots import link_snapshot, save_snapshot
from app.library.stories import ImportResult, refresh_summary
from app.model import Snapshot, Story
from app.parse import load_story_file


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
                  verdict: str, note: str, actor: str,
                  expected_version: int | None = None) -> workflow.Decision:
    return workflow.override_verdict(library, story_id, revision, claim_index, n, verdict,
                                     note, actor, expected_version=expected_version)


def save_edit(library: Library, story_id: str, title: str, dek: str, body: str,
              actor: str, expected_version: int | None = None) -> workflow.Decision:
    decision = workflow.save_edit(library, story_id, title, dek, body, actor,
                                  expected_version, note="edited in the desk")
    if decision.changed:
        refresh_summary(library, story_id)  # overrides of the new revision, if any
    return decision


def decide(library: Library, story_id: str, decision: str, note: str, actor: str,
           expected_version: int | None = None) -> workflow.Decision:
    return workflow.decide(library, story_id, decision, actor, note or None,
                           expected_version=expected_version)


def history(library: Library, story_id: str) -> list[Event]:
    """The story's audit events, oldest first."""
    return audit.story_events(library, story_id)


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
