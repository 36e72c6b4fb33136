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

The story's history (the local audit log, which the desk's History tab and
``audit show`` read) gets one unsigned line per event another desk made
(``newsroom_approve`` by Ana, at the time Ana decided, with the server's effect), and
one per event of this desk's that the newsroom did not apply (``newsroom_refused``,
``newsroom_void``, ``newsroom_conflict``, in the server's words). They are not
decisions (``app.reviewers.SIGNED_ACTIONS``): nothing counts them as approvals, and
the desk's own signed lines stay as they were.

``reconcile`` runs after a pull: a story whose local state is not the newsroom's
(a decision of this desk's the server refused moves nothing on the server, so the
pull alone never touches it) takes the newsroom's state again, assignment included.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.anchors import move_after_commit
from app.audit_chain import write_event
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
HISTORY_PREFIX = "newsroom_"  # the local history's lines for what the newsroom said
NOT_APPLIED = ("refused", "void", "conflict")


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
                 snapshots: dict[str, Snapshot] | None = None,
                 names: dict[str, str] | None = None) -> int:
    """Mirror and apply one batch; returns how many came from other desks.

    ``snapshots``: the page texts of the batch's snapshot events that this library did
    not hold, by digest (``app.newsroom.snapshots.download_missing``). ``names``: the
    newsroom's reviewer name of each login, to keep the local assignments the
    newsroom's (None: assignments are left as they are)."""
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
                    if e.effect.split(":")[0] in NOT_APPLIED:
                        _history_line(library, e, own_event=True)
                else:
                    from_others += 1
                    imported = e.counts and _apply_one(library, e)
                    if not imported:
                        _history_line(library, e, own_event=False)
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
                _adopt_story(library, row, names)
            for story_id in sorted(relinked):  # the queue's counts follow the new texts
                refresh_summary(library, story_id)
            if approvals_required is not None:
                db.execute("INSERT INTO settings (key, value) VALUES ('approvals_required', ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           [json.dumps(approvals_required)])
        finally:
            db.execute("DELETE FROM newsroom_applying")
    return from_others


def _history_line(library: Library, e: PulledEvent, own_event: bool) -> None:
    """One line of the story's local history for what the newsroom's log says: another
    desk's event (who, when, the server's effect), or the newsroom's refusal of one of
    this desk's, in its words. Unsigned on purpose: this desk holds no key of another
    reviewer, and a line of the newsroom's is nobody's decision."""
    if not e.story_id or library.conn.execute("SELECT 1 FROM stories WHERE id = ?",
                                              [e.story_id]).fetchone() is None:
        return  # a setting, or a story this library does not hold
    kind = e.effect.split(":")[0]
    if own_event:
        action, note = HISTORY_PREFIX + kind, f"{e.action}: {e.effect}"
    else:
        action = HISTORY_PREFIX + e.action
        note = e.note if e.counts or kind not in NOT_APPLIED else (
            f"{e.effect}" + (f" ({e.note})" if e.note else ""))
    write_event(library.conn, story_id=e.story_id, revision=e.revision, actor=e.actor,
                action=action, note=note, at=e.at or None, signer=None,
                data={"newsroom_seq": e.server_seq, "effect": e.effect, "login": e.login,
                      "action": e.action, "details": e.details()})
    move_after_commit(library)


def _apply_one(library: Library, e: PulledEvent) -> bool:
    """Apply another desk's event here; True when it imported the story (which
    ``import_story`` records in the history itself)."""
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
            return False
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
    return e.action == "import" and not known


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


def _adopt_story(library: Library, row: tuple[Any, ...],
                 names: dict[str, str] | None = None) -> None:
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
    if names is not None:
        _adopt_assignment(library, story_id, assigned_to or "", names)


def _adopt_assignment(library: Library, story_id: str, login: str,
                      names: dict[str, str]) -> None:
    """The local assignment (``copydesk assigned``, the desk's "Assigned to me") is the
    newsroom's: none when it has none, else its reviewer, by the last assignment it
    applied."""
    conn = library.conn
    local = conn.execute("SELECT assignee FROM assignments WHERE story_id = ?",
                         [story_id]).fetchone()
    if not login:
        if local:
            conn.execute("DELETE FROM assignments WHERE story_id = ?", [story_id])
        return
    name = names.get(login, login)
    if local and str(local[0]).casefold() == name.casefold():
        return
    by = conn.execute("SELECT actor, at FROM newsroom_log WHERE story_id = ? "
                      "AND action = 'assign' AND effect = 'applied' "
                      "ORDER BY server_seq DESC LIMIT 1", [story_id]).fetchone()
    actor, at = by if by else ("the newsroom", now_iso())
    conn.execute(
        "INSERT INTO assignments (story_id, assignee, assigned_by, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (story_id) DO UPDATE SET assignee = excluded.assignee, "
        "assigned_by = excluded.assigned_by, at = excluded.at",
        [story_id, name, actor, at])


def stale_stories(library: Library, names: dict[str, str]) -> list[str]:
    """Stories whose local state (status, revision, assignee) is not the newsroom's
    last known one, and that have no work of this desk's still waiting to be pushed."""
    rows = library.conn.execute(
        "SELECT s.id, s.status, s.revision, n.status, n.revision, n.assigned_to, "
        "coalesce(a.assignee, '') FROM stories s "
        "JOIN newsroom_stories n ON n.story_id = s.id "
        "LEFT JOIN assignments a ON a.story_id = s.id "
        "WHERE NOT EXISTS (SELECT 1 FROM newsroom_outbox o JOIN events e "
        "ON e.seq = o.event_seq WHERE o.state = 'pending' AND e.story_id = s.id)")
    stale = []
    for story_id, status, revision, server_status, server_revision, login, assignee in rows:
        server_assignee = names.get(login, login) if login else ""
        if ((status, revision) != (server_status, server_revision)
                or server_assignee.casefold() != str(assignee).casefold()):
            stale.append(str(story_id))
    return stale


def reconcile(library: Library, rows: Iterable[tuple[Any, ...]],
              names: dict[str, str]) -> int:
    """Give stories the newsroom's state again (``rows``: the server's, for the
    ``stale_stories``); how many were given it."""
    rows = list(rows)
    if not rows:
        return 0
    with library.transaction() as db:
        db.execute("INSERT INTO newsroom_applying (flag) VALUES (1)")
        try:
            for row in rows:
                _adopt_story(library, row, names)
        finally:
            db.execute("DELETE FROM newsroom_applying")
    return len(rows)


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
