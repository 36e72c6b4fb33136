"""Writes by another process (the command line, a second desk) reach the open desk:
``PRAGMA data_version`` is asked on a timer (microseconds a time), and what the new
audit events changed is announced like any of the desk's own writes."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from app.changes import STATUS, Changes, for_action, of_events
from app.library.watch import LibraryWatch, last_event_seq
from ui.desk.context import DeskContext

POLL_MS = 500  # well inside the 2 s a change from elsewhere may take to show

class LibraryWatcher(QObject):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._drawn_events: set[int] = set()  # audit events drawn from the desk's writes
        # Own changes that named no event, with the last event then in the log: only
        # events up to it can be theirs.
        self._drawn_since_poll: list[tuple[Changes, int]] = []
        self._announcing = False
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
        if rows is not None:
            rows = [row for row in rows if not self._drawn(row)
                    and row[1] not in self.ctx.writing_to]
        self._drawn_since_poll.clear()
        if rows is None:
            return None
        if rows:
            seen = of_events(rows)
        elif self.watch.seq_moved:
            return None  # all of it was the desk's own, already drawn
        else:  # a commit with no event: some rows may read differently
            seen = Changes(frozenset(), frozenset({STATUS}))
        self._announcing = True
        try:
            self.ctx.announce(seen)
        finally:
            self._announcing = False
        return seen

    def drawn(self, changes: Changes) -> None:
        """The desk redrew ``changes`` from its own write: not again when seen here."""
        if self._announcing:
            return
        if changes.events:
            self._drawn_events |= changes.events
        else:
            self._drawn_since_poll.append((changes, last_event_seq(self.ctx.library)))

    def _drawn(self, event: tuple[int, str, str]) -> bool:
        seq, story_id, action = event
        if seq in self._drawn_events:
            self._drawn_events.discard(seq)
            return True
        kinds = for_action(story_id, action).kinds
        return any(seq <= upto and story_id in c.story_ids and kinds <= c.kinds
                   for c, upto in self._drawn_since_poll)

    def stop(self) -> None:
        self.timer.stop()
