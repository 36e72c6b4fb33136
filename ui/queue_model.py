"""The queue: the library's stories as a lazily fetched table model."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QModelIndex,
    Qt,
)

from app.library import Library, StoryRow
from app.library.queue import (
    QUEUE_SORTS,
    count_queue,
    list_queue,
    open_items,
    queue_row,
)
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

    COLUMNS = ("status", "title", "verdicts", "open", "updated")
    BATCH = 200

    def __init__(self, library: Library, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.library = library
        self.status: str | None = None
        self.query: str | None = None
        self.triage: str | None = None  # a filter of app.library.queue.QUEUE_FILTERS
        self.assignee: str | None = None  # a newsroom's "assigned to me": the name
        self.sort_by = "updated"
        self.descending = True
        self._rows: list[StoryRow] = []
        self._total = 0
        self._total = count_queue(library)

    # -- filtering and sorting --------------------------------------------------------
    def set_filter(self, status: str | None, query: str | None,
                   triage: str | None = None, assignee: str | None = None) -> None:
        status = status or None
        query = (query or "").strip() or None
        triage = triage or None
        assignee = assignee or None
        if (status, query, triage, assignee) == (self.status, self.query, self.triage,
                                                 self.assignee):
            return
        self.status, self.query, self.triage, self.assignee = status, query, triage, assignee
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted in SQL, so the order holds for rows not fetched yet; the Verdicts
        column has no order of its own (To check is the count to sort by)."""
        if not 0 <= column < len(self.COLUMNS) or self.COLUMNS[column] not in QUEUE_SORTS:
            return
        sort_by = self.COLUMNS[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if (sort_by, descending) == (self.sort_by, self.descending):
            return
        self.sort_by, self.descending = sort_by, descending
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._total = count_queue(self.library, self.status, self.query, self.triage,
                                  self.assignee)
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
        where it is: a row does not jump away from under the reviewer's pointer while
        the filter still takes it (the next search or sort puts it in order). No
        reset, so loaded pages and the selection stay."""
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
        if fresh != self._rows[i]:
            self._rows[i] = fresh
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))

    def refresh_loaded(self) -> None:
        """Re-read every loaded row (a change of stories unknown, from another process)."""
        for row in list(self._rows):
            self.refresh_story(row.id)

    def _fetch_row(self, story_id: str) -> StoryRow | None:
        return queue_row(self.library, story_id, self.status, self.query, self.triage,
                         self.assignee)

    # -- lazy fetching ----------------------------------------------------------------
    def canFetchMore(self, parent: Index = ROOT_INDEX) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = ROOT_INDEX) -> None:
        if parent.isValid():
            return
        batch = list_queue(self.library, self.status, self.query, self.triage,
                           self.sort_by, self.descending, limit=self.BATCH,
                           offset=len(self._rows), assignee=self.assignee)
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
        # "To check", not "Open": the gate's open items are what the policy blocks,
        # less what was waived; this is what is left to read (a new user read both as one)
        return (tr("Status"), tr("Title"), tr("Verdicts"), tr("To check"), tr("Updated"))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.COLUMNS) and self.COLUMNS[section] == "open"):
            return tr("Left to check: citations not shown as supported, plus blocker "
                      "findings. What stops the export is the story's gate (Review ▸ Approve "
                      "lists it).")
        return super().headerData(section, orientation, role)

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
            if column == "open":
                return open_items(row) if row.summary else "–"  # "–": never checked
            return short_time(row.updated_at)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "open":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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
            if column == "open":
                s = row.summary
                citations = max(int(s.get("citations", 0)) - int(s.get("supported", 0)), 0)
                return tr("Not supported: {c} citations; blockers: {b}").format(
                    c=citations, b=row.blockers)
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
