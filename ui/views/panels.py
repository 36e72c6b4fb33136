"""The source pane, the queue panel and the legend."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translator
from ui.labels import STATUS_LABELS
from ui.render import CitationKey
from ui.theme import OVERRIDE_SYMBOL
from ui.views.text_panes import SourceText
from ui.views.verdict_text import chip, verdict_html, verdict_tooltip

if TYPE_CHECKING:  # the core is imported after the window is painted
    from app.model import Citation, Reference

tr = translator("Desk")


class Legend(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setAccessibleName(tr("Verdict legend"))
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)

    def refresh(self, dark: bool) -> None:
        parts = [chip(v, dark) for v in
                 ("supported", "partial", "contradicted", "unsupported", "unavailable",
                               "dangling")]
        parts.append(f"<span>{OVERRIDE_SYMBOL}&nbsp;{tr('overridden or waived')}</span>")
        self.setText(" ".join(parts))  # wraps between entries, never inside one


# The queue's filters by what is still open (app.library.queue.QUEUE_FILTERS).
TRIAGE_FILTERS = (
    ("", "All"),
    ("contradicted", "Has contradicted"),
    ("unchecked", "Has unchecked"),
    ("needs_review", "Needs review"),
)
TRIAGE_TIPS = {
    "": "Every story",
    "contradicted": "Stories with a citation the source contradicts",
    "unchecked": "Stories with a citation whose source is unavailable (never checked)",
    "needs_review": "Stories awaiting a decision with a citation not supported or a "
                    "blocker finding",
}


class QueuePanel(QWidget):
    """Search box, status and triage filters and the table of stories, sortable by
    the To check column (and status, title, time)."""

    UNSORTED_COLUMNS = frozenset({"verdicts"})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search titles and text…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(tr("Search stories"))
        self.status = QComboBox()
        self.status.setAccessibleName(tr("Filter by status"))
        self.status.addItem(tr("All statuses"), "")
        for key, label in STATUS_LABELS.items():
            self.status.addItem(tr(label), key)
        self.triage = QComboBox()
        self.triage.setObjectName("triageFilter")
        self.triage.setAccessibleName(tr("Filter by what is open"))
        for key, label in TRIAGE_FILTERS:
            self.triage.addItem(tr(label), key)
            self.triage.setItemData(self.triage.count() - 1, tr(TRIAGE_TIPS[key]),
                                    Qt.ItemDataRole.ToolTipRole)
        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setAccessibleName(tr("Story queue"))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setTabKeyNavigation(False)
        self._sorted: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.DescendingOrder)
        self.count = QLabel()
        self.count.setObjectName("queueCount")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.triage, 1)
        row.addWidget(self.count)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    def _fit_status(self, *_args: object) -> None:
        model, i = self.table.model(), getattr(self, "_status_column", -1)
        if model is None or i < 0:
            return
        metrics = self.table.fontMetrics()
        shown = {str(model.data(model.index(r, i))) for r in range(model.rowCount())}
        widest = max((metrics.horizontalAdvance(t) for t in shown), default=0)
        header = self.table.horizontalHeader()
        header.resizeSection(i, max(widest + 20, header.sectionSizeHint(i)))

    def fit_columns(self) -> None:
        """Size the columns and turn sorting on, newest first (the model's own order)."""
        header = self.table.horizontalHeader()
        model = self.table.model()
        columns: tuple[str, ...] = getattr(model, "COLUMNS", ())
        for i, name in enumerate(columns):
            mode = (QHeaderView.ResizeMode.Stretch if name == "title"
                    else QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(i, mode)
        header.setMinimumSectionSize(40)
        if "status" in columns:
            # As wide as the longest status shown, refitted whenever rows change: sized
            # once to the rows first fetched, the column cut a row that turned "Changes
            # requested" in place to "Change…"; sized to every status there is, it left
            # the titles a few letters in a third of the window.
            i = columns.index("status")
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Fixed)
            self._status_column = i
            for signal in (model.modelReset, model.rowsInserted, model.dataChanged):
                signal.connect(self._fit_status)
            self._fit_status()
        if "updated" in columns:
            header.setSortIndicator(columns.index("updated"), Qt.SortOrder.DescendingOrder)
            self._sorted = header.sortIndicatorSection(), header.sortIndicatorOrder()
            header.sortIndicatorChanged.connect(self._keep_sortable)
            self.table.setSortingEnabled(True)

    def _keep_sortable(self, section: int, order: Qt.SortOrder) -> None:
        # A column without an order (Verdicts) must not show an arrow the rows ignore.
        columns: tuple[str, ...] = getattr(self.table.model(), "COLUMNS", ())
        header = self.table.horizontalHeader()
        if 0 <= section < len(columns) and columns[section] in self.UNSORTED_COLUMNS:
            header.blockSignals(True)
            header.setSortIndicator(*self._sorted)
            header.blockSignals(False)
            return
        self._sorted = section, order


class SourcePane(QWidget):
    """The cited source of the selected citation: header, verdict, snapshot text."""

    original_requested = Signal(str)
    fetch_requested = Signal(int)
    attach_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcePane")
        self.reference: Reference | None = None
        self.header = QLabel()
        self.header.setObjectName("sourceHeader")
        self.header.setAccessibleName(tr("Cited source"))
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setOpenExternalLinks(False)  # the controller opens it, on a click only
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.header.linkActivated.connect(self.original_requested.emit)
        self.verdict = QLabel()
        self.verdict.setObjectName("verdictNote")
        self.verdict.setAccessibleName(tr("Verdict on the selected citation"))
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(tr("Open original"))
        self.open_button.setAccessibleName(tr("Open the original page in the browser"))
        self.open_button.clicked.connect(
            lambda: self.reference and self.original_requested.emit(self.reference.url))
        self.text = SourceText()
        self.text.setAccessibleName(tr("Source snapshot text"))

        self.missing = QWidget()
        self.missing_reason = QLabel()
        self.missing_reason.setObjectName("missingReason")
        self.missing_reason.setWordWrap(True)
        self.missing_reason.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fetch_button = QPushButton(tr("Fetch now"))
        self.fetch_button.setAccessibleName(tr("Fetch this source now"))
        self.attach_button = QPushButton(tr("Attach file…"))
        self.attach_button.setAccessibleName(tr("Attach a saved copy of this source"))
        self.fetch_button.clicked.connect(
            lambda: self.reference and self.fetch_requested.emit(self.reference.n))
        self.attach_button.clicked.connect(
            lambda: self.reference and self.attach_requested.emit(self.reference.n))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.fetch_button)
        buttons.addWidget(self.attach_button)
        buttons.addStretch(1)
        missing_layout = QVBoxLayout(self.missing)
        missing_layout.addStretch(1)
        missing_layout.addWidget(self.missing_reason)
        missing_layout.addLayout(buttons)
        missing_layout.addStretch(2)

        self.placeholder = QLabel(tr("Select a citation ([n] in the story, or J / K) "
                                     "to see the passage of its source."))
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.text)
        self.stack.addWidget(self.missing)

        top = QFrame()
        top.setObjectName("sourceTop")
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(12, 10, 12, 10)
        top_layout.setSpacing(6)
        head_row = QHBoxLayout()
        head_row.addWidget(self.header, 1)
        head_row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        top_layout.addLayout(head_row)
        top_layout.addWidget(self.verdict)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(self.stack, 1)
        self.show_nothing()

    def show_nothing(self) -> None:
        self.reference = None
        self.header.setText(f"<b>{tr('Source')}</b>")
        self.verdict.setText("")
        self.verdict.hide()
        self.open_button.hide()
        self.stack.setCurrentWidget(self.placeholder)

    def show_citation(self, reference: Reference | None, citation: Citation | None,
                      key: CitationKey, dark: bool,
                      waiver: tuple[str, str] | None = None) -> None:
        """``waiver``: (actor, note) when a reviewer waived this citation."""
        self.reference = reference
        self.verdict.setText(verdict_html(citation, key, dark, waiver))
        self.verdict.setToolTip(verdict_tooltip(citation))
        self.verdict.show()
        if reference is None:
            self.header.setText(f"<b>[{key[1]}]</b> — {tr('no such reference in the list')}")
            self.open_button.hide()
            self.missing_reason.setText(tr("The story cites [{n}], but its reference list has "
                                           "no entry [{n}].").format(n=key[1]))
            self.fetch_button.hide()
            self.attach_button.hide()
            self.stack.setCurrentWidget(self.missing)
            return
        self.header.setText(reference_header_html(reference))
        self.open_button.setVisible(bool(reference.url))
        snapshot = reference.snapshot
        if snapshot is not None and snapshot.usable:
            span = citation.evidence_span if citation else None
            self.text.show_text(snapshot.text, span, citation.matched if citation else (),
                                [said for _claim, said in citation.contradictions]
                                if citation else ())
            self.stack.setCurrentWidget(self.text)
        else:
            # "Not available offline" read oddly beside "● Online": what is missing is
            # a snapshot to check against, whatever the network
            reason = snapshot.reason if snapshot and snapshot.reason else ""
            self.missing_reason.setText(
                f"<b>{tr('Not checked: no snapshot of this source yet')}</b>"
                + (f"<br>{html.escape(reason)}" if reason else ""))
            self.fetch_button.setVisible(bool(reference.url))
            self.attach_button.show()
            self.stack.setCurrentWidget(self.missing)


def reference_header_html(ref: Reference) -> str:
    snap = ref.snapshot
    when = ""
    if snap is not None and snap.usable:
        how = {"fetched": tr("Snapshot fetched"), "attached": tr("Snapshot attached"),
               "bundled": tr("Snapshot bundled with the story")}.get(snap.how, snap.how)
        stamp = snap.fetched_at[:16].replace("T", " ")
        when = f"<br><small>{html.escape(how)}{' ' + html.escape(stamp) if stamp else ''}</small>"
    url = html.escape(ref.url)
    shown_url = url if len(url) <= 90 else url[:87] + "…"
    address = (f'<a href="{url}">{shown_url}</a>' if url
               else f"<i>{tr('The reference gives no address.')}</i>")
    return (f"<b>[{ref.n}] {html.escape(ref.publisher or tr('Unknown publisher'))}</b><br>"
            f"{html.escape(ref.title)}<br>{address}{when}")
