"""The Changes tab: pick two revisions of the story; their word diff below."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translator
from ui.views.text_panes import InertBrowser

tr = translator("MainWindow")


class ChangesPanel(QWidget):
    """``older`` and ``newer`` list the story's revisions; ``view`` shows the diff."""

    pair_chosen = Signal()  # the reviewer picked another revision on either side

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.older = QComboBox()
        self.older.setObjectName("compareOlder")
        self.older.setAccessibleName(tr("Compare revision"))
        self.newer = QComboBox()
        self.newer.setObjectName("compareNewer")
        self.newer.setAccessibleName(tr("with revision"))
        self.view = InertBrowser()
        self.view.setObjectName("changesView")
        self.view.setAccessibleName(tr("Changes between two revisions"))
        self.view.document().setDocumentMargin(18)
        # Each picker as wide as its longest revision ("Rev. 2 · current · b233bbb4"),
        # never cut; the two go on two lines when the pane is too narrow for one.
        self.pickers = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.pickers.setContentsMargins(12, 6, 12, 0)
        for caption, combo in ((tr("Compare"), self.older), (tr("with"), self.newer)):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            label = QLabel(caption)
            label.setBuddy(combo)
            pair = QHBoxLayout()
            pair.addWidget(label)
            pair.addWidget(combo)
            pair.addStretch(1)
            self.pickers.addLayout(pair)
        row = QHBoxLayout()
        row.addLayout(self.pickers)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        self.older.activated.connect(lambda _i: self.pair_chosen.emit())
        self.newer.activated.connect(lambda _i: self.pair_chosen.emit())

    def show_revisions(self, choices: Sequence[tuple[str, str, str]], older: str,
                       newer: str) -> None:
        """``choices``: (revision, label, tooltip) oldest first; ``older``/``newer``
        selected."""
        for combo, chosen in ((self.older, older), (self.newer, newer)):
            combo.blockSignals(True)
            combo.clear()
            for revision, label, tip in choices:
                combo.addItem(label, revision)
                combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)
        self._arrange(self.width())  # the labels' widths changed

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def _arrange(self, width: int) -> None:
        one_line = sum(self.pickers.itemAt(i).sizeHint().width() for i in range(2)) + 40
        self.pickers.setDirection(QBoxLayout.Direction.LeftToRight if width >= one_line
                                  else QBoxLayout.Direction.TopToBottom)

    def pair(self) -> tuple[str, str]:
        return str(self.older.currentData() or ""), str(self.newer.currentData() or "")
