"""What the desk window needs of the newsroom beyond the command line's verbs: a sync
that says what it changed (so the desk redraws through its one change signal), who
else has a story open and since when, and the assignee of a story.

Plain functions over a ``Library``; the desk runs the ones that reach the server on
a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.audit_chain import REGISTER_ACTION
from app.changes import NOTHING, Changes, for_action, of_stories
from app.library.db import Library
from app.newsroom.connection import NewsroomOffline, connect, load_password
from app.newsroom.desk import require_desk
from app.newsroom.passwords import PasswordStore

if TYPE_CHECKING:  # the sync (and what it imports) loads on the worker that runs it
    from app.newsroom.sync import SyncReport

# The desk renews its lock on every sync (about every 30 s), so a short lock is enough
# and a desk that crashed stops showing as "has it open" within two minutes.
DESK_LOCK_MINUTES = 2
PRESENCE_TIMEOUT_S = 3  # a lock is a courtesy: never worth a long wait


@dataclass(frozen=True)
class DeskSync:
    """A sync's report and what it changed in this library; ``offline``: why the
    newsroom could not be reached (then ``report`` is None; what was pulled before it
    went away is kept, and in ``changes``)."""

    report: SyncReport | None
    changes: Changes
    offline: str = ""


@dataclass(frozen=True)
class Presence:
    """Another reviewer who has the story open (since ``since``; ``editing``: to edit)."""

    name: str
    editing: bool
    since: datetime
    expires_at: datetime


def sync_desk(library: Library, *, store: PasswordStore | None = None, progress: Any = None,
              cancelled: Any = None) -> DeskSync:
    """``sync``, and the change it made: every newsroom event it pulled, this desk's own
    included (the server may have voided or refused one, which changes the story).
    Offline is an answer, not an error: the desk polls, and says so."""
    from app.newsroom.sync import sync

    before = _pulled_seq(library)
    try:
        report = sync(library, store=store, cancelled=cancelled)
    except NewsroomOffline as error:
        return DeskSync(None, pulled_changes(library, before), str(error))
    # a story given the newsroom's state again without a pulled event (a refusal
    # pulled by an earlier sync) redraws too
    return DeskSync(report, pulled_changes(library, before) | of_stories(report.reconciled))


def _pulled_seq(library: Library) -> int:
    row = library.conn.execute("SELECT pulled_seq FROM newsroom_desk WHERE id = 1").fetchone()
    return int(row[0]) if row else 0


def pulled_changes(library: Library, after_seq: int) -> Changes:
    """The change the newsroom events after ``after_seq`` made here (no local event
    seqs: these are the newsroom's, mirrored in ``newsroom_log``)."""
    total = NOTHING
    for story_id, action in library.conn.execute(
            "SELECT story_id, action FROM newsroom_log WHERE server_seq > ? "
            "ORDER BY server_seq", [after_seq]):
        total = total | for_action(str(story_id or ""), str(action))
    return total


def move_presence(library: Library, take: str = "", release: str = "", *,
                  editing: bool = False, minutes: float = DESK_LOCK_MINUTES,
                  store: PasswordStore | None = None) -> list[Presence] | None:
    """Release this desk's lock on ``release``, take (or renew) one on ``take``, and
    return who else has ``take`` open, in one connection; None when the newsroom cannot
    be reached (nobody can tell). The same server function as ``copydesk lock``
    (``app.newsroom.collab.open_story``), plus when each holder opened the story, which
    that function does not return."""
    config = require_desk(library)
    try:
        conn = connect(config.url, load_password(config.url, store), autocommit=True,
                       timeout_s=PRESENCE_TIMEOUT_S)
    except NewsroomOffline:
        return None
    with conn:
        if release and release != take:
            conn.execute("SELECT * FROM copydesk.open_story(%s, %s, false, 0)",
                         [config.desk_id, release])
        if not take:
            return []
        conn.execute("SELECT * FROM copydesk.open_story(%s, %s, %s, %s)",
                     [config.desk_id, take, editing, int(minutes * 60)])
        rows = conn.execute(
            "SELECT r.name, p.editing, p.opened_at, p.expires_at FROM copydesk.presence p "
            "JOIN copydesk.reviewers r ON r.login = p.login WHERE p.story_id = %s "
            "AND p.login <> session_user AND p.expires_at > now() ORDER BY p.opened_at",
            [take]).fetchall()
    return [Presence(str(n), bool(e), s, x) for n, e, s, x in rows]


def queued_work(library: Library) -> int:
    """Events waiting for the newsroom that the reviewer made: decisions, edits,
    overrides, comments... not the desk's own bookkeeping (the registration of its
    reviewer's key goes with the first decision, but is not one)."""
    return int(library.conn.execute(
        "SELECT COUNT(*) FROM newsroom_outbox o JOIN events e ON e.seq = o.event_seq "
        "WHERE o.state = 'pending' AND e.action <> ?", [REGISTER_ACTION]).fetchone()[0])


def assignee_of(library: Library, story_id: str) -> str:
    """Who the story is assigned to, as this library last heard; "" when nobody."""
    row = library.conn.execute("SELECT assignee FROM assignments WHERE story_id = ?",
                               [story_id]).fetchone()
    return str(row[0]) if row else ""
