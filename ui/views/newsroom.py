"""The newsroom's widgets in the desk: the status bar's sync state, the line under the
story's header (its assignee, who else has it open) and the comment threads on the
selected claim. Layout only; ``ui.desk.newsroom`` and ``ui.desk.comments`` decide."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translator
from ui.theme import swatch

tr = translator("Desk")


def place_beside(anchor: QWidget, widget: QWidget, after: bool = False) -> None:
    """Put ``widget`` just above (``after``: below) ``anchor`` in the box that holds it:
    the newsroom's widgets join panes built without them."""
    parent = anchor.parentWidget()
    layout = parent.layout() if parent is not None else None
    if not isinstance(layout, QBoxLayout) or layout.indexOf(anchor) < 0:
        raise TypeError(f"{anchor.objectName() or type(anchor).__name__} is not in a box layout")
    layout.insertWidget(layout.indexOf(anchor) + int(after), widget)


class SyncLabel(QLabel):
    """"Newsroom: synced 12:03 · 0 pending"; a click asks for a sync now."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newsroomLabel")
        self.setAccessibleName(tr("Newsroom sync"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setContentsMargins(12, 0, 4, 0)  # apart from the network indicator

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class NewsroomBar(QFrame):
    """Under the story's header: who it is assigned to, and who else has it open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newsroomBar")
        self.assignee = QLabel()
        self.assignee.setObjectName("assigneeLabel")
        self.assignee.setTextFormat(Qt.TextFormat.PlainText)  # names are typed text
        self.presence = QLabel()
        self.presence.setObjectName("presenceBanner")
        self.presence.setAccessibleName(tr("Who else has this story open"))
        self.presence.setTextFormat(Qt.TextFormat.PlainText)
        self.presence.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 0, 12, 2)
        layout.setSpacing(8)
        layout.addWidget(self.presence, 1)
        layout.addWidget(self.assignee, 0, Qt.AlignmentFlag.AlignRight)
        self.presence.hide()

    def show_presence(self, text: str, dark: bool) -> None:
        """The banner in the "partial" verdict's colours (a caution, not a fault); no
        text: no banner."""
        self.presence.setText(text)
        if not text:
            self.presence.hide()
            return
        colours = swatch("partial", dark)
        self.presence.setStyleSheet(
            f"QLabel#presenceBanner {{ background-color: {colours.background}; "
            f"color: {colours.foreground}; border-radius: 3px; padding: 3px 8px; }}")
        self.presence.show()


class CommentsPanel(QFrame):
    """The threads on one claim, newest thread last; add, reply, resolve."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commentsPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setObjectName("commentsTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.threads = QTreeWidget()
        self.threads.setObjectName("commentThreads")
        self.threads.setAccessibleName(tr("Comment threads on the claim"))
        self.threads.setHeaderHidden(True)
        self.threads.setColumnCount(1)
        self.threads.setWordWrap(True)
        self.threads.setUniformRowHeights(False)
        self.threads.setRootIsDecorated(True)
        self.threads.setIndentation(16)
        self.text = QLineEdit()
        self.text.setObjectName("commentText")
        self.text.setAccessibleName(tr("Comment text"))
        self.text.setPlaceholderText(tr("Comment on this claim…"))
        self.add = QPushButton(tr("Comment"))
        self.add.setObjectName("addComment")
        self.reply = QPushButton(tr("Reply"))
        self.reply.setObjectName("replyComment")
        self.reply.setToolTip(tr("Reply to the selected thread"))
        self.resolve = QPushButton(tr("Resolve"))
        self.resolve.setObjectName("resolveComment")
        self.resolve.setToolTip(tr("Mark the selected thread resolved"))
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.text, 1)
        row.addWidget(self.add)
        row.addWidget(self.reply)
        row.addWidget(self.resolve)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.threads, 1)
        layout.addLayout(row)
        self.setMaximumHeight(240)
