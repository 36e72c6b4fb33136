"""The findings & citations panel: findings first, then every citation in reading
order, with the context menu that settles an item for the pre-publish gate."""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING, Literal, TypeAlias

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem, QWidget

from ui.i18n import translator
from ui.labels import VERDICT_NAMES
from ui.render import CitationKey
from ui.theme import OVERRIDE_SYMBOL, SEVERITY_SYMBOL, VERDICT_SYMBOL

if TYPE_CHECKING:  # the core is imported after the window is painted
    from app.model import Citation, Finding

# What a findings-panel menu entry asks for: waive finding i, or override a citation.
ContextRequest: TypeAlias = (tuple[Literal["waive"], int]
                             | tuple[Literal["override"], CitationKey])

tr = translator("Desk")


class FindingsPanel(QTreeWidget):
    """Findings first, then every citation in reading order; activating one jumps to it.

    The context menu offers what settles an item for the pre-publish gate: waiving a
    blocker finding with a note, or overriding a citation's verdict."""

    citation_chosen = Signal(tuple)
    finding_chosen = Signal(int)
    waive_requested = Signal(int)  # finding index
    override_requested = Signal(tuple)  # citation key

    TargetRole = Qt.ItemDataRole.UserRole + 1  # "finding:i" or "citation:claim:n"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self.setAccessibleName(tr("Findings and citations"))
        self.setHeaderLabels([tr("Finding or citation"), tr("Severity or verdict")])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.citation_items: dict[CitationKey, QTreeWidgetItem] = {}
        self.blocker_indices: set[int] = set()
        self.waived_indices: set[int] = set()
        self._quiet = False
        self.currentItemChanged.connect(self._on_current)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)

    def show_report(self, findings: tuple[Finding, ...],
                    citations: list[tuple[CitationKey, Citation | None, str]],
                    waived: frozenset[int] | set[int] = frozenset(),
                    waived_citations: dict[CitationKey, tuple[str, str]] | None = None) -> None:
        """``waived``: indices of blocker findings a reviewer waived on this revision;
        ``waived_citations``: citation key -> (actor, note) of its waiver."""
        self._quiet = True
        self.blockSignals(True)  # clear() would report a None current item
        self.clear()
        self.blockSignals(False)
        self.citation_items = {}
        findings_title = (tr("Findings ({n})").format(n=len(findings)) if findings
                          else tr("Findings: none"))
        top_f = _item(self, findings_title, tr("Severity") if findings else "")
        top_c = _item(self, tr("Citations ({n})").format(n=len(citations)), tr("Verdict"))
        for item in (top_f, top_c):
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.blocker_indices = {i for i, f in enumerate(findings) if f.severity == "blocker"}
        self.waived_indices = set(waived) & self.blocker_indices
        for i, finding in enumerate(findings):
            text = f"{SEVERITY_SYMBOL[finding.severity]} {point_first(finding.message)}"
            severity = tr(finding.severity)
            if i in self.waived_indices:
                severity = f"{OVERRIDE_SYMBOL} " + tr("blocker, waived")
            item = _item(top_f, text, severity)
            item.setData(0, self.TargetRole, f"finding:{i}")
            item.setToolTip(0, finding.message + ("\n" + tr("Right-click to waive it with a note.")
                                       if i in self.blocker_indices - self.waived_indices
                                       else ""))
        for key, citation, sentence in citations:
            verdict = citation.effective_verdict if citation else "pending"
            waiver = (waived_citations or {}).get(key)
            settled = bool(citation and (citation.override or waiver))
            mark = VERDICT_SYMBOL[verdict] + (OVERRIDE_SYMBOL if settled else "")
            text = f"[{key[1]}] {sentence}"
            label = f"{mark} {tr(VERDICT_NAMES[verdict])}"
            if waiver:
                label += " · " + tr("waived by {actor}").format(actor=waiver[0])
            item = _item(top_c, text, label)
            item.setData(0, self.TargetRole, f"citation:{key[0]}:{key[1]}")
            item.setToolTip(0, text)
            if waiver:
                item.setToolTip(1, tr("Waived by {actor}: {note}").format(
                    actor=waiver[0], note=waiver[1]))
            self.citation_items[key] = item
        top_f.setExpanded(True)
        top_c.setExpanded(True)
        self._quiet = False

    def select_citation(self, key: CitationKey | None) -> None:
        item = self.citation_items.get(key) if key else None
        if item is not None and item is not self.currentItem():
            self._quiet = True
            self.setCurrentItem(item)
            self.scrollToItem(item)
            self._quiet = False

    def _on_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if self._quiet or item is None:
            return
        data = item.data(0, self.TargetRole)
        if not data:
            return
        kind, *numbers = str(data).split(":")
        if kind == "citation":
            self.citation_chosen.emit((int(numbers[0]), int(numbers[1])))
        else:
            self.finding_chosen.emit(int(numbers[0]))


    def context_actions(self, item: QTreeWidgetItem | None
                        ) -> list[tuple[str, ContextRequest]]:
        """(label, what it requests) for an item; the menu and the tests use this."""
        data = str(item.data(0, self.TargetRole) or "") if item else ""
        kind, *numbers = data.split(":") if data else ("",)
        if kind == "finding":
            i = int(numbers[0])
            if i in self.blocker_indices and i not in self.waived_indices:
                return [(tr("&Waive this finding with a note…"), ("waive", i))]
        if kind == "citation":
            key = (int(numbers[0]), int(numbers[1]))
            return [(tr("&Override verdict…"), ("override", key))]
        return []

    def _context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        actions = self.context_actions(item)
        if not actions:
            return
        menu = QMenu(self)
        for label, request in actions:
            menu.addAction(label, partial(self._request, request))
        menu.popup(self.viewport().mapToGlobal(pos))

    def _request(self, request: ContextRequest) -> None:
        if request[0] == "waive":
            self.waive_requested.emit(request[1])
        else:
            self.override_requested.emit(request[1])


_QUOTED_FIRST = re.compile(r"“([^”]*)”\s+(.+)", re.DOTALL)
_CLAIM_QUOTED = re.compile(r"(Claim \d+) \(“([^”]*)”\)\s*(.+)", re.DOTALL)


def point_first(message: str) -> str:
    """A finding's message with its point first and the quoted sentence last, so a
    narrow row cuts the quotation, not the point: "“It opened in 2019” is not backed
    by [1]." reads "Not backed by [1]: “It opened in 2019”"; anything else as it is."""
    if m := _CLAIM_QUOTED.fullmatch(message):
        return f"{m[1]} {m[3].rstrip('.')}: “{m[2]}”"
    if m := _QUOTED_FIRST.fullmatch(message):
        point = m[2].rstrip(".").removeprefix("is ")
        return f"{point[:1].upper()}{point[1:]}: “{m[1]}”"
    return message


def _item(parent: QTreeWidget | QTreeWidgetItem, first: str, second: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem(parent)
    item.setText(0, first)
    item.setText(1, second)
    return item
