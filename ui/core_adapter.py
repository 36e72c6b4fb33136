"""The core calls the desk makes, in one place.

Decisions, edits, overrides and history go through ``app.workflow`` and ``app.audit``;
fetching and attaching sources through ``app.sources``; the outbox, targets and exports
through ``app.publish``. Functions named with ``db_path`` run on a worker and open
their own ``Library``. Modules that are slow to import (httpx, trafilatura, the
publishing targets) are imported inside the functions that use them.
The one stand-in left is the imported original's text (a SELECT; the core has no
function for it).
"""

from __future__ import annotations

from pathlib import Path

from app import audit, workflow
from app.audit import Event
from app.library import Library, import_story
from app.library.stories import ImportResult, refresh_summary
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


def fetch_story_sources(db_path: str, story_id: str, *, allow_private: bool = False,
                        actor: str | None = None, progress=None, cancelled=None):
    """Snapshot every source of the story that has none yet (``app.sources``); each
    snapshot is saved as it lands, so a cancel keeps what finished."""
    from app.sources import fetch_story_sources as fetch  # httpx and trafilatura: on use

    with Library(db_path) as library:
        return fetch(library, story_id, allow_private=allow_private, progress=progress,
                     cancelled=cancelled, actor=actor or None)


def attach_file(db_path: str, story_id: str, n: int, path: str, *, actor: str | None = None,
                progress=None, cancelled=None):
    """Make the file the snapshot of reference [n] (``app.sources.attach_source``)."""
    from app.sources import attach_source

    with Library(db_path) as library:
        return attach_source(library, story_id, n, path, actor=actor or None)


def outbox_counts(db_path: str, progress=None, cancelled=None) -> tuple[int, int]:
    """(waiting to be sent, needing attention) in the export outbox."""
    from app.publish import outbox_rows  # pulls in the targets' HTTP clients: on a worker

    with Library(db_path) as library:
        waiting = len(outbox_rows(library, states=("pending", "sending")))
        attention = len(outbox_rows(library, states=("failed", "needs_credentials")))
    return waiting, attention


def publishing_targets(db_path: str, progress=None, cancelled=None) -> list[tuple[str, str, str]]:
    """(name, kind, address) of each configured publishing target."""
    from app.publish import list_targets

    with Library(db_path) as library:
        return [(t.name, t.kind, t.url) for t in list_targets(library)]


def export_story(db_path: str, story_id: str, target: str, actor: str,
                 progress=None, cancelled=None):
    """Queue the story's approved revision for ``target``; raises ``GateRefused`` or
    ``ExportRefused`` (both ``CopydeskError``) with what stops it."""
    from app.publish import enqueue_export

    with Library(db_path) as library:
        return enqueue_export(library, story_id, target, actor)
