"""The queue: search and filters, the count, following the open story, and redrawing
rows from what changed (``update_rows``, called from the controller's one redraw)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from app.changes import POLICY, STORIES, Changes
from ui.desk.context import DeskContext
from ui.i18n import translator
from ui.queue_model import StoryQueueModel

log = logging.getLogger(__name__)
tr = translator("Desk")


class Queue(QObject):
    def __init__(self, ctx: DeskContext, model: StoryQueueModel) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = model
        # A newsroom's "Assigned to me": the name to filter by, or None (the controller
        # sets it; without a newsroom it stays None).
        self.assignee: Callable[[], str | None] = lambda: None
        q = ctx.window.queue
        q.table.setModel(model)
        q.fit_columns()
        q.table.selectionModel().currentRowChanged.connect(self._on_row)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filter)
        q.search.textChanged.connect(lambda _t: self._search_timer.start())
        q.search.returnPressed.connect(self.apply_filter)
        q.status.currentIndexChanged.connect(lambda _i: self.apply_filter())
        q.triage.currentIndexChanged.connect(lambda _i: self.apply_filter())
        model.modelReset.connect(self.select_current)  # a sort resets the rows
        model.modelReset.connect(self.show_count)
        model.rowsInserted.connect(self.show_count)
        model.rowsRemoved.connect(self.show_count)
        ctx.window.act_search.triggered.connect(self.focus_search)
        ctx.window.act_focus_queue.triggered.connect(q.table.setFocus)

    def apply_filter(self) -> None:
        q = self.ctx.window.queue
        try:
            self.model.set_filter(q.status.currentData() or None, q.search.text(),
                                  q.triage.currentData() or None, self.assignee())
        except Exception as error:  # a malformed FTS query must not break the queue
            log.warning("search failed: %s", error)
            self.ctx.status(tr("Search failed: {e}").format(e=error), 5000)
        self.select_current()

    def update_rows(self, changes: Changes) -> None:
        """Rows keep their place while the filter allows; stories that came or went,
        a library-wide change, or a story the filter may now take in reload the page."""
        model = self.model
        filtered = bool(model.status or model.query or model.triage or model.assignee)
        unknown = not changes.story_ids
        missing = any(model.row_of(story_id) < 0 for story_id in changes.story_ids)
        if changes.has(STORIES) or (filtered and missing) or (
                unknown and changes.has(POLICY)):
            model.reload()
        elif unknown:
            model.refresh_loaded()
        else:
            for story_id in changes.story_ids:
                model.refresh_story(story_id)
        self.show_count()

    def refresh_row(self, story_id: str) -> None:
        """A story was opened: its row says what the header says."""
        self.model.refresh_story(story_id)
        self.select_current()

    def show_count(self, *_: Any) -> None:
        n = self.model.total
        self.ctx.window.queue.count.setText(
            (tr("{n} story") if n == 1 else tr("{n} stories")).format(n=n))

    def _on_row(self, current: Any, _previous: Any) -> None:
        row = self.model.story_at(current.row()) if current.isValid() else None
        if row and not self.ctx.session.is_open(row.id):
            self.ctx.open_story(row.id)

    def select_current(self) -> None:
        c = self.ctx.session.current
        if not c:
            return
        table = self.ctx.window.queue.table
        i = self.model.row_of(c.id)
        if i >= 0 and table.currentIndex().row() != i:
            table.selectionModel().blockSignals(True)
            table.selectRow(i)
            table.selectionModel().blockSignals(False)

    def focus_search(self) -> None:
        self.ctx.window.queue_dock.show()
        self.ctx.window.queue.search.setFocus()
        self.ctx.window.queue.search.selectAll()
