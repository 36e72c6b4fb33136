"""The pre-publish gate in the desk: the approve dialog's open items, the confirmation
when approving despite them, and Settings › Pre-publish policy….

Layout only; ``ui.desk.gate`` reads and saves on the core's behalf and decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translator
from ui.views.dialogs import NoteDialog

tr = translator("Gate")

PLAIN = Qt.TextFormat.PlainText

# kind -> (one, several); the core's ITEM_KINDS, in the desk's words
KIND_LABELS: dict[str, tuple[str, str]] = {
    "unchecked_citation": ("{n} unchecked citation (source never checked)",
                           "{n} unchecked citations (source never checked)"),
    "contradicted_citation": ("{n} contradicted citation", "{n} contradicted citations"),
    "unsupported_citation": ("{n} unsupported citation", "{n} unsupported citations"),
    "dangling_citation": ("{n} dangling citation (no such reference)",
                          "{n} dangling citations (no such reference)"),
    "partial_citation": ("{n} partly supported citation", "{n} partly supported citations"),
    "missing_quotation": ("{n} missing quotation", "{n} missing quotations"),
    "misquotation": ("{n} misquotation", "{n} misquotations"),
    "missing_number": ("{n} missing number", "{n} missing numbers"),
    "blocker_finding": ("{n} blocker finding", "{n} blocker findings"),
}

VERDICT_CHOICES = {
    "contradicted": "&Contradicted citations (the source says otherwise)",
    "unsupported": "&Unsupported citations",
    "unavailable": "Unchecked citations (source never &checked)",
    "dangling": "&Dangling citations (no such reference)",
    "partial": "&Partly supported citations",
}
CHECK_CHOICES = {
    "missing_quotation": "A &quotation the source does not contain",
    "misquotation": "A &misquotation (the source words it differently)",
    "missing_number": "A &number the source does not give",
}
LEVELS = ("", "blocker", "warning", "info")  # "": the finding's own severity


def count_text(kind: str, n: int) -> str:
    one, many = KIND_LABELS.get(kind, (f"{{n}} {kind}", f"{{n}} {kind}"))
    return tr(one if n == 1 else many).format(n=n)


def counts_text(counts: Sequence[tuple[str, int]], sep: str = ", ") -> str:
    return sep.join(count_text(kind, n) for kind, n in counts)


class OpenItemsView(QTreeWidget):
    """What the gate finds open, one branch per kind with its count; each item says
    where it is ("Claim 2 [3]", numbered as the reviewer reads them) and its kind, with
    the key for ``copydesk gate --waive`` in its tooltip. Double-clicking a citation's
    item asks to show that citation (``citation_chosen``)."""

    citation_chosen = Signal(tuple)  # (claim index, n)
    CitationRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openItems")
        self.setAccessibleName(tr("Open items"))
        self.setHeaderLabels([tr("Open item"), tr("Where"), tr("Kind")])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setColumnWidth(0, 420)
        self.itemDoubleClicked.connect(self._double_clicked)

    def show_items(self, items: Sequence[Any], counts: Sequence[tuple[str, int]]) -> None:
        self.clear()
        branches: dict[str, QTreeWidgetItem] = {}
        for kind, n in counts:
            branch = QTreeWidgetItem([count_text(kind, n), "", ""])
            branches[kind] = branch
            self.addTopLevelItem(branch)
        for item in items:
            parent = branches.get(item.kind)
            if parent is None:
                continue
            is_citation = item.claim_index is not None and item.n is not None
            where = (tr("Claim {i} [{n}]").format(i=item.claim_index + 1, n=item.n)
                     if is_citation else tr("the story"))
            kind = (item.finding_kind or item.kind).replace("_", " ")
            child = QTreeWidgetItem([item.message, where, kind])
            tip = tr("Key for `copydesk gate --waive`: {key}").format(key=item.key)
            for column in range(3):
                child.setToolTip(column, f"{item.message}\n{tip}" if column == 0 else tip)
            if is_citation:
                child.setData(0, self.CitationRole, (item.claim_index, item.n))
                child.setToolTip(1, tip + "\n" + tr("Double-click to show this citation."))
            parent.addChild(child)
        if len(counts) == 1:
            self.expandAll()

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        key = item.data(0, self.CitationRole)
        if key:
            self.citation_chosen.emit((int(key[0]), int(key[1])))

    def branch_texts(self) -> list[str]:
        items = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [item.text(0) for item in items if item is not None]


class ApproveDialog(NoteDialog):
    """Approve with an optional note, seeing first what the gate still finds open.

    ``gate`` is the core's ``GateResult`` for this revision, or None while the story's
    citations are still being checked (then nothing is known yet, and it says so).
    """

    def __init__(self, title: str, prompt: str, gate: Any | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(title, prompt, False, tr("Approve"), parent)
        self.setObjectName("approveDialog")
        self.gate = gate
        self.open_summary = QLabel()
        self.open_summary.setObjectName("openSummary")
        self.open_summary.setTextFormat(PLAIN)
        self.open_summary.setWordWrap(True)
        self.open_items = OpenItemsView()
        if gate is None:
            self.open_summary.setText(tr("The citations are still being checked: what is "
                                         "open under the pre-publish policy is not known "
                                         "yet."))
            self.open_items.hide()
        elif gate.passed:
            self.open_summary.setText(tr("Nothing is open under the pre-publish policy: "
                                         "once approved, it can be exported."))
            self.open_items.hide()
        else:
            self.open_summary.setText(
                tr("Open under the pre-publish policy, so the export stays refused until "
                   "each is overridden or waived with a note: {counts}.").format(
                    counts=counts_text(gate.counts())))
            self.open_items.show_items(gate.open, gate.counts())
        self.form.insertWidget(1, self.open_summary)
        self.form.insertWidget(2, self.open_items, 2)
        self.resize(640, 480 if gate is not None and not gate.passed else 320)

    @property
    def needs_confirmation(self) -> bool:
        return self.gate is None or not self.gate.passed


class ConfirmOpenItemsBox(QMessageBox):
    """“Approve with open items?”, listing them by kind and count. Opened with
    ``open()``; its ``approve`` button (accept) means approve anyway."""

    def __init__(self, story_title: str, gate: Any | None,
                 parent: QWidget | None = None) -> None:
        if gate is None:
            text = tr("The citations of “{title}” are still being checked, so what is open "
                      "is not known yet. Approve it anyway?").format(title=story_title)
        else:
            listed = "\n".join("• " + count_text(kind, n) for kind, n in gate.counts())
            text = tr("“{title}” still has {n} open item(s) under the pre-publish policy:"
                      "\n\n{counts}\n\nApproving does not settle them: the export is "
                      "refused until each is overridden or waived with a note. Approve "
                      "anyway?").format(title=story_title, n=len(gate.open), counts=listed)
        super().__init__(QMessageBox.Icon.Warning, tr("Approve with open items?"), text,
                         QMessageBox.StandardButton.Cancel, parent)
        self.setObjectName("confirmOpenItems")
        self.setTextFormat(PLAIN)
        self.approve = self.addButton(tr("&Approve anyway"), QMessageBox.ButtonRole.AcceptRole)
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)


class PolicyDialog(QDialog):
    """Settings › Pre-publish policy…: what blocks an export, for the whole library."""

    def __init__(self, kinds: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyDialog")
        self.setWindowTitle(tr("Pre-publish policy"))
        intro = QLabel(tr("What stops an export, for every story in this library (the "
                          "command line's copydesk policy reads the same). Each open item "
                          "stays open until a reviewer overrides the citation or waives it "
                          "with a note. Every blocker finding blocks."))
        intro.setWordWrap(True)

        verdict_box, self.verdicts = _check_boxes(tr("Citations that block"), VERDICT_CHOICES)
        check_box, self.checks = _check_boxes(tr("In a cited claim, block on"), CHECK_CHOICES)

        self.severities: dict[str, QComboBox] = {}
        severity_box = QGroupBox(tr("Severity of each kind of finding"))
        form = QFormLayout(severity_box)
        level_names = {"": tr("its own"), "blocker": tr("blocker"), "warning": tr("warning"),
                       "info": tr("info")}
        for kind in kinds:
            combo = QComboBox()
            combo.setObjectName(f"severity_{kind}")
            combo.setAccessibleName(tr("Severity of {kind}").format(kind=kind))
            for level in LEVELS:
                combo.addItem(level_names[level], level)
            self.severities[kind] = combo
            form.addRow(kind.replace("_", " ") + ":", combo)
        scroll = QScrollArea()
        scroll.setWidget(severity_box)
        scroll.setWidgetResizable(True)

        self.message = QLabel()
        self.message.setObjectName("policyMessage")
        self.message.setTextFormat(PLAIN)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.defaults = QPushButton(tr("&Defaults"))
        self.defaults.setToolTip(tr("Fill in the defaults; Save makes them the policy"))
        self.buttons.addButton(self.defaults, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(verdict_box)
        layout.addWidget(check_box)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.resize(560, 720)

    def show_policy(self, values: Mapping[str, Any]) -> None:
        """``values``: the core's ``Policy.as_dict()``."""
        blocked = set(values.get("block", ()))
        for name, box in self.verdicts.items():
            box.setChecked(name in blocked)
        checks = values.get("checks", {})
        for name, box in self.checks.items():
            box.setChecked(bool(checks.get(name)))
        levels = values.get("severities", {})
        for kind, combo in self.severities.items():
            index = combo.findData(levels.get(kind, ""))
            combo.setCurrentIndex(max(index, 0))

    def values(self) -> dict[str, Any]:
        """What the form says, in ``Policy.as_dict()``'s shape."""
        return {
            "block": [name for name, box in self.verdicts.items() if box.isChecked()],
            "checks": {name: box.isChecked() for name, box in self.checks.items()},
            "severities": {kind: str(combo.currentData())
                           for kind, combo in self.severities.items() if combo.currentData()},
        }

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b3261e" if error else "")
        self.message.setText(text)


def _check_boxes(title: str, choices: Mapping[str, str]
                 ) -> tuple[QGroupBox, dict[str, QCheckBox]]:
    """A titled group of check boxes, one per choice, named ``block_<choice>``."""
    group = QGroupBox(title)
    layout = QVBoxLayout(group)
    boxes: dict[str, QCheckBox] = {}
    for name, label in choices.items():
        box = QCheckBox(tr(label))
        box.setObjectName(f"block_{name}")
        boxes[name] = box
        layout.addWidget(box)
    return group, boxes
