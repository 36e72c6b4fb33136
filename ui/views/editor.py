"""The Edit tab: title, standfirst, the Markdown body and a note for the history."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translator

tr = translator("MainWindow")


class EditorPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLineEdit()
        self.title.setAccessibleName(tr("Story title"))
        self.dek = QLineEdit()
        self.dek.setAccessibleName(tr("Standfirst"))
        self.body = QPlainTextEdit()
        self.body.setObjectName("bodyEditor")
        self.body.setAccessibleName(tr("Story text (Markdown)"))
        self.body.setTabChangesFocus(True)
        self.note = QLineEdit()
        self.note.setObjectName("editNote")
        self.note.setAccessibleName(tr("Note for the history"))
        self.note.setPlaceholderText(tr("Why this edit, e.g. “figure from the annual report”"))
        self.save = QPushButton(tr("Save revision"))
        self.discard = QPushButton(tr("Discard changes"))
        self.hint = QLabel(tr("Markdown; keep the [n] markers. Saving makes a new revision and "
                              "checks it again."))
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        for label, widget in ((tr("Title"), self.title), (tr("Standfirst"), self.dek)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            layout.addWidget(caption)
            layout.addWidget(widget)
        layout.addWidget(self.body, 1)
        caption = QLabel(tr("Note for the history (optional)"))
        caption.setBuddy(self.note)
        layout.addWidget(caption)
        layout.addWidget(self.note)
        # The hint on a line of its own: beside the buttons it was squeezed into a
        # column one or two words wide when the story pane is narrow.
        layout.addWidget(self.hint)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.discard)
        row.addWidget(self.save)
        layout.addLayout(row)
