"""The queue: the library's stories as a lazily fetched table model."""

from __future__ import annotations

import json
from datetime import datetime

from PySide6.QtCore import (
    QModelIndex,
    Qt,
)

from app.library import Library, StoryRow, count_stories, list_stories
from app.library.stories import fts_query
from ui.i18n import translator
from ui.labels import STATUS_LABELS, status_label
from ui.row_table_model import ROOT_INDEX, Index, RowTableModel
from ui.theme import SEVERITY_SYMBOL, VERDICT_SYMBOL

__all__ = ["STATUS_LABELS", "StoryQueueModel", "status_label"]



tr = translator("StoryQueueModel")


def verdict_counts(summary: dict[str, int]) -> str:
    shown = [f"{summary.get(v, 0)}{VERDICT_SYMBOL[v]}"
             for v in ("supported", "partial", "contradicted", "unsupported", "unavailable",
                               "dangling")
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


class StoryQueueModel(RowTableModel):
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
        """Re-read one loaded row by its id (status, counts or time changed) and update it
        in place, moving it to where the queue's order now puts it; no reset, so loaded
        pages and the selection stay."""
        i = self.row_of(story_id)
        if i < 0:
            return
        fresh = self._fetch_row(story_id)
        if fresh is None:  # deleted, or no longer matches the filter
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._rows[i]
            self._total = max(0, self._total - 1)
            self.endRemoveRows()
            return
        self._rows[i] = fresh
        if not self.query:  # newest first by updated_at (search results keep rowid order)
            others = self._rows[:i] + self._rows[i + 1:]
            k = next((j for j, r in enumerate(others) if r.updated_at < fresh.updated_at),
                     len(others))
            destination = k if k <= i else k + 1
            if destination not in (i, i + 1):
                self.beginMoveRows(QModelIndex(), i, i, QModelIndex(), destination)
                self._rows = others[:k] + [fresh] + others[k:]
                self.endMoveRows()
                i = k
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))

    def _fetch_row(self, story_id: str) -> StoryRow | None:
        sql = ("SELECT s.id, s.title, s.status, s.updated_at, s.revision, s.summary, "
               "s.blockers, s.warnings FROM stories s WHERE s.id = ?")
        params: list[object] = [story_id]
        if self.status:
            sql += " AND s.status = ?"
            params.append(self.status)
        if self.query:
            sql += " AND s.rowid IN (SELECT rowid FROM stories_fts WHERE stories_fts MATCH ?)"
            params.append(fts_query(self.query))
        r = self.library.conn.execute(sql, params).fetchone()
        if r is None:
            return None
        return StoryRow(r[0], r[1], r[2], r[3], r[4], json.loads(r[5] or "{}"), r[6] or 0,
                        r[7] or 0)

    # -- lazy fetching ----------------------------------------------------------------
    def canFetchMore(self, parent: Index = ROOT_INDEX) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = ROOT_INDEX) -> None:
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
    def headers(self) -> tuple[str, ...]:
        return (tr("Status"), tr("Title"), tr("Verdicts"), tr("Updated"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row_for(index)
        if row is None:
            return None
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
                         ("supported", "partial", "contradicted", "unsupported", "unavailable",
                               "dangling")]
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
