"""A story's sources in the library: fetch what is missing, attach by hand, share by URL.

The rules a reviewer can rely on:

* a reference that already has a usable snapshot is left alone (``refresh=True`` asks
  for a new copy);
* a URL that any story in the library already holds a usable snapshot of is linked,
  not fetched again, and a newly fetched page is linked to every other story citing
  the same URL that has no usable snapshot yet: a URL cited by many stories is
  fetched once and shared;
* a failed fetch never replaces a usable snapshot; it is recorded only where there was
  nothing usable, so the reason ("page not found (404)") shows on the reference;
* each snapshot is saved, with its audit event, in its own transaction the moment it
  lands, so cancelling (or Ctrl-C) keeps what finished and leaves the rest untouched.

Everything runs on the calling thread except the downloads themselves, so a worker
thread in the window opens its own ``Library`` and calls these functions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import audit
from app.errors import InputError, NotFoundError
from app.extract import ExtractError
from app.fetch import DEFAULT_LIMITS, FetchLimits, attach_file, fetch_snapshots, url_key
from app.identity import reviewer_name
from app.library.db import Library
from app.library.snapshots import (
    latest_ok_snapshot,
    link_snapshot,
    save_snapshot,
    snapshot_from_row,
)
from app.library.stories import load_story, refresh_summary
from app.model import Reference, Snapshot

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class SourceOutcome:
    """What happened to one reference of the story.

    ``action``: "fetched" (new usable snapshot), "unavailable" (fetch failed, nothing
    usable before), "kept" (already had a usable snapshot), "kept after failure"
    (refresh failed, the earlier snapshot stays), "shared" (linked to a snapshot of the
    same URL from the library), "no url" (nothing to fetch), "not fetched" (cancelled
    before its turn).
    """

    n: int
    url: str
    action: str
    snapshot: Snapshot | None = None
    reason: str = ""

    @property
    def usable(self) -> bool:
        return self.snapshot is not None and self.snapshot.usable


@dataclass(frozen=True)
class SourcesReport:
    """The result of ``fetch_story_sources``: one outcome per reference looked at, in
    order."""

    story_id: str
    outcomes: tuple[SourceOutcome, ...]
    cancelled: bool = False
    also_updated: tuple[str, ...] = ()  # other stories that got a snapshot they lacked

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    @property
    def all_usable(self) -> bool:
        """Every reference that has a URL now has a usable snapshot."""
        return all(o.usable for o in self.outcomes if o.url)


@dataclass(frozen=True)
class AttachReport:
    story_id: str
    n: int
    snapshot: Snapshot
    snapshot_id: int
    also_updated: tuple[str, ...] = field(default=())


def fetch_story_sources(
    library: Library,
    story_id: str,
    *,
    allow_private: bool = False,
    refresh: bool = False,
    only: Collection[int] | None = None,
    max_bytes: int = 10_000_000,
    limits: FetchLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    on_outcome: Callable[[SourceOutcome], None] | None = None,
    actor: str | None = None,
    client: Any = None,
) -> SourcesReport:
    """Snapshot the sources of a library story that have no usable snapshot yet.

    ``only`` names the references to look at (the reviewer asked for one); the others
    are left as they are and get no outcome. ``progress(done, total)`` counts distinct
    URLs to download; ``on_outcome`` is called for each reference as its outcome is
    known (saved already). Raises ``NotFoundError`` for an unknown story or reference.
    """
    story = load_story(library, story_id)
    if only is not None:
        unknown = sorted(set(only) - {ref.n for ref in story.references})
        if unknown:
            raise NotFoundError(f"story {story_id} has no reference "
                                + ", ".join(f"[{n}]" for n in unknown))
    who = reviewer_name(actor)
    outcomes: dict[int, SourceOutcome] = {}
    order = [ref.n for ref in story.references]
    wanted: dict[str, list[Reference]] = {}  # url_key -> references to fetch for it
    touched: set[str] = set()

    def settle(outcome: SourceOutcome) -> None:
        outcomes[outcome.n] = outcome
        if on_outcome:
            on_outcome(outcome)

    for ref in story.references:
        if only is not None and ref.n not in only:
            continue
        if not ref.url.strip():
            settle(SourceOutcome(ref.n, "", "no url", ref.snapshot,
                                 "the reference has no URL to fetch"))
        elif ref.snapshot is not None and ref.snapshot.usable and not refresh:
            settle(SourceOutcome(ref.n, ref.url, "kept", ref.snapshot))
        else:
            known = None if refresh else latest_ok_snapshot(library, ref.url)
            if known is not None:
                snapshot_id, snapshot = known
                with library.transaction():
                    link_snapshot(library, story_id, ref.n, snapshot_id, ref.url)
                    _event(library, story.revision, story_id, who, "snapshot",
                           {"n": [ref.n], "url": ref.url, "status": "ok", "shared": True,
                            "sha256": snapshot.sha256})
                touched.add(story_id)
                settle(SourceOutcome(ref.n, ref.url, "shared", snapshot))
            else:
                wanted.setdefault(url_key(ref.url), []).append(ref)

    def landed(snapshot: Snapshot) -> None:
        refs = wanted.get(url_key(snapshot.url), [])
        with library.transaction():
            if snapshot.usable:
                snapshot_id = save_snapshot(library, snapshot)
                for ref in refs:
                    link_snapshot(library, story_id, ref.n, snapshot_id, ref.url)
                _event(library, story.revision, story_id, who, "snapshot",
                       _details(snapshot, [r.n for r in refs]))
                touched.add(story_id)
                for other, numbers in _share(library, snapshot.url, snapshot_id, story_id):
                    _event(library, _revision(library, other), other, who, "snapshot",
                           {**_details(snapshot, numbers), "shared": True})
                    touched.add(other)
                results = [SourceOutcome(r.n, r.url, "fetched", snapshot) for r in refs]
            else:
                results = []
                failed_id: int | None = None
                for ref in refs:
                    current = _current(library, story_id, ref.n)
                    if current is not None and current.usable:
                        results.append(SourceOutcome(ref.n, ref.url, "kept after failure",
                                                     current, snapshot.reason))
                        continue
                    if failed_id is None:
                        failed_id = save_snapshot(library, snapshot)
                    link_snapshot(library, story_id, ref.n, failed_id, ref.url)
                    results.append(SourceOutcome(ref.n, ref.url, "unavailable", snapshot,
                                                 snapshot.reason))
                if failed_id is not None:
                    _event(library, story.revision, story_id, who, "snapshot",
                           _details(snapshot, [o.n for o in results
                                               if o.action == "unavailable"]))
                    touched.add(story_id)
        for outcome in results:
            settle(outcome)

    was_cancelled = False
    try:
        if wanted:
            finished = fetch_snapshots(
                [refs[0].url for refs in wanted.values()], allow_private=allow_private,
                max_bytes=max_bytes, limits=limits, progress=progress, cancelled=cancelled,
                on_snapshot=landed, client=client,
            )
            was_cancelled = len(finished) < len(wanted)
    finally:
        # Also on Ctrl-C: what was saved is kept, so the queue's counts must follow it.
        for affected in sorted(touched):
            try:
                refresh_summary(library, affected)
            except Exception:  # noqa: BLE001 - never mask the error that got us here
                log.exception("could not refresh the summary of %s", affected)
    for refs in wanted.values():
        for ref in refs:
            if ref.n not in outcomes:
                settle(SourceOutcome(ref.n, ref.url, "not fetched", ref.snapshot,
                                     "cancelled before it was fetched"))
    return SourcesReport(
        story_id,
        tuple(outcomes[n] for n in dict.fromkeys(order) if n in outcomes),
        cancelled=was_cancelled,
        also_updated=tuple(sorted(touched - {story_id})),
    )


def attach_source(
    library: Library, story_id: str, n: int, path: str | Path, *, actor: str | None = None
) -> AttachReport:
    """Make the file at ``path`` the snapshot of reference ``n`` (how="attached").

    The reviewer's choice wins over whatever snapshot the reference had. Other stories
    citing the same URL without a usable snapshot get it too. Raises ``NotFoundError``
    (no such story or reference) or ``InputError`` (the file cannot be read).
    """
    story = load_story(library, story_id)
    ref = story.reference(n)
    if ref is None:
        known = ", ".join(f"[{r.n}]" for r in story.references) or "none"
        raise NotFoundError(f"{story_id}: no reference [{n}] (the story has {known})")
    try:
        snapshot = attach_file(ref.url, path)
    except ExtractError as error:
        raise InputError(str(path), error.reason) from None
    who = reviewer_name(actor)
    touched = {story_id}
    with library.transaction():
        snapshot_id = save_snapshot(library, snapshot)
        link_snapshot(library, story_id, n, snapshot_id, ref.url)
        _event(library, story.revision, story_id, who, "attach",
               {**_details(snapshot, [n]), "file": Path(path).name})
        if ref.url.strip():
            for other, numbers in _share(library, ref.url, snapshot_id, story_id):
                _event(library, _revision(library, other), other, who, "snapshot",
                       {**_details(snapshot, numbers), "shared": True})
                touched.add(other)
    for affected in sorted(touched):
        refresh_summary(library, affected)
    return AttachReport(story_id, n, snapshot, snapshot_id, tuple(sorted(touched - {story_id})))


def _details(snapshot: Snapshot, numbers: list[int]) -> dict[str, Any]:
    data: dict[str, Any] = {"n": numbers, "url": snapshot.url, "status": snapshot.status,
                            "how": snapshot.how}
    if snapshot.sha256:
        data["sha256"] = snapshot.sha256
    if snapshot.reason:
        data["reason"] = snapshot.reason
    if snapshot.final_url and snapshot.final_url != snapshot.url:
        data["final_url"] = snapshot.final_url
    return data


def _event(library: Library, revision: str, story_id: str, actor: str, action: str,
           data: dict[str, Any]) -> None:
    audit.append_event(library, story_id=story_id, revision=revision, actor=actor,
                       action=action, data=data)


def _revision(library: Library, story_id: str) -> str:
    row = library.conn.execute("SELECT revision FROM stories WHERE id = ?", [story_id]).fetchone()
    return str(row[0]) if row else ""


def _current(library: Library, story_id: str, n: int) -> Snapshot | None:
    """The snapshot reference ``n`` points at now (read inside the writing transaction)."""
    cursor = library.conn.execute(
        "SELECT s.* FROM story_references r JOIN snapshots s ON s.id = r.snapshot_id "
        "WHERE r.story_id = ? AND r.n = ? ORDER BY r.position LIMIT 1",
        [story_id, n],
    )
    row = cursor.fetchone()
    if row is None:
        return None
    return snapshot_from_row(dict(zip([d[0] for d in cursor.description], row, strict=True)))


def _share(library: Library, url: str, snapshot_id: int,
           except_story: str) -> list[tuple[str, list[int]]]:
    """Link ``snapshot_id`` to other stories' references of ``url`` that lack a usable
    snapshot; returns (story id, reference numbers) for each story changed."""
    rows = library.conn.execute(
        "SELECT r.story_id, r.n FROM story_references r "
        "LEFT JOIN snapshots s ON s.id = r.snapshot_id "
        "WHERE r.url = ? AND r.story_id != ? "
        "AND (r.snapshot_id IS NULL OR s.status IS NULL OR s.status != 'ok' "
        "     OR trim(COALESCE(s.text, '')) = '') "
        "ORDER BY r.story_id, r.position",
        [url, except_story],
    ).fetchall()
    changed: dict[str, list[int]] = {}
    for other, n in rows:
        library.conn.execute(
            "UPDATE story_references SET snapshot_id = ? WHERE story_id = ? AND n = ?",
            [snapshot_id, other, n],
        )
        changed.setdefault(str(other), []).append(int(n))
    return list(changed.items())
