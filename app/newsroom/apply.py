"""Applying what the newsroom's log says to this desk's library.

Pulled events arrive in the server's order. Each is mirrored in ``newsroom_log``
(checked against the chain: its hash and its link to the one before). What another
desk did and the server applied becomes part of this library: the story, the edit's
revision, the override, the comment, the assignment. The local audit log stays this
desk's own signed record (another desk's decisions cannot be signed here); the
newsroom's log is the mirror, checked link by link, whose head every desk shares.
Then each touched story takes the newsroom's state (status, revision, conflict,
assignee): the server decided, so every desk shows the same. All of it runs inside
one library transaction with ``newsroom_applying`` set, so nothing applied here is
queued to go back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.errors import CopydeskError
from app.library.db import Library
from app.library.stories import import_story, now_iso, refresh_summary
from app.model import Reference, Snapshot, Story
from app.newsroom.server_functions import GENESIS, event_hash
from app.newsroom.snapshots import ACTIONS as SNAPSHOT_ACTIONS
from app.newsroom.snapshots import apply_snapshot

COLUMNS = ("server_seq, event_id, desk, login, actor, claimed_actor, story_id, revision, "
           "action, note, at, data, effect, prev_hash, hash")
STORY_COLUMNS = ("id, title, dek, body, revision, status, version, conflict, "
                 "conflict_revisions, assigned_to")


class BrokenNewsroomLog(CopydeskError):
    """The log the server sent does not hold together: nothing of it was applied."""


@dataclass(frozen=True)
class PulledEvent:
    server_seq: int
    event_id: str
    desk: str
    login: str
    actor: str
    claimed_actor: str
    story_id: str
    revision: str
    action: str
    note: str
    at: str
    data: str
    effect: str
    prev_hash: str
    hash: str
    extra: str = ""

    @property
    def counts(self) -> bool:
        return self.effect == "applied" or self.effect.startswith("conflict")

    def details(self) -> dict[str, Any]:
        try:
            loaded = json.loads(self.data or "{}")
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}


def check_chain(events: Sequence[PulledEvent], head: str, seq: int) -> None:
    """Each event must follow the last one this desk holds and hash to what it says."""
    for e in events:
        if e.server_seq != seq + 1 or e.prev_hash != head:
            raise BrokenNewsroomLog(f"newsroom event {e.server_seq} does not follow event {seq} "
                                    "this desk holds: the server's log was rewritten")
        digest = event_hash(e.prev_hash, e.server_seq, e.event_id, e.login, e.actor,
                            e.story_id, e.revision, e.action, e.note, e.at, e.data, e.effect)
        if digest != e.hash:
            raise BrokenNewsroomLog(f"newsroom event {e.server_seq} does not match its hash: "
                                    "it was altered on the server")
        head, seq = e.hash, e.server_seq


def apply_pulled(library: Library, events: Sequence[PulledEvent],
                 stories: Iterable[tuple[Any, ...]], approvals_required: int | None,
                 snapshots: dict[str, Snapshot] | None = None) -> int:
    """Mirror and apply one batch; returns how many came from other desks.

    ``snapshots``: the page texts of the batch's snapshot events that this library did
    not hold, by digest (``app.newsroom.snapshots.download_missing``)."""
    own = {r[0] for r in library.conn.execute("SELECT event_id FROM newsroom_outbox")}
    from_others = 0
    touched: list[tuple[Any, ...]] = list(stories)
    relinked: set[str] = set()
    with library.transaction() as db:
        db.execute("INSERT INTO newsroom_applying (flag) VALUES (1)")
        try:
            # a second sync of this desk running at once may have applied some already
            done = db.execute("SELECT pulled_seq FROM newsroom_desk WHERE id = 1").fetchone()
            events = [e for e in events if e.server_seq > int(done[0] if done else 0)]
            for e in events:
                db.execute(
                    f"INSERT OR IGNORE INTO newsroom_log ({COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [e.server_seq, e.event_id, e.desk, e.login, e.actor, e.claimed_actor,
                     e.story_id, e.revision, e.action, e.note, e.at, e.data, e.effect,
                     e.prev_hash, e.hash])
                if e.event_id in own:
                    db.execute("UPDATE newsroom_outbox SET state = 'sent', server_seq = ?, "
                               "effect = ? WHERE event_id = ?",
                               [e.server_seq, e.effect, e.event_id])
                else:
                    from_others += 1
                    if e.counts:
                        _apply_one(library, e)
                # This desk's own snapshot events too: in the newsroom's order, the last
                # snapshot event of a reference wins on every desk alike.
                if e.action in SNAPSHOT_ACTIONS and e.effect == "applied":
                    story = apply_snapshot(library, e, snapshots or {})
                    if story:
                        relinked.add(story)
            if events:
                db.execute("UPDATE newsroom_desk SET pulled_seq = ?, head = ? WHERE id = 1",
                           [events[-1].server_seq, events[-1].hash])
            for row in touched:
                _adopt_story(library, row)
            for story_id in sorted(relinked):  # the queue's counts follow the new texts
                refresh_summary(library, story_id)
            if approvals_required is not None:
                db.execute("INSERT INTO settings (key, value) VALUES ('approvals_required', ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           [json.dumps(approvals_required)])
        finally:
            db.execute("DELETE FROM newsroom_applying")
    return from_others


def _apply_one(library: Library, e: PulledEvent) -> None:
    conn = library.conn
    details = e.details()
    extra = json.loads(e.extra) if e.extra else {}
    known = conn.execute("SELECT 1 FROM stories WHERE id = ?", [e.story_id]).fetchone()
    if e.action == "import" and not known:
        try:
            story = _story_from(e.story_id, extra)
        except (KeyError, TypeError, ValueError):
            # Another desk's malformed story must not stop this desk from syncing for
            # ever: it stays in the mirrored log, and this library goes without it.
            logging.getLogger("copydesk").warning(
                "newsroom event %s: story %s cannot be read; skipped", e.server_seq,
                e.story_id)
            return
        import_story(library, story, "newsroom", actor=e.actor)
    if e.action in ("import", "edit") and extra.get("body") is not None:
        seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM revisions WHERE story_id = ?",
                           [e.story_id]).fetchone()[0]
        conn.execute(
            "INSERT OR IGNORE INTO revisions (story_id, revision, seq, title, dek, body, "
            "references_json, created_at, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [e.story_id, e.revision, seq, extra.get("title", ""), extra.get("dek", ""),
             extra["body"], extra.get("references_json", "[]"), now_iso(), e.actor, e.note])
    elif e.action == "override":
        conn.execute(
            "INSERT OR REPLACE INTO overrides (story_id, revision, claim_index, n, verdict, "
            "note, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [e.story_id, e.revision, details.get("claim"), details.get("n"),
             details.get("verdict"), e.note, e.actor, e.at])
    elif e.action == "comment":
        conn.execute(
            "INSERT OR IGNORE INTO comments (id, story_id, revision, claim_index, parent_id, "
            "author, body, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [details.get("comment_id"), e.story_id, e.revision, details.get("claim"),
             details.get("parent", ""), e.actor, details.get("text", ""), e.at])
    elif e.action == "resolve_comment":
        conn.execute("UPDATE comments SET resolved_by = ?, resolved_at = ? "
                     "WHERE id = ? AND resolved_by = ''",
                     [e.actor, e.at, details.get("comment_id")])
    elif e.action == "assign":
        conn.execute(
            "INSERT INTO assignments (story_id, assignee, assigned_by, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (story_id) DO UPDATE SET assignee = excluded.assignee, "
            "assigned_by = excluded.assigned_by, at = excluded.at",
            [e.story_id, details.get("assignee", ""), e.actor, e.at])


def _story_from(story_id: str, extra: dict[str, Any]) -> Story:
    snapshots = {int(s["n"]): s for s in extra.get("snapshots", []) if "n" in s}
    references = []
    for n, publisher, title, url in json.loads(extra.get("references_json") or "[]"):
        kept = snapshots.get(int(n))
        snapshot = None
        if kept and kept.get("text"):
            snapshot = Snapshot(url=url, status="ok", how=kept.get("how") or "bundled",
                                text=kept["text"], title=kept.get("title", ""),
                                fetched_at=kept.get("fetched_at", ""),
                                sha256=kept.get("sha256", ""))
        references.append(Reference(int(n), publisher, title, url, snapshot))
    return Story(title=extra["title"], dek=extra.get("dek", ""), body=extra["body"],
                 references=tuple(references), origin="newsroom", id=story_id)


def _adopt_story(library: Library, row: tuple[Any, ...]) -> None:
    (story_id, title, dek, body, revision, status, version, conflict, conflict_revisions,
     assigned_to) = row
    conn = library.conn
    local = conn.execute("SELECT revision, status FROM stories WHERE id = ?",
                         [story_id]).fetchone()
    if local is None:
        return
    if (local[0], local[1]) != (revision, status):
        conn.execute("UPDATE stories SET title = ?, dek = ?, body = ?, revision = ?, "
                     "status = ?, version = version + 1, updated_at = ? WHERE id = ?",
                     [title, dek, body, revision, status, now_iso(), story_id])
        if local[0] != revision:
            refresh_summary(library, story_id)
    conn.execute(
        "INSERT INTO newsroom_stories (story_id, status, revision, conflict, "
        "conflict_revisions, assigned_to, server_version) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (story_id) DO UPDATE SET status = excluded.status, "
        "revision = excluded.revision, conflict = excluded.conflict, "
        "conflict_revisions = excluded.conflict_revisions, assigned_to = excluded.assigned_to, "
        "server_version = excluded.server_version",
        [story_id, status, revision, int(bool(conflict)), json.dumps(list(conflict_revisions)),
         assigned_to, version])


def mirrored_head(library: Library) -> tuple[int, str]:
    row = library.conn.execute("SELECT pulled_seq, head FROM newsroom_desk WHERE id = 1"
                               ).fetchone()
    return (int(row[0]), row[1] or GENESIS) if row else (0, GENESIS)


def verify_mirror(library: Library) -> tuple[int, str]:
    """Recompute this desk's copy of the newsroom log: (events checked, "" or the first
    problem in words). A copy edited with a sqlite3 shell is reported here."""
    rows = library.conn.execute(f"SELECT {COLUMNS} FROM newsroom_log ORDER BY server_seq")
    head, seq = GENESIS, 0
    for row in rows:
        e = PulledEvent(*row)
        try:
            check_chain([e], head, seq)
        except BrokenNewsroomLog as problem:
            words = str(problem).split(": ")[0]  # which event; then say where it changed
            return seq, f"{words}: this desk's copy was altered"
        head, seq = e.hash, e.server_seq
    kept_seq, kept_head = mirrored_head(library)
    if (seq, head) != (kept_seq, kept_head if kept_seq else GENESIS):
        return seq, (f"this desk's copy ends at event {seq}, but the desk last pulled "
                     f"event {kept_seq}: events were removed")
    return seq, ""
