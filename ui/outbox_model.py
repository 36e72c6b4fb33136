"""The outbox as a table: one immutable ``OutboxRow`` per export, replaced whole on refresh.

The outbox is small next to the queue (the exports of a day or a week), so the model
holds the rows the controller read on a worker and is reset when a fresh list arrives;
the view keeps its selection by row id across resets.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from ui.i18n import translator
from ui.row_table_model import Index, RowTableModel

STATE_WORDS = {
    "pending": "queued",
    "sending": "sending",
    "sent": "published ↗",
    "needs_credentials": "needs credentials",
    "failed": "failed",
    "cancelled": "cancelled",
}
RETRYABLE = ("failed", "needs_credentials", "cancelled")
CANCELLABLE = ("pending", "failed", "needs_credentials")


tr = translator("OutboxModel")


def state_text(row: Any) -> str:
    """What the State column says: the state and, when it stopped, the site's message."""
    word = tr(STATE_WORDS.get(row.state, row.state))
    if row.state in ("failed", "needs_credentials") and row.last_error:
        return f"{word}: {row.last_error}"
    if row.state == "pending" and row.last_error:  # waiting out a backoff
        return tr("{queued}, will retry: {e}").format(queued=word, e=row.last_error)
    return word


def next_try_text(row: Any, now: float | None = None) -> str:
    if row.state != "pending":
        return "–"
    now = time.time() if now is None else now
    wait = row.next_attempt_at - now
    if wait <= 0:
        return tr("now")
    if wait < 60:
        return tr("in {s} s").format(s=int(wait) + 1)
    if wait < 3600:
        return tr("in {m} min").format(m=int(wait // 60) + 1)
    return datetime.fromtimestamp(row.next_attempt_at).strftime("%H:%M")


class OutboxModel(RowTableModel):
    """Exports, newest first. Rows are the core's frozen ``OutboxRow``s."""

    RowIdRole = Qt.ItemDataRole.UserRole + 1
    StateRole = Qt.ItemDataRole.UserRole + 2
    UrlRole = Qt.ItemDataRole.UserRole + 3
    RowRole = Qt.ItemDataRole.UserRole + 4

    COLUMNS = ("story", "target", "revision", "state", "attempts", "next")

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: tuple[Any, ...] = ()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def times_passed(self) -> None:
        """The Next try column is relative to now: have views read it again."""
        if self._rows:
            column = self.COLUMNS.index("next")
            self.dataChanged.emit(self.index(0, column),
                                  self.index(len(self._rows) - 1, column),
                                  [Qt.ItemDataRole.DisplayRole])

    def row_at(self, i: int) -> Any | None:
        return self._rows[i] if 0 <= i < len(self._rows) else None

    def row_of(self, row_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.id == row_id:
                return i
        return -1

    def headers(self) -> tuple[str, ...]:
        return (tr("Story"), tr("Target"), tr("Revision"), tr("State"), tr("Attempts"),
                tr("Next try"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row_for(index)
        if row is None:
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "story":
                return row.title or row.story_id
            if column == "target":
                return row.target
            if column == "revision":
                return row.revision[:8]
            if column == "state":
                return state_text(row)
            if column == "attempts":
                return str(row.attempts)
            return next_try_text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "state":
                if row.state == "sent" and row.remote_url:
                    return tr("Published at {url} — click to open").format(url=row.remote_url)
                if row.last_error:
                    status = f" (HTTP {row.http_status})" if row.http_status else ""
                    return row.last_error + status
                return None
            if column == "story":
                return f"{row.title}\n{row.story_id}"
            if column == "revision":
                return row.revision
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == "state" \
                and row.state == "sent" and row.remote_url:
            return QGuiApplication.palette().color(QPalette.ColorRole.Link)
        if role == Qt.ItemDataRole.FontRole and column == "state" and row.state == "sent" \
                and row.remote_url:
            font = QFont()
            font.setUnderline(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole and column == "state":
            return state_text(row)
        if role == self.RowIdRole:
            return row.id
        if role == self.StateRole:
            return row.state
        if role == self.UrlRole:
            return row.remote_url if row.state == "sent" else ""
        if role == self.RowRole:
            return row
        return None
