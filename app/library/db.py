"""Open the library file: WAL, busy timeout, numbered migrations applied at start.

Writes go through ``transaction()`` (``BEGIN IMMEDIATE``) so that a second Copydesk on
the same file waits for the lock instead of failing with "database is locked", and a
multi-row change is all there or not at all. Each thread opens its own ``Library``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

if TYPE_CHECKING:  # imported when a migration runs, not at every start
    import sqlite_utils

from app.errors import CopydeskError

BUSY_TIMEOUT_MS = 15_000
Migration = Callable[["sqlite_utils.Database"], None]


def default_library_path() -> Path:
    """``COPYDESK_DB`` if set, else ``library.sqlite3`` in the user data directory."""
    env = os.environ.get("COPYDESK_DB", "").strip()
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("copydesk", appauthor=False)) / "library.sqlite3"


def _migration_1(db: sqlite_utils.Database) -> None:
    db.table("stories").create(
        {
            "id": str, "title": str, "dek": str, "body": str, "status": str,
            "origin": str, "source_name": str, "revision": str, "imported_revision": str,
            "version": int, "created_at": str, "updated_at": str, "summary": str,
            "blockers": int, "warnings": int, "boilerplate": str, "parse_findings": str,
            "input_warnings": str,
        },
        pk="id",
        defaults={"status": "new", "version": 1, "blockers": 0, "warnings": 0},
        not_null={"title", "body", "status", "revision"},
    )
    db.table("revisions").create(
        {
            "story_id": str, "revision": str, "seq": int, "title": str, "dek": str,
            "body": str, "references_json": str, "created_at": str, "actor": str, "note": str,
        },
        pk=("story_id", "revision"),
        foreign_keys=[("story_id", "stories", "id")],
    )
    db.table("snapshots").create(
        {
            "id": int, "url": str, "final_url": str, "status": str, "how": str, "text": str,
            "html": str, "title": str, "content_type": str, "fetched_at": str, "sha256": str,
            "reason": str, "http_status": int, "author": str, "published": str,
        },
        pk="id",
    )
    db.table("snapshots").create_index(["url"])
    db.table("story_references").create(
        {
            "story_id": str, "position": int, "n": int, "publisher": str, "title": str,
            "url": str, "snapshot_id": int,
        },
        pk=("story_id", "position"),
        foreign_keys=[("story_id", "stories", "id"), ("snapshot_id", "snapshots", "id")],
    )
    db.table("story_references").create_index(["url"])
    db.table("overrides").create(
        {
            "story_id": str, "revision": str, "claim_index": int, "n": int,
            "verdict": str, "note": str, "actor": str, "at": str,
        },
        pk=("story_id", "revision", "claim_index", "n"),
    )
    db.table("stories").create_index(["status"])
    db.table("stories").create_index(["updated_at"])
    db.table("stories").enable_fts(["title", "body"], fts_version="FTS5", create_triggers=True)


def _migration_2_workflow(db: sqlite_utils.Database) -> None:
    """The audit log (append-only, hash-chained) and the library's shared settings."""
    db.execute(
        "CREATE TABLE events ("
        " seq INTEGER PRIMARY KEY,"
        " story_id TEXT NOT NULL DEFAULT '',"
        " revision TEXT NOT NULL DEFAULT '',"
        " actor TEXT NOT NULL,"
        " action TEXT NOT NULL,"
        " note TEXT NOT NULL DEFAULT '',"
        " at TEXT NOT NULL,"
        " data TEXT NOT NULL DEFAULT '{}',"
        " prev_hash TEXT NOT NULL,"
        " story_prev_hash TEXT NOT NULL,"
        " hash TEXT NOT NULL UNIQUE)"
    )
    db.execute("CREATE INDEX idx_events_story ON events (story_id, seq)")
    # The log is evidence: the file itself refuses to rewrite or forget an event.
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER events_no_{verb.lower()} BEFORE {verb} ON events "
            f"BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
        )
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _migration_3_publishing(db: sqlite_utils.Database) -> None:
    """Publishing targets, the outbox of exports and each story's post on each target.

    No secret is stored here: a target's password or key lives in the OS keyring.
    """
    db.execute(
        "CREATE TABLE targets ("
        " name TEXT PRIMARY KEY,"
        " kind TEXT NOT NULL CHECK (kind IN ('folder', 'wordpress', 'ghost', 'webhook')),"
        " url TEXT NOT NULL,"
        " user TEXT NOT NULL DEFAULT '',"
        " options TEXT NOT NULL DEFAULT '{}',"
        " created_at TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE outbox ("
        " id INTEGER PRIMARY KEY,"
        " idempotency_key TEXT NOT NULL UNIQUE,"
        " story_id TEXT NOT NULL,"
        " revision TEXT NOT NULL,"
        " target TEXT NOT NULL,"
        " payload TEXT NOT NULL,"
        " payload_sha256 TEXT NOT NULL,"
        " state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN"
        "  ('pending', 'sending', 'sent', 'failed', 'needs_credentials', 'cancelled')),"
        " attempts INTEGER NOT NULL DEFAULT 0,"
        " next_attempt_at REAL NOT NULL DEFAULT 0,"
        " last_error TEXT NOT NULL DEFAULT '',"
        " http_status INTEGER,"
        " remote_id TEXT NOT NULL DEFAULT '',"
        " remote_url TEXT NOT NULL DEFAULT '',"
        " claimed_by TEXT NOT NULL DEFAULT '',"
        " claimed_at REAL,"
        " actor TEXT NOT NULL DEFAULT '',"
        " created_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL,"
        " sent_at TEXT,"
        " UNIQUE (story_id, revision, target))"
    )
    db.execute("CREATE INDEX idx_outbox_due ON outbox (state, next_attempt_at)")
    db.execute(
        "CREATE TABLE publications ("
        " story_id TEXT NOT NULL,"
        " target TEXT NOT NULL,"
        " publication_key TEXT NOT NULL,"
        " remote_id TEXT NOT NULL DEFAULT '',"
        " remote_url TEXT NOT NULL DEFAULT '',"
        " revision TEXT NOT NULL DEFAULT '',"
        " updated_at TEXT NOT NULL,"
        " PRIMARY KEY (story_id, target))"
    )


def _migration_4_newsroom(db: sqlite_utils.Database) -> None:
    """A desk's side of a newsroom: its connection, the outbox of events still to push,
    the mirror of the newsroom's log, and the shared work (comments, assignments).

    Additive: a library that never joins a newsroom only gains empty tables. Events
    reach the outbox through a trigger, in the very transaction that records them, so a
    decision saved on this desk is queued for the newsroom or was never saved at all.
    """
    db.execute(
        "CREATE TABLE newsroom_desk ("
        " id INTEGER PRIMARY KEY CHECK (id = 1),"
        " url TEXT NOT NULL,"
        " login TEXT NOT NULL,"
        " reviewer TEXT NOT NULL,"
        " role TEXT NOT NULL DEFAULT '',"
        " desk_id TEXT NOT NULL,"
        " joined_at TEXT NOT NULL,"
        " last_sync_at TEXT NOT NULL DEFAULT '',"
        " last_sync_result TEXT NOT NULL DEFAULT '',"
        " pulled_seq INTEGER NOT NULL DEFAULT 0,"
        " head TEXT NOT NULL DEFAULT '')"
    )
    db.execute(
        "CREATE TABLE newsroom_outbox ("
        " event_seq INTEGER PRIMARY KEY REFERENCES events (seq),"
        " event_id TEXT NOT NULL UNIQUE,"
        " state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent')),"
        " server_seq INTEGER,"
        " effect TEXT NOT NULL DEFAULT '',"
        " pushed_at TEXT NOT NULL DEFAULT '')"
    )
    db.execute("CREATE INDEX idx_newsroom_outbox_state ON newsroom_outbox (state, event_seq)")
    # Present (one row) only inside the transaction that applies pulled events: what
    # another desk did must not be queued to go back to the newsroom.
    db.execute("CREATE TABLE newsroom_applying (flag INTEGER NOT NULL)")
    db.execute(
        "CREATE TRIGGER newsroom_queue_event AFTER INSERT ON events "
        "WHEN EXISTS (SELECT 1 FROM newsroom_desk) "
        " AND NOT EXISTS (SELECT 1 FROM newsroom_applying) "
        "BEGIN INSERT INTO newsroom_outbox (event_seq, event_id) "
        " VALUES (NEW.seq, lower(hex(randomblob(16)))); END"
    )
    db.execute(
        "CREATE TABLE newsroom_log ("
        " server_seq INTEGER PRIMARY KEY,"
        " event_id TEXT NOT NULL UNIQUE,"
        " desk TEXT NOT NULL, login TEXT NOT NULL, actor TEXT NOT NULL,"
        " claimed_actor TEXT NOT NULL, story_id TEXT NOT NULL, revision TEXT NOT NULL,"
        " action TEXT NOT NULL, note TEXT NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL,"
        " effect TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE)"
    )
    db.execute(
        "CREATE TABLE newsroom_stories ("
        " story_id TEXT PRIMARY KEY,"
        " status TEXT NOT NULL, revision TEXT NOT NULL,"
        " conflict INTEGER NOT NULL DEFAULT 0,"
        " conflict_revisions TEXT NOT NULL DEFAULT '[]',"
        " assigned_to TEXT NOT NULL DEFAULT '',"
        " server_version INTEGER NOT NULL DEFAULT 0)"
    )
    db.execute(
        "CREATE TABLE comments ("
        " id TEXT PRIMARY KEY,"
        " story_id TEXT NOT NULL, revision TEXT NOT NULL, claim_index INTEGER NOT NULL,"
        " parent_id TEXT NOT NULL DEFAULT '',"
        " author TEXT NOT NULL, body TEXT NOT NULL, at TEXT NOT NULL,"
        " resolved_by TEXT NOT NULL DEFAULT '', resolved_at TEXT NOT NULL DEFAULT '')"
    )
    db.execute("CREATE INDEX idx_comments_story ON comments (story_id, claim_index, at)")
    db.execute(
        "CREATE TABLE assignments ("
        " story_id TEXT PRIMARY KEY, assignee TEXT NOT NULL, assigned_by TEXT NOT NULL,"
        " at TEXT NOT NULL)"
    )


# Append only: a released migration is never edited, a new one is added.
MIGRATIONS: list[Migration] = [
    _migration_1, _migration_2_workflow, _migration_3_publishing, _migration_4_newsroom,
]


class LibraryBusyError(CopydeskError):
    """The library file stayed locked by another Copydesk past the busy timeout."""


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


class Library:
    """One connection to the library file, with its schema brought up to date."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_library_path()
        if str(self.path) != ":memory:":
            if self.path.is_dir():
                raise CopydeskError(f"{self.path}: is a directory, not a library file")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise CopydeskError(
                    f"{self.path}: cannot create its folder ({error.strerror or error})"
                ) from None
        try:
            conn = sqlite3.connect(
                str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                check_same_thread=False,
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.OperationalError as error:
            raise CopydeskError(f"{self.path}: cannot open the library ({error})") from None
        except sqlite3.DatabaseError as error:
            raise CopydeskError(f"{self.path}: not a Copydesk library ({error})") from None
        self.conn = conn
        self._migrate()

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        if current > len(MIGRATIONS):
            raise CopydeskError(
                f"{self.path}: library schema {current} is newer than this Copydesk "
                f"(knows {len(MIGRATIONS)}); update Copydesk"
            )
        if current == len(MIGRATIONS):
            return
        import sqlite_utils

        database = sqlite_utils.Database(self.conn)
        with self.transaction():
            # Re-read inside the lock: another process may have migrated meanwhile.
            current = self.schema_version
            for number, migration in enumerate(MIGRATIONS[current:], start=current + 1):
                migration(database)
                self.conn.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; rolls back on any exception.

        A lock held by another Copydesk past the busy timeout becomes
        ``LibraryBusyError``: one readable line, and nothing was changed.
        """
        if self.conn.in_transaction:
            yield self.conn  # already inside one: join it
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if _is_busy(error):
                raise self._busy() from None
            raise
        try:
            yield self.conn
        except BaseException as error:
            self._pending_after_commit().clear()
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError) and _is_busy(error):
                raise self._busy() from None
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as error:
                self._pending_after_commit().clear()
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if _is_busy(error):
                    raise self._busy() from None
                raise
            self._run_after_commit()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the current transaction has committed (at once when
        none is open); dropped when it rolls back. For records kept outside the file,
        such as the audit log's anchor, which must never get ahead of it."""
        self._pending_after_commit().append(callback)
        if not self.conn.in_transaction:
            self._run_after_commit()

    def _pending_after_commit(self) -> list[Callable[[], None]]:
        return self.__dict__.setdefault("_after_commit", [])

    def _run_after_commit(self) -> None:
        pending = self._pending_after_commit()
        while pending:
            pending.pop(0)()

    def _busy(self) -> LibraryBusyError:
        return LibraryBusyError(
            f"{self.path}: the library stayed busy (another Copydesk is writing); "
            "nothing was changed, try again"
        )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
