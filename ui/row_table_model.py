"""What the desk's table models share: a list of immutable rows shown in columns."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
ROOT_INDEX = QModelIndex()


class RowTableModel(QAbstractTableModel):
    """Flat, read-only rows; subclasses name ``COLUMNS`` and their ``headers()``."""

    COLUMNS: tuple[str, ...] = ()

    _rows: Any  # a list or tuple of the core's frozen row objects

    def headers(self) -> tuple[str, ...]:
        """Translated column titles, one per entry of ``COLUMNS``."""
        raise NotImplementedError

    def row_for(self, index: Index) -> Any | None:
        """The row object behind a valid index, or None."""
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        return self._rows[index.row()]

    def rowCount(self, parent: Index = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return self.headers()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)
