"""The Outbox dock: every export with its state, and Retry, Cancel, Send now.

Layout only; the controller (``ui.publishing``) fills the model and acts on the buttons.
A published row's address opens in the browser only when its State cell is clicked or
Enter is pressed on its row.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translator

tr = translator("OutboxPanel")


STATE_COLUMN = 3  # OutboxModel.COLUMNS.index("state"); kept here so views need no model


class OutboxPanel(QWidget):
    """Table of exports, a line of detail for the selected one, and the actions."""

    link_clicked = Signal(str)

    UrlRole = Qt.ItemDataRole.UserRole + 3  # OutboxModel.UrlRole

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outboxPanel")
        self.table = QTableView()
        self.table.setObjectName("outboxTable")
        self.table.setAccessibleName(tr("Exports in the outbox"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.clicked.connect(self._on_clicked)
        # the keyboard way to the published page: Enter on its row (a shortcut rather
        # than "activated", which a double click would also fire after the click)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.setAutoRepeat(False)  # holding Enter opens the page once
            enter.activated.connect(
                lambda: self._open_published(
                    self.table.currentIndex().siblingAtColumn(STATE_COLUMN)))
        self.detail = QLabel()
        self.detail.setObjectName("outboxDetail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)  # a site's own error text
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName(tr("Selected export"))
        self.summary = QLabel()
        self.summary.setObjectName("outboxSummary")
        self.retry = QPushButton(tr("Retr&y"))
        self.retry.setToolTip(tr("Send a failed, parked or cancelled export again"))
        self.cancel = QPushButton(tr("&Cancel export"))
        self.cancel.setToolTip(tr("Take the export out of the outbox; nothing is sent"))
        self.send_now = QPushButton(tr("Send n&ow"))
        self.send_now.setToolTip(tr("Deliver every export that is due"))
        self.targets = QPushButton(tr("&Targets…"))
        self.targets.setToolTip(tr("Publishing targets and their passwords"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.targets, self.retry, self.cancel, self.send_now):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self.retry.setEnabled(False)
        self.cancel.setEnabled(False)

    def fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(STATE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 260)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.column() == STATE_COLUMN:
            self._open_published(index)

    def _open_published(self, index: QModelIndex) -> None:
        url = index.data(self.UrlRole)
        if url:
            self.link_clicked.emit(str(url))
