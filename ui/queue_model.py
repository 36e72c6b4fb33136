"""The queue: the library's stories as a lazily fetched table model."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.library import Library, StoryRow, count_stories, list_stories
from ui.i18n import translator
from ui.labels import STATUS_LABELS, status_label
from ui.theme import SEVERITY_SYMBOL, VERDICT_SYMBOL

__all__ = ["STATUS_LABELS", "StoryQueueModel", "status_label"]

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


tr = translator("StoryQueueModel")


def verdict_counts(summary: dict[str, int]) -> str:
    shown = [f"{summary.get(v, 0)}{VERDICT_SYMBOL[v]}"
             for v in ("supported", "partial", "unsupported", "unavailable", "dangling")
             if summary.get(v, 0)]
    return " ".join(shown) or "–"


def short_time(stamp: str) -> str:
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    now = datetime.now().astimezone()
    if when.date() == now.date():
        return when.strftime("%H:%M")
    if when.year == now.year:
        return when.strftime("%d %b")
    return when.strftime("%Y-%m-%d")


class StoryQueueModel(QAbstractTableModel):
    """Rows are immutable ``StoryRow``s fetched a batch at a time as the view scrolls."""

    StoryIdRole = Qt.ItemDataRole.UserRole + 1
    StatusRole = Qt.ItemDataRole.UserRole + 2
    RowRole = Qt.ItemDataRole.UserRole + 3

    COLUMNS = ("status", "title", "verdicts", "updated")
    BATCH = 200

    def __init__(self, library: Library, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.library = library
        self.status: str | None = None
        self.query: str | None = None
        self._rows: list[StoryRow] = []
        self._total = 0
        self._total = count_stories(library)

    # -- filtering ------------------------------------------------------------------
    def set_filter(self, status: str | None, query: str | None) -> None:
        status = status or None
        query = (query or "").strip() or None
        if (status, query) == (self.status, self.query):
            return
        self.status, self.query = status, query
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._total = count_stories(self.library, self.status, self.query)
        self.endResetModel()
        # Views ask for more only when they next lay out; the first page should not wait.
        if self.canFetchMore():
            self.fetchMore()

    @property
    def total(self) -> int:
        return self._total

    def row_of(self, story_id: str) -> int:
        for i, row in enumerate(self._rows):
            if row.id == story_id:
                return i
        return -1

    def story_at(self, row: int) -> StoryRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def refresh_story(self, story_id: str) -> None:
        """Re-read one loaded row (status or counts changed) without a reset."""
        i = self.row_of(story_id)
        if i < 0:
            return
        fresh = [r for r in list_stories(self.library, status=self.status, query=self.query,
                                         limit=1, offset=i) if r.id == story_id]
        if fresh:
            self._rows[i] = fresh[0]
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))
        else:
            self.reload()

    # -- lazy fetching ----------------------------------------------------------------
    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if parent.isValid():
            return
        batch = list_stories(self.library, status=self.status, query=self.query,
                             limit=self.BATCH, offset=len(self._rows))
        batch = batch[: self._total - len(self._rows)]
        if not batch:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    # -- the model interface ----------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return (tr("Status"), tr("Title"), tr("Verdicts"), tr("Updated"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "status":
                return status_label(row.status)
            if column == "title":
                return row.title
            if column == "verdicts":
                return verdict_counts(row.summary)
            return short_time(row.updated_at)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "verdicts":
                s = row.summary
                parts = [f"{s.get(v, 0)} {tr(v)}" for v in
                         ("supported", "partial", "unsupported", "unavailable", "dangling")]
                extra = []
                if row.blockers:
                    extra.append(f"{SEVERITY_SYMBOL['blocker']} {row.blockers} " + tr("blockers"))
                if row.warnings:
                    extra.append(f"{SEVERITY_SYMBOL['warning']} {row.warnings} " + tr("warnings"))
                return ", ".join(parts) + ("\n" + ", ".join(extra) if extra else "")
            if column == "title":
                return row.title
            if column == "updated":
                return row.updated_at
            return None
        if role == self.StoryIdRole:
            return row.id
        if role == self.StatusRole:
            return row.status
        if role == self.RowRole:
            return row
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren
