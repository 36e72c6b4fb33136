"""``sync``: push this desk's queued events, then pull the newsroom's log in its order.

A push is idempotent: every event carries the id it was given when it was saved
here, and the server applies an id it already has never again (it answers with the
effect it recorded the first time). So a push cut short (the server stopped, the
desk killed) is simply pushed again. Pulls are checked against the chain and applied
in batches, each in one library transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.library.db import Library
from app.library.stories import now_iso
from app.newsroom.apply import (
    COLUMNS,
    STORY_COLUMNS,
    PulledEvent,
    apply_pulled,
    check_chain,
    mirrored_head,
    reconcile,
    stale_stories,
)
from app.newsroom.connection import (
    NewsroomOffline,
    connect,
    hello,
    is_offline_error,
    load_password,
)
from app.newsroom.desk import pending_count, record_sync, require_desk
from app.newsroom.passwords import PasswordStore
from app.newsroom.snapshots import attach_to_push, download_missing, wanted
from app.newsroom.upgrade import missing_tables, older_schema_message

BATCH = 200  # events per push and per pull; COPYDESK_SYNC_BATCH changes it


def default_batch() -> int:
    import os

    try:
        return max(1, int(os.environ.get("COPYDESK_SYNC_BATCH", BATCH)))
    except ValueError:
        return BATCH
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Outcome:
    """What the newsroom did with one of this desk's events, when it did not apply it."""

    action: str
    story_id: str
    effect: str


@dataclass(frozen=True)
class SyncReport:
    pushed: int = 0
    duplicates: int = 0
    pulled: int = 0
    from_others: int = 0
    pending: int = 0
    head_seq: int = 0
    head: str = ""
    outcomes: tuple[Outcome, ...] = field(default=())
    snapshots_sent: int = 0  # page texts the newsroom did not hold yet
    snapshots_received: int = 0  # page texts this library did not hold yet
    schema: str = ""  # the server's schema is older than this Copydesk: what to do
    reconciled: tuple[str, ...] = ()  # stories given the newsroom's state again

    def describe(self) -> str:
        moved = [f"{n} snapshot(s) {verb}" for n, verb in
                 ((self.snapshots_sent, "sent"), (self.snapshots_received, "received")) if n]
        return (f"pushed {self.pushed} event(s)"
                + (f" ({self.duplicates} already there)" if self.duplicates else "")
                + f", pulled {self.pulled} ({self.from_others} from other desks)"
                + "".join(f", {m}" for m in moved) + "; "
                f"newsroom at event {self.head_seq} ({self.head[:12]}); "
                f"{self.pending} pending")


def sync(library: Library, *, store: PasswordStore | None = None,
         progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
         batch: int | None = None, push_only: bool = False) -> SyncReport:
    """Push, then pull. ``NewsroomOffline`` when the server cannot be reached or goes
    away mid-way: what was pushed and pulled by then is kept, the rest stays queued."""
    config = require_desk(library)
    batch = batch or default_batch()
    password = load_password(config.url, store)
    conn = connect(config.url, password, autocommit=True)
    try:
        rule = hello(conn, config.desk_id)[3]
        # a newsroom created before snapshots travelled has no table for them
        missing = missing_tables(conn)
        shares = "snapshots" not in missing
        pushed, duplicates, outcomes, sent = _push(library, conn, config.desk_id, batch,
                                                   progress, cancelled, shares)
        pulled = from_others = received = 0
        reconciled: list[str] = []
        if not push_only:
            names = dict(conn.execute("SELECT login, name FROM copydesk.reviewers").fetchall())
            pulled, from_others, received = _pull(library, conn, rule, batch, progress,
                                                  cancelled, shares, names)
            if not (cancelled and cancelled()):
                reconciled = _reconcile(library, conn, names)
    except Exception as error:
        if is_offline_error(error):
            message = f"the newsroom went away mid-sync ({str(error).splitlines()[0]})"
            record_sync(library, f"offline: {message}")
            raise NewsroomOffline(f"{message}; what was done is kept, "
                                  f"{pending_count(library)} event(s) still pending") from None
        raise
    finally:
        conn.close()
    head_seq, head = mirrored_head(library)
    report = SyncReport(pushed, duplicates, pulled, from_others, pending_count(library),
                        head_seq, head, tuple(outcomes), sent, received,
                        older_schema_message(missing) if missing else "",
                        tuple(reconciled))
    record_sync(library, f"ok at {now_iso()}: {report.describe()}")
    return report


def _payload(library: Library, seq: int, event_id: str) -> dict[str, Any]:
    conn = library.conn
    row = conn.execute("SELECT story_id, revision, actor, action, note, at, data FROM events "
                       "WHERE seq = ?", [seq]).fetchone()
    story_id, revision, actor, action, note, at, data = row
    event = {"event_id": event_id, "story_id": story_id, "revision": revision, "actor": actor,
             "action": action, "note": note, "at": at, "data": data}
    extra: dict[str, Any] = {}
    signed = _signature(library, seq)
    if signed:
        extra["signature"] = signed
    if action in ("import", "edit"):
        text = conn.execute("SELECT title, dek, body, references_json FROM revisions "
                            "WHERE story_id = ? AND revision = ?", [story_id, revision]
                            ).fetchone()
        if text:
            extra.update(title=text[0], dek=text[1] or "", body=text[2],
                         references_json=text[3] or "[]")
            before = conn.execute("SELECT revision FROM events WHERE story_id = ? AND seq < ? "
                                  "AND revision <> ? ORDER BY seq DESC LIMIT 1",
                                  [story_id, seq, revision]).fetchone()
            if before:
                extra["base_revision"] = before[0]
            if action == "import":
                extra["snapshots"] = _snapshots(library, story_id)
    if extra:
        event["extra"] = json.dumps(extra, ensure_ascii=False)
    return event


def _signature(library: Library, seq: int) -> dict[str, Any] | None:
    """The event's Ed25519 signature with the local fields it covers (its seq and links
    in this desk's chain), so the newsroom's copy can be checked against the key the
    desk's ``reviewer_add`` event registered."""
    conn = library.conn
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'event_signatures'").fetchone():
        return None
    row = conn.execute(
        "SELECT s.key_id, s.signature, e.prev_hash, e.story_prev_hash, e.hash "
        "FROM event_signatures s JOIN events e ON e.seq = s.seq WHERE s.seq = ?", [seq]
    ).fetchone()
    if row is None:
        return None
    return {"key_id": row[0], "signature": row[1], "seq": seq, "prev_hash": row[2],
            "story_prev_hash": row[3], "hash": row[4]}


def _snapshots(library: Library, story_id: str) -> list[dict[str, Any]]:
    rows = library.conn.execute(
        "SELECT r.n, s.text, s.title, s.fetched_at, s.sha256, s.how FROM story_references r "
        "JOIN snapshots s ON s.id = r.snapshot_id WHERE r.story_id = ? AND s.status = 'ok'",
        [story_id]).fetchall()
    return [{"n": r[0], "text": r[1], "title": r[2] or "", "fetched_at": r[3] or "",
             "sha256": r[4] or "", "how": r[5] or "bundled"} for r in rows]


def _push(library: Library, conn: Any, desk_id: str, batch: int, progress: Progress | None,
          cancelled: Callable[[], bool] | None, shares: bool
          ) -> tuple[int, int, list[Outcome], int]:
    pushed = duplicates = sent = 0
    outcomes: list[Outcome] = []
    total = pending_count(library)
    while not (cancelled and cancelled()):
        rows = library.conn.execute(
            "SELECT event_seq, event_id FROM newsroom_outbox WHERE state = 'pending' "
            "ORDER BY event_seq LIMIT ?", [batch]).fetchall()
        if not rows:
            break
        events = [_payload(library, seq, event_id) for seq, event_id in rows]
        sent += attach_to_push(library, conn, events, shares)
        answers = conn.execute("SELECT * FROM copydesk.push(%s, %s::jsonb)",
                               [desk_id, json.dumps(events, ensure_ascii=False)]).fetchall()
        by_id = {a[0]: a for a in answers}
        at = now_iso()
        with library.transaction() as db:
            for (seq, event_id), event in zip(rows, events, strict=True):
                _, server_seq, effect, duplicate = by_id[event_id]
                db.execute("UPDATE newsroom_outbox SET state = 'sent', server_seq = ?, "
                           "effect = ?, pushed_at = ? WHERE event_seq = ?",
                           [server_seq, effect, at, seq])
                duplicates += bool(duplicate)
                pushed += 1
                if effect != "applied" and effect != "recorded":
                    outcomes.append(Outcome(event["action"], event["story_id"], effect))
        if progress:
            progress("push", pushed, total)
    return pushed, duplicates, outcomes, sent


def _reconcile(library: Library, conn: Any, names: dict[str, str]) -> list[str]:
    """Stories whose local state is not the newsroom's take it again. A decision the
    newsroom refused moves nothing there (no ``updated_seq``), so the pull alone
    leaves the desk that made it on its own state."""
    stale = stale_stories(library, names)
    if stale:
        reconcile(library, conn.execute(f"SELECT {STORY_COLUMNS} FROM copydesk.stories "
                                        "WHERE id = ANY(%s)", [stale]).fetchall(), names)
    return stale


def _pull(library: Library, conn: Any, rule: int, batch: int, progress: Progress | None,
          cancelled: Callable[[], bool] | None, shares: bool,
          names: dict[str, str] | None = None) -> tuple[int, int, int]:
    pulled = from_others = received = 0
    while not (cancelled and cancelled()):
        seq, head = mirrored_head(library)
        rows = conn.execute(f"SELECT {COLUMNS}, extra FROM copydesk.events WHERE server_seq > %s "
                            "ORDER BY server_seq LIMIT %s", [seq, batch]).fetchall()
        events = [PulledEvent(*r) for r in rows]
        check_chain(events, head, seq)
        texts = download_missing(library, conn, wanted(events)) if shares else {}
        received += len(texts)
        stories: list[tuple[Any, ...]] = []
        if events:
            last = events[-1].server_seq
            stories = conn.execute(f"SELECT {STORY_COLUMNS} FROM copydesk.stories "
                                   "WHERE updated_seq > %s AND updated_seq <= %s",
                                   [seq, last]).fetchall()
            # a story changed again after this batch: its later state comes with that batch
        from_others += apply_pulled(library, events, stories, rule if not rows or
                                    len(rows) < batch else None, texts, names)
        pulled += len(events)
        if progress:
            progress("pull", pulled, pulled)
        if len(rows) < batch:
            break
    return pulled, from_others, received
