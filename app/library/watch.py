"""Notice writes made by other connections: another desk, the command line, a worker.

``PRAGMA data_version`` changes whenever another connection commits to the file, and
reading it costs microseconds, so a desk can ask it twice a second. When it moved, the
audit log's events after the last one seen say which stories changed and how
(``app.changes``); a write that left no event (a summary refresh) still counts as a
change, of unknown stories.
"""

from __future__ import annotations

from app.changes import NOTHING, STATUS, Changes, of_events
from app.library.db import Library


def data_version(library: Library) -> int:
    """This connection's view of the file's version: moves on other connections' commits."""
    return int(library.conn.execute("PRAGMA data_version").fetchone()[0])


def last_event_seq(library: Library) -> int:
    return int(library.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0])


class LibraryWatch:
    """Polled by the desk: ``poll()`` returns what other connections changed since the
    last poll (``NOTHING`` when the file is as it was)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.version = data_version(library)
        self.seq = last_event_seq(library)
        self.seq_moved = False  # did the last poll find new events?

    def poll(self) -> Changes:
        rows = self.poll_events()
        if rows is None:
            return NOTHING
        if rows:
            return of_events(rows)
        # Committed without an event (a summary refreshed after a check): rows may differ.
        return Changes(frozenset(), frozenset({STATUS}))

    def poll_events(self) -> list[tuple[int, str, str]] | None:
        """None when the file is as it was; else the new events' (seq, story_id, action),
        which may be none (a commit that wrote no event)."""
        version = data_version(self.library)
        if version == self.version:
            return None
        self.version = version
        rows = [(int(seq), str(story_id or ""), str(action)) for seq, story_id, action in
                self.library.conn.execute(
                    "SELECT seq, story_id, action FROM events WHERE seq > ? ORDER BY seq",
                    [self.seq]).fetchall()]
        self.seq_moved = bool(rows)
        if rows:
            self.seq = rows[-1][0]
        return rows
