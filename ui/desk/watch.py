"""Writes by another process (the command line, a second desk) reach the open desk:
``PRAGMA data_version`` is asked on a timer (microseconds a time), and what the new
audit events changed is announced like any of the desk's own writes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from app.changes import STATUS, Changes, of_events
from app.library.watch import LibraryWatch
from ui.desk.context import DeskContext

POLL_MS = 500  # well inside the 2 s a change from elsewhere may take to show

# (seq, story_id, action) of one audit event -> did the desk already draw it?
Drawn = Callable[[tuple[int, str, str]], bool]


class LibraryWatcher(QObject):
    def __init__(self, ctx: DeskContext, drawn: Drawn) -> None:
        super().__init__()
        self.ctx = ctx
        self.drawn = drawn
        self.watch = LibraryWatch(ctx.library)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> Changes | None:
        """Announce what other connections changed; returns it (None: nothing new)."""
        # While the desk's own write runs, wait: its result redraws it, once.
        if self.ctx.writes or self.ctx.closing():
            return None
        rows = self.watch.poll_events()
        if rows is None:
            return None
        if rows:
            rows = [row for row in rows if not self.drawn(row)]
            if not rows:
                return None  # all of it was the desk's own, already drawn
            seen = of_events(rows)
        else:  # a commit with no event: some rows may read differently
            seen = Changes(frozenset(), frozenset({STATUS}))
        self.ctx.announce(seen)
        return seen

    def stop(self) -> None:
        self.timer.stop()
