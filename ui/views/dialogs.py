"""Small dialogs: a note for a decision, a verdict override, the reviewer's name.

They are opened with ``open()`` (window-modal, not a nested event loop) so the desk and
its tests keep running; the controller listens to ``accepted``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translator
from ui.theme import VERDICT_SYMBOL

tr = translator("Dialogs")


class NoteDialog(QDialog):
    """Asks for a note; OK stays disabled while a required note is empty."""

    def __init__(self, title: str, prompt: str, required: bool, ok_label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.required = required
        self.prompt = QLabel(prompt)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)  # story titles, finding text
        self.prompt.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName(tr("Note"))
        self.note.setPlaceholderText(tr("Required: say why.") if required
                                     else tr("Optional note"))
        self.note.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_label)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QVBoxLayout(self)
        self.form.addWidget(self.prompt)
        self.extra = QFormLayout()
        self.form.addLayout(self.extra)
        self.form.addWidget(self.note, 1)
        self.form.addWidget(self.buttons)
        self.note.textChanged.connect(self._update)
        self._update()
        submit = QShortcut(QKeySequence("Ctrl+Return"), self)
        submit.activated.connect(self._submit)
        self.hint = QLabel(tr("Ctrl+Enter to confirm"))
        self.hint.setEnabled(False)
        row = self.buttons.layout()
        assert isinstance(row, QBoxLayout)  # a QDialogButtonBox always lays out in a box
        row.insertWidget(0, self.hint)
        self.setMinimumWidth(520)
        self.resize(560, 300)

    def _submit(self) -> None:
        if self.ok.isEnabled():
            self.accept()

    def _update(self) -> None:
        self.ok.setEnabled(not self.required or bool(self.text().strip()))

    def text(self) -> str:
        return self.note.toPlainText().strip()


class OverrideDialog(NoteDialog):
    """Set a citation's verdict by hand: shows the claim and the verdict it has now;
    the note is required, and choosing the verdict it already has is refused."""

    def __init__(self, n: int, current: str, parent: QWidget | None = None,
                 claim: str = "") -> None:
        super().__init__(tr("Override verdict on [{n}]").format(n=n),
                         tr("Set the verdict on this citation by hand. The automatic verdict "
                            "is kept beside yours, and your note is shown to every reviewer."),
                         True, tr("Override"), parent)
        self.current = current
        self.claim = QLabel(claim)
        self.claim.setObjectName("overrideClaim")
        self.claim.setTextFormat(Qt.TextFormat.PlainText)  # the story's own words
        self.claim.setWordWrap(True)
        self.claim.setAccessibleName(tr("Claim"))
        self.now = QLabel(f"{VERDICT_SYMBOL.get(current, '')} {tr(current)}")
        self.now.setObjectName("overrideCurrent")
        self.verdict = QComboBox()
        self.verdict.setAccessibleName(tr("Verdict"))
        for key in ("supported", "partial", "contradicted", "unsupported", "unavailable"):
            self.verdict.addItem(f"{VERDICT_SYMBOL[key]} {tr(key)}", key)
        # Start on another verdict than the current one: overriding is changing it.
        index = next((i for i in range(self.verdict.count())
                      if self.verdict.itemData(i) != current), 0)
        self.verdict.setCurrentIndex(index)
        self.same = QLabel(tr("That is the verdict it has now: choose another."))
        self.same.setObjectName("overrideSame")
        self.same.setStyleSheet("color: #b3261e")
        if claim:
            self.extra.addRow(tr("Claim:"), self.claim)
        self.extra.addRow(tr("Now:"), self.now)
        self.extra.addRow(tr("New verdict:"), self.verdict)
        self.extra.addRow("", self.same)
        self.verdict.currentIndexChanged.connect(lambda _i: self._update())
        self.setTabOrder(self.verdict, self.note)
        self._update()

    def _update(self) -> None:
        verdict = getattr(self, "verdict", None)
        unchanged = verdict is not None and verdict.currentData() == self.current
        if hasattr(self, "same"):
            self.same.setVisible(unchanged)
        self.ok.setEnabled(bool(self.text().strip()) and not unchanged)

    def chosen(self) -> str:
        return str(self.verdict.currentData())


class NameDialog(QDialog):
    """Asked once: who is reviewing, for the decisions and overrides."""

    def __init__(self, default: str, parent: QWidget | None = None,
                 reviewers: tuple[str, ...] = ()) -> None:
        """``reviewers``: the library's registered reviewers; when there are any, only
        one of them can be chosen (anyone else's decisions would all be refused)."""
        super().__init__(parent)
        self.setWindowTitle(tr("Your name"))
        self.reviewers = reviewers
        label = QLabel(tr("Decisions and overrides are recorded under your name. "
                          "You can change it later under Review › Reviewer name…"))
        label.setWordWrap(True)
        self.name = QLineEdit(default)
        self.name.setAccessibleName(tr("Reviewer name"))
        self.name.selectAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.name)
        self.unknown = QLabel()
        self.unknown.setObjectName("unknownReviewer")
        self.unknown.setWordWrap(True)
        self.unknown.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.unknown)
        layout.addWidget(buttons)
        self.name.textChanged.connect(self._check)
        self._check(default)
        self.setMinimumWidth(460)

    def _check(self, text: str) -> None:
        name = " ".join(text.split())
        known = {" ".join(r.split()).casefold() for r in self.reviewers}
        stranger = bool(name) and bool(known) and name.casefold() not in known
        self.unknown.setText(tr("{name} is not a reviewer of this library yet; ask an editor "
                                "to add you, or choose: {names}").format(
            name=name, names=", ".join(self.reviewers)) if stranger else "")
        self.unknown.setVisible(stranger)
        self.ok.setEnabled(bool(name) and not stranger)

    def value(self) -> str:
        return self.name.text().strip()


class ExportDialog(QDialog):
    """Choose the publishing target an approved story is queued for."""

    def __init__(self, targets: list[tuple[str, str, str]], last: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Export story"))
        label = QLabel(tr("Queue the approved revision for a publishing target. It is sent "
                          "from the outbox; the pre-publish gate is checked first."))
        label.setWordWrap(True)
        self.targets = QComboBox()
        self.targets.setAccessibleName(tr("Publishing target"))
        for name, kind, url in targets:
            self.targets.addItem(f"{name} — {kind}, {url}", name)
        index = self.targets.findData(last)
        if index >= 0:
            self.targets.setCurrentIndex(index)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Queue for export"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("Target:"), self.targets)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def target(self) -> str:
        return str(self.targets.currentData())
