"""The desk's controller: wires the main window's signals to the core and decides.

Reads that must be instant (a story's text, a queue batch) use the GUI thread's own
``Library``; checking, importing, fetching and every write run through ``TaskRunner``
on worker threads, each opening its own ``Library``.
"""

from __future__ import annotations

import html
import logging
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from app.errors import CopydeskError
from app.library import Library, count_stories, load_overrides, load_story
from app.markers import strip_markers
from app.model import Citation, Claim, Override, Report, Story
from app.sentences import split_sentences
from app.workflow import ConflictError, StoryState, story_state
from ui import core_adapter
from ui.gate import GateController
from ui.i18n import translator
from ui.labels import VERDICT_NAMES, status_label
from ui.publishing import PublishingController
from ui.queue_model import StoryQueueModel
from ui.render import CitationKey, render_story, word_diff_html
from ui.settings import DeskSettings, suggested_reviewer
from ui.tasks import Task, TaskRunner
from ui.theme import OVERRIDE_SYMBOL, SEVERITY_SYMBOL, VERDICT_SYMBOL, is_dark
from ui.triage import problems_by_risk, step_through
from ui.views.dialogs import ExportDialog, NameDialog, NoteDialog, OverrideDialog
from ui.views.main_window import MainWindow

log = logging.getLogger(__name__)

REPORTS_KEPT = 64  # checked reports kept for reopening stories without a new check


tr = translator("Desk")


def claims_of(story: Story) -> tuple[Claim, ...]:
    """The story's claims without verdicts, numbered as ``check_story`` numbers them."""
    sentences = [s for s in split_sentences(story.body) if s.is_claim]
    return tuple(Claim(i, s.text, s.span, s.markers) for i, s in enumerate(sentences))


def check_in_worker(story: Story, overrides: dict[tuple[int, int], Override],
                    progress=None, cancelled=None) -> Report:
    """The check on plain values the GUI thread already read (they are immutable)."""
    from app.check import check_story

    return check_story(story, overrides, progress=progress, cancelled=cancelled)


def diff_in_worker(before: str, after: str, dark: bool, progress=None, cancelled=None) -> str:
    return word_diff_html(before, after, dark)


def report_key(story: Story, overrides: dict[tuple[int, int], Override]) -> tuple:
    """What a report depends on: the revision, each reference's snapshot, the overrides.
    A fetch, an attach or an override changes it, so a cached report is never stale."""
    sources = tuple((r.n, r.url, r.snapshot.sha256, r.snapshot.status, r.snapshot.fetched_at)
                    if r.snapshot else (r.n, r.url) for r in story.references)
    return (story.id, story.revision, sources,
            tuple(sorted((k, o.verdict, o.note, o.actor, o.at) for k, o in overrides.items())))


def in_library(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``fn(library, *args)`` on a worker with the worker's own connection."""
    def job(db_path: str, *args: Any, progress=None, cancelled=None) -> Any:
        with Library(db_path) as library:
            return fn(library, *args)
    job.__name__ = getattr(fn, "__name__", "job")
    return job


@dataclass
class OpenStory:
    story: Story
    claims: tuple[Claim, ...]
    state: StoryState
    report: Report | None = None

    @property
    def id(self) -> str:
        return self.story.id

    def citation(self, key: CitationKey) -> Citation | None:
        if self.report is None:
            return None
        for claim in self.report.claims:
            if claim.index == key[0]:
                for c in claim.citations:
                    if c.n == key[1]:
                        return c
        return None


class DeskController(QObject):
    story_opened = Signal(str)
    story_checked = Signal(str)
    citation_selected = Signal(tuple)
    verdict_overridden = Signal(tuple)
    revision_saved = Signal(str)
    changes_shown = Signal(str)
    decision_recorded = Signal(str)
    story_imported = Signal(str)
    import_failed = Signal(str)
    error_shown = Signal(str)
    sources_fetched = Signal(str)
    source_attached = Signal(int)
    story_exported = Signal(str)
    export_refused = Signal(str)
    outbox_counted = Signal(int)

    def __init__(self, db_path: str, settings: DeskSettings,
                 window: MainWindow | None = None, secrets: Any = None) -> None:
        """``secrets``: where target passwords are kept (a ``SecretStore``); None is the
        OS keyring. Tests pass a ``MemorySecretStore``."""
        super().__init__()
        self.db_path = str(db_path)
        self.settings = settings
        self.library = Library(self.db_path)
        self.runner = TaskRunner(parent=self)
        self.window = window or MainWindow()
        self.model = StoryQueueModel(self.library, self)
        self.current: OpenStory | None = None
        self.order: list[CitationKey] = []
        self.selected: CitationKey | None = None
        self.check_task: Task | None = None
        self.active_dialog: Any = None
        self._after_check: list[Callable[[], None]] = []
        self._closing = False
        self._watched: set[Task] = set()
        self._reports: dict[str, tuple[tuple, Report]] = {}  # story id -> (key, report)
        self._changes_for: tuple[str, str] | None = None  # what the Changes tab shows
        self._editing: tuple[str, str, int] | None = None  # (story id, revision, version)
        self._changes_task: Task | None = None
        self._shown_task: Task | None = None  # the task the status bar names
        self._check_cancelled_for: tuple[str, str] | None = None  # (story id, revision)
        self.publishing = PublishingController(self, secrets)
        self.gate = GateController(self)
        self._wire()

    # -- wiring ---------------------------------------------------------------------
    def _wire(self) -> None:
        w = self.window
        w.queue.table.setModel(self.model)
        w.queue.fit_columns()
        w.queue.table.selectionModel().currentRowChanged.connect(self._on_queue_row)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._apply_filter)
        w.queue.search.textChanged.connect(lambda _t: self._search_timer.start())
        w.queue.search.returnPressed.connect(self._apply_filter)
        w.queue.status.currentIndexChanged.connect(lambda _i: self._apply_filter())
        w.queue.triage.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.model.modelReset.connect(self._select_in_queue)  # a sort resets the rows
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)
        self.model.rowsMoved.connect(lambda *_: self._select_in_queue())

        w.story_view.citation_clicked.connect(self.select_citation)
        w.story_view.tooltip_for = self.citation_tooltip
        w.findings.citation_chosen.connect(self.select_citation)
        w.findings.finding_chosen.connect(self._on_finding)
        w.source.original_requested.connect(self.open_original)
        w.source.fetch_requested.connect(lambda n: self.fetch_sources((n,)))
        w.source.attach_requested.connect(self.attach_file)
        w.editor.save.clicked.connect(lambda: self.save_edit())
        w.editor.discard.clicked.connect(self.discard_edit)
        w.files_dropped.connect(self.open_files)
        w.close_requested.connect(self.shutdown)
        w.close_guard = lambda: self.confirm_leave_edit(w.close)
        w.task_cancel.clicked.connect(self.cancel_shown_task)
        self.runner.tasks_changed.connect(self._show_tasks)

        w.act_open.triggered.connect(self.choose_files)
        w.act_quit.triggered.connect(w.close)
        w.act_edit.triggered.connect(self.start_edit)
        w.act_save.triggered.connect(lambda: self.save_edit())
        w.act_changes.triggered.connect(lambda: w.tabs.setCurrentWidget(w.changes_view))
        w.act_history.triggered.connect(lambda: w.tabs.setCurrentWidget(w.history_view))
        w.act_read.triggered.connect(lambda: w.tabs.setCurrentWidget(w.story_view))

        def recheck() -> None:
            if self.current:
                self.open_story(self.current.id, recheck=True)
        w.act_recheck.triggered.connect(recheck)
        w.tabs.currentChanged.connect(self._on_tab)
        w.act_fetch.triggered.connect(lambda: self.fetch_sources(None))
        w.act_allow_private.setChecked(bool(self.settings.allow_private))
        w.act_allow_private.toggled.connect(
            lambda on: setattr(self.settings, "allow_private", bool(on)))
        w.act_export.triggered.connect(self.export_story)
        w.act_next.triggered.connect(lambda: self.step_citation(+1))
        w.act_prev.triggered.connect(lambda: self.step_citation(-1))
        w.act_next_problem.triggered.connect(lambda: self.step_citation(+1, problems=True))
        w.act_prev_problem.triggered.connect(lambda: self.step_citation(-1, problems=True))
        w.act_search.triggered.connect(self.focus_search)
        w.act_focus_queue.triggered.connect(w.queue.table.setFocus)
        w.act_focus_story.triggered.connect(w.story_view.setFocus)
        w.act_focus_source.triggered.connect(w.source.text.setFocus)
        w.act_focus_findings.triggered.connect(w.findings.setFocus)
        w.act_override.triggered.connect(self.override_selected)
        w.act_waive.triggered.connect(self.waive_selected)
        w.act_approve.triggered.connect(lambda: self.decide("approve"))
        w.act_request.triggered.connect(lambda: self.decide("request_changes"))
        w.act_reject.triggered.connect(lambda: self.decide("reject"))
        w.act_name.triggered.connect(lambda: self.ask_reviewer(None, force=True))
        w.act_keys.triggered.connect(self.show_shortcuts)
        w.legend.refresh(is_dark())
        self._rebuild_recent()
        self._update_actions()

        self._network: _NetworkWatch | None = None
        # Loading Qt's network-information backend takes ~15 ms: not before the story.
        QTimer.singleShot(0, self._watch_network)
        self._outbox_timer = QTimer(self)
        self._outbox_timer.setInterval(30_000)
        self._outbox_timer.timeout.connect(self._show_outbox)
        self._outbox_timer.start()
        # The outbox imports app.publish (HTTP clients, ~65 ms): on a worker, once the
        # first story is on screen. Start-up puts back rows a dead sender left
        # "sending", counts, and sends what waits.
        QTimer.singleShot(2000, self.publishing.start_up)
        self._show_tasks()  # replaces "Opening the library…"

    # -- start and close --------------------------------------------------------------
    def restore(self) -> None:
        s = self.settings
        self.window.restore_layout(s.geometry, s.window_state, s.main_splitter,
                                   s.panes_splitter)
        self.restore_filter()

    def restore_filter(self) -> None:
        index = self.window.queue.status.findData(self.settings.status_filter)
        if index > 0:
            self.window.queue.status.setCurrentIndex(index)  # applies it

    def start(self, open_file: str | None = None) -> None:
        """First run imports the samples on a worker; then open a file, or the last story."""
        if open_file:
            self.open_files([open_file])
        if count_stories(self.library) == 0:
            self.runner.start(tr("Importing sample stories…"), self._import_samples,
                              self.db_path, on_success=self._samples_imported,
                              on_failure=self._task_failed, cancellable=False)
            return
        if not open_file:
            self._open_initial()

    @staticmethod
    def _import_samples(db_path: str, progress=None, cancelled=None) -> list[Any]:
        from app.samples import import_samples_if_empty

        with Library(db_path) as library:
            return import_samples_if_empty(library)

    def _samples_imported(self, results: list[Any]) -> None:
        self.model.reload()
        if self.current is None:
            # The top of the queue, which is what a new reviewer looks at first.
            row = self.model.story_at(0)
            if row is not None:
                self.open_story(row.id)
            elif results:
                self.open_story(results[0].story_id)

    def _open_initial(self) -> None:
        last = self.settings.last_story
        if last and self.library.conn.execute(
                "SELECT 1 FROM stories WHERE id=?", [last]).fetchone():
            self.open_story(last)
            return
        if self.model.canFetchMore():
            self.model.fetchMore()
        row = self.model.story_at(0)
        if row:
            self.open_story(row.id)

    def shutdown(self) -> None:
        if self._closing:
            return
        self._closing = True
        w, s = self.window, self.settings
        s.geometry = w.saveGeometry()
        s.window_state = w.saveState()
        s.main_splitter = w.main_splitter.saveState()
        s.panes_splitter = w.panes_splitter.saveState()
        s.status_filter = str(w.queue.status.currentData() or "")
        if self.current:
            s.last_story = self.current.id
        s.sync()
        self._outbox_timer.stop()
        self.publishing.shutdown()
        self.runner.shutdown()

    # -- the queue --------------------------------------------------------------------
    def _apply_filter(self) -> None:
        q = self.window.queue
        try:
            self.model.set_filter(q.status.currentData() or None, q.search.text(),
                                  q.triage.currentData() or None)
        except Exception as error:  # a malformed FTS query must not break the queue
            log.warning("search failed: %s", error)
            self.window.statusBar().showMessage(tr("Search failed: {e}").format(e=error), 5000)
        self._select_in_queue()

    def _update_count(self) -> None:
        n = self.model.total
        self.window.queue.count.setText((tr("{n} story") if n == 1 else tr("{n} stories"))
                                        .format(n=n))

    def _on_queue_row(self, current: Any, _previous: Any) -> None:
        row = self.model.story_at(current.row()) if current.isValid() else None
        if row and (self.current is None or row.id != self.current.id):
            self.open_story(row.id)

    def _select_in_queue(self) -> None:
        if not self.current:
            return
        table = self.window.queue.table
        i = self.model.row_of(self.current.id)
        if i >= 0 and table.currentIndex().row() != i:
            table.selectionModel().blockSignals(True)
            table.selectRow(i)
            table.selectionModel().blockSignals(False)

    def focus_search(self) -> None:
        self.window.queue_dock.show()
        self.window.queue.search.setFocus()
        self.window.queue.search.selectAll()

    # -- opening a story ----------------------------------------------------------------
    def open_story(self, story_id: str, keep_selection: bool = False,
                   recheck: bool = False) -> None:
        """Show the story at once; its check runs on a worker unless the same revision,
        sources and overrides were checked before (then the kept report is shown).
        Unsaved typing in the editor is not dropped silently: the reviewer is asked."""
        if self.current is None or story_id != self.current.id:
            if not self.confirm_leave_edit(
                    lambda: self.open_story(story_id, keep_selection, recheck),
                    cancelled=self._select_in_queue):
                return
            if self._editing is not None and self._editing[0] != story_id:
                self._end_edit()  # nothing typed: the editor no longer belongs to a story
        try:
            story = load_story(self.library, story_id)
        except CopydeskError as error:
            self.show_error(str(error))
            return
        overrides = load_overrides(self.library, story_id, story.revision)
        key = report_key(story, overrides)
        kept = self._reports.get(story_id)
        report = kept[1] if kept and kept[0] == key and not recheck else None
        shown = self.current
        same = shown is not None and shown.id == story_id
        keep = keep_selection or (shown is not None and same
                                  and shown.story.revision == story.revision)
        claims = report.claims if report else claims_of(story)
        self.current = OpenStory(story, claims, story_state(self.library, story_id), report)
        if not keep:
            self.selected = None
        self.window.story_view.selected = self.selected
        self._render()
        self._show_header()
        self._changes_for = None
        self._show_history()
        self._update_actions()
        self._select_in_queue()
        if not same:
            self.window.tabs.setCurrentWidget(self.window.story_view)
        self._on_tab()
        if self.selected:
            self._show_source()
        else:
            self.window.source.show_nothing()
        self.settings.last_story = story_id
        self.story_opened.emit(story_id)
        if report is not None:
            if self.check_task is not None:
                self.check_task.cancel()
                self.check_task = None
            # Queued, so a caller waiting on story_checked after open_story still sees it.
            QTimer.singleShot(0, lambda: self._check_done(story_id, story.revision))
        else:
            self._start_check(story, overrides, key)

    def _start_check(self, story: Story, overrides: dict[tuple[int, int], Override],
                     key: tuple) -> None:
        if self.check_task is not None:
            self.check_task.cancel()
        self._check_cancelled_for = None
        task = self.runner.start(tr("Checking citations…"), check_in_worker, story, overrides,
                                 on_failure=self._task_failed)
        task.succeeded.connect(lambda report, t=task: self._checked(t, key, report))
        task.cancelled.connect(lambda t=task: self._check_cancelled(t, key))
        self.check_task = task

    def _check_cancelled(self, task: Task, key: tuple) -> None:
        if task is not self.check_task:
            return  # replaced by a newer check
        self.check_task = None
        c = self.current
        if c is not None and (c.id, c.story.revision) == (key[0], key[1]) and c.report is None:
            self._check_cancelled_for = (key[0], key[1])
            self._show_header()
            self.window.statusBar().showMessage(
                tr("Check cancelled — F5 to check again."), 8000)

    def _checked(self, task: Task, key: tuple, report: Report) -> None:
        # Only the latest check counts: an older one (before an override, a fetch or an
        # edit) finishing late must not replace what the newer one found.
        if task is not self.check_task:
            return
        self.check_task = None
        story_id, revision = key[0], key[1]
        report = core_adapter.with_policy(self.library, report)  # its finding severities
        self._reports.pop(story_id, None)
        self._reports[story_id] = (key, report)
        while len(self._reports) > REPORTS_KEPT:
            self._reports.pop(next(iter(self._reports)))
        if (self.current is None or self.current.id != story_id
                or self.current.story.revision != revision):
            return
        self.current.report = report
        self.current.claims = report.claims
        self._render()
        self._show_header()
        if self.selected:
            self._show_source()
        self._update_actions()
        self.model.refresh_story(story_id)
        self._check_done(story_id, revision)

    def _check_done(self, story_id: str, revision: str) -> None:
        if (self.current is None or self.current.id != story_id
                or self.current.story.revision != revision):
            return
        self.story_checked.emit(story_id)
        callbacks, self._after_check = self._after_check, []
        for callback in callbacks:
            callback()

    def _render(self) -> None:
        assert self.current is not None
        c = self.current
        rendered = render_story(c.story, c.claims, c.report, is_dark())
        self.order = list(rendered.citations)
        if self.selected not in self.order:
            self.selected = None
        self.window.story_view.show_story(rendered.html, [claim.index for claim in c.claims])
        findings = c.report.findings if c.report else ()
        rows = []
        texts = {claim.index: strip_markers(claim.text) for claim in c.claims}
        for key in self.order:
            rows.append((key, c.citation(key), texts.get(key[0], "")))
        waived = (core_adapter.waived_findings(self.library, c.id, c.story.revision, findings,
                                               c.claims) if findings else set())
        self.window.findings.show_report(findings, rows, waived)
        self.window.findings.select_citation(self.selected)

    def refresh_theme(self) -> None:
        self.window.legend.refresh(is_dark())
        if self.current:
            self._render()
            self._changes_for = None
            self._on_tab()
            if self.selected:
                self._show_source()

    def _show_header(self) -> None:
        c = self.current
        if c is None:
            self.window.story_status.setText("")
            return
        c.state = story_state(self.library, c.id)
        st = c.state
        parts = [f"<b>{html.escape(status_label(st.status))}</b>",
                 tr("revision {r}").format(r=c.story.revision[:8])]
        if st.approvals or st.approvals_required > 1:
            parts.append(tr("approvals {n}/{k}").format(n=len(st.approvals),
                                                       k=st.approvals_required)
                         + (f" ({html.escape(', '.join(st.approvers))})" if st.approvals
                            else ""))
        if st.warning:  # stays in the header while those approvals count
            parts.append(f"<span style='color:#b3261e'>⚠ {html.escape(st.warning)}</span>")
        if st.last_event is not None:
            e = st.last_event
            parts.append(tr("last: {action} by {actor}").format(
                action=html.escape(e.action.replace("_", " ")), actor=html.escape(e.actor)))
        if c.report:
            s = c.report.summary
            counts = " ".join(f"{s.get(v, 0)}{VERDICT_SYMBOL[v]}" for v in
                              ("supported", "partial", "contradicted", "unsupported", "unavailable",
                               "dangling")
                              if s.get(v))
            parts.append(tr("{n} citations").format(n=s.get("citations", 0))
                         + (f" ({counts})" if counts else ""))
            blockers = sum(1 for f in c.report.findings if f.severity == "blocker")
            if blockers:
                word = tr("blocker") if blockers == 1 else tr("blockers")
                parts.append(f"{SEVERITY_SYMBOL['blocker']} {blockers} {word}")
        elif self._check_cancelled_for == (c.id, c.story.revision):
            parts.append(tr("check cancelled — F5 to check again"))
        else:
            parts.append(tr("checking…"))
        self.window.story_status.setText(" · ".join(parts))
        self.window.setWindowTitle(f"{c.story.title} — Copydesk")

    def _on_tab(self, _index: int = -1) -> None:
        # The word diff is the costliest part of a story: made when its tab is shown.
        c = self.current
        if c is not None and self.window.tabs.currentWidget() is self.window.changes_view \
                and self._changes_for != (c.id, c.story.revision):
            self._show_changes()

    def _show_changes(self) -> None:
        c = self.current
        if c is None:
            return
        shown_for = (c.id, c.story.revision)
        self._changes_for = shown_for
        original = core_adapter.imported_original(self.library, c.id)
        if original is None:
            self.window.changes_view.setHtml(tr("No imported original is kept for this story."))
            self.changes_shown.emit(c.id)
            return
        before = "\n\n".join(p for p in original if p)
        after = "\n\n".join(p for p in (c.story.title, c.story.dek, c.story.body) if p)
        self.window.changes_view.setPlainText(tr("Comparing with the imported original…"))
        if self._changes_task is not None:
            self._changes_task.cancel()

        def done(page: str) -> None:
            # Only if the story and revision it was made for are still the ones shown.
            c = self.current
            if self._changes_for == shown_for and c and (c.id, c.story.revision) == shown_for:
                self.window.changes_view.setHtml(page)
                self.changes_shown.emit(shown_for[0])

        def failed(error: BaseException) -> None:
            if self._changes_for == shown_for:
                self._changes_for = None
            self._task_failed(error)
        def cancelled() -> None:
            if self._changes_for == shown_for:
                self._changes_for = None  # made again when the tab is shown next
                self.window.changes_view.setPlainText(tr("Comparison cancelled."))
        task = self.runner.start(
            tr("Comparing with the original…"), diff_in_worker, before, after, is_dark(),
            on_success=done, on_failure=failed)
        task.cancelled.connect(cancelled)
        self._changes_task = task

    def _show_history(self) -> None:
        c = self.current
        if c is None:
            return
        rows = []
        for e in reversed(core_adapter.history(self.library, c.id)):
            note = f"<br>“{html.escape(e.note)}”" if e.note else ""
            details = e.details
            extra = ""
            if e.action == "override":
                extra = f" [{details.get('n')}] → {html.escape(str(details.get('verdict')))}"
            if e.action == "edit" and details.get("voided"):
                extra = " " + tr("(voided approvals by {who})").format(
                    who=html.escape(", ".join(details["voided"])))
            rows.append(
                f"<p><b>{html.escape(e.action.replace('_', ' '))}</b>{extra} "
                f"{tr('by')} {html.escape(e.actor)} · "
                f"{html.escape(e.at.replace('T', ' ').rstrip('Z'))} · "
                f"{tr('revision')} {e.revision[:8]}{note}</p>")
        self.window.history_view.setHtml(
            f"<h3>{tr('Decision history')}</h3>" + ("".join(rows) or tr("No history yet.")))

    # -- citations ------------------------------------------------------------------------
    def select_citation(self, key: tuple) -> None:
        if self.current is None:
            return
        key = (int(key[0]), int(key[1]))
        self.selected = key
        w = self.window
        if w.tabs.currentWidget() is not w.story_view and w.tabs.currentWidget() is not w.editor:
            w.tabs.setCurrentWidget(w.story_view)
        w.story_view.select(key)
        w.findings.select_citation(key)
        self._show_source()
        self._update_actions()
        self.citation_selected.emit(key)

    def _show_source(self) -> None:
        c, key = self.current, self.selected
        if c is None or key is None:
            return
        self.window.source.show_citation(c.story.reference(key[1]), c.citation(key), key,
                                         is_dark())

    def step_citation(self, step: int, problems: bool = False) -> None:
        """J / K: every citation in story order; N / Shift+N: the problems, riskiest
        first (``ui.triage``)."""
        c = self.current
        if not self.order or c is None:
            return
        if not problems:
            self.select_citation(step_through(self.order, self.selected, step))
            return
        keys = problems_by_risk(self.order, c.citation)
        if not keys:
            self.window.statusBar().showMessage(
                tr("Still checking…") if c.report is None
                else tr("No problems left in this story."), 4000)
            return
        key = step_through(keys, self.selected, step)
        self.select_citation(key)
        cit = c.citation(key)
        verdict = cit.effective_verdict if cit else "pending"
        self.window.statusBar().showMessage(tr("Problem {i} of {n}: [{ref}] {verdict}").format(
            i=keys.index(key) + 1, n=len(keys), ref=key[1],
            verdict=f"{VERDICT_SYMBOL[verdict]} {tr(VERDICT_NAMES[verdict])}"), 4000)

    def citation_tooltip(self, key: CitationKey) -> str:
        c = self.current
        if c is None:
            return ""
        ref = c.story.reference(key[1])
        cit = c.citation(key)
        who = (f"[{ref.n}] {ref.publisher} — {ref.title}" if ref
               else tr("[{n}] is not in the reference list").format(n=key[1]))
        verdict = cit.effective_verdict if cit else "pending"
        lines = [who, f"{VERDICT_SYMBOL[verdict]} {tr(VERDICT_NAMES[verdict])}"]
        if cit and cit.override:
            lines.append(f"{OVERRIDE_SYMBOL} {tr('overridden by')} {cit.override.actor}: "
                         f"{cit.override.note}")
        return "\n".join(lines)

    def _on_finding(self, i: int) -> None:
        c = self.current
        if c is None or c.report is None or not (0 <= i < len(c.report.findings)):
            return
        finding = c.report.findings[i]
        target: CitationKey | None = None
        if finding.location:
            for claim in c.claims:
                if claim.span[0] <= finding.location[0] < claim.span[1] and claim.citations:
                    target = (claim.index, claim.citations[0].n)
                    break
        if target is None:
            m = re.search(r"\[(\d+)\]", finding.message)
            if m:
                target = next((k for k in self.order if k[1] == int(m.group(1))), None)
        if target is not None:
            self.select_citation(target)
            self.window.findings.setFocus()
        self.window.statusBar().showMessage(finding.message, 8000)

    # -- review: reviewer, override, decide ---------------------------------------------------
    def ask_reviewer(self, then: Callable[[str], object] | None, force: bool = False) -> None:
        name = self.settings.reviewer_name
        if name and not force:
            if then:
                then(name)
            return
        dialog = NameDialog(name or suggested_reviewer(), self.window)

        def accepted() -> None:
            self.settings.reviewer_name = dialog.value()
            if then:
                then(dialog.value())
        dialog.accepted.connect(accepted)
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: Any) -> None:
        self.active_dialog = dialog
        dialog.finished.connect(self._dialog_closed)
        dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        self.active_dialog = None
        # Give the keyboard back to the desk, so J, K and the shortcuts work at once
        # (without a window manager, X leaves the focus nowhere).
        self.window.activateWindow()

    def override_selected(self) -> None:
        c, key = self.current, self.selected
        if c is None or key is None:
            self.window.statusBar().showMessage(tr("Select a citation first (J / K)."), 4000)
            return
        citation = c.citation(key)
        current = citation.effective_verdict if citation else "supported"
        # What the dialog is about, fixed now: another story may open while it is up.
        target = (c.id, c.story.revision, c.state.version)

        def ask(actor: str) -> None:
            dialog = OverrideDialog(key[1], current, self.window)
            dialog.accepted.connect(lambda: self._save_override(
                target, key, dialog.chosen(), dialog.text(), actor))
            self._open_dialog(dialog)
        self.ask_reviewer(ask)

    def _save_override(self, target: tuple[str, str, int], key: CitationKey, verdict: str,
                       note: str, actor: str) -> None:
        story_id, revision, version = target

        def saved(_result: object) -> None:
            if self.current and self.current.id == story_id:
                self._after_check.append(lambda: self.verdict_overridden.emit(key))
                self.open_story(story_id, keep_selection=True)
            else:
                self.model.refresh_story(story_id)
                self.verdict_overridden.emit(key)
        self.runner.start(tr("Saving override…"), in_library(core_adapter.save_override),
                          self.db_path, story_id, revision, key[0], key[1], verdict, note,
                          actor, version, on_success=saved,
                          on_failure=self._task_failed, cancellable=False)

    def waive_selected(self) -> None:
        """The keyboard route to waiving: the selected blocker, else the first open one."""
        panel = self.window.findings
        for _label, request in panel.context_actions(panel.currentItem()):
            if request[0] == "waive":
                self.publishing.waive_finding(request[1])
                return
        left = sorted(panel.blocker_indices - panel.waived_indices)
        if left:
            self.publishing.waive_finding(left[0])
        else:
            self.window.statusBar().showMessage(tr("No blocker finding left to waive."), 4000)

    def decide(self, decision: str) -> None:
        c = self.current
        if c is None:
            return
        titles = {"approve": (tr("Approve story"), tr("Approve")),
                  "request_changes": (tr("Request changes"), tr("Request changes")),
                  "reject": (tr("Reject story"), tr("Reject"))}
        title, ok = titles[decision]
        required = decision != "approve"
        prompt = tr("{what} “{title}” (revision {rev}).").format(
            what=ok, title=c.story.title, rev=c.story.revision[:8])
        # The decision is about the story shown now, whatever opens while the dialog is up.
        target = (c.id, c.story.revision, c.state.version)

        def ask(actor: str) -> None:
            if decision == "approve":  # lists what the gate finds open, confirms it
                self.gate.ask_approval(target, title, prompt, actor)
                return
            dialog = NoteDialog(title, prompt, required, ok, self.window)
            dialog.accepted.connect(lambda: self._record(target, decision, dialog.text(),
                                                         actor))
            self._open_dialog(dialog)
        self.ask_reviewer(ask)

    def _record(self, target: tuple[str, str, int], decision: str, note: str,
                actor: str, details: dict[str, Any] | None = None) -> None:
        story_id, _revision, version = target  # the version pins the revision too

        def done(result: Any) -> None:
            status = result.status
            self.model.refresh_story(story_id)
            if self.current and self.current.id == story_id:
                self._show_header()
                self._show_history()
            message = tr("Recorded: {s} by {a}.").format(s=status_label(status), a=actor)
            if result.warning:  # e.g. two approvals from one computer account
                message += " " + tr("Warning: {w}.").format(w=result.warning)
            self.window.statusBar().showMessage(message, 0 if result.warning else 5000)
            self.decision_recorded.emit(status)
        self.runner.start(tr("Recording decision…"), in_library(core_adapter.decide),
                          self.db_path, story_id, decision, note, actor, version, details,
                          on_success=done, on_failure=self._task_failed, cancellable=False)

    # -- edit -------------------------------------------------------------------------------
    def edit_dirty(self) -> bool:
        """Has the reviewer typed into the editor since the edit started?"""
        e = self.window.editor
        return self._editing is not None and (
            e.body.document().isModified() or e.title.isModified() or e.dek.isModified())

    def confirm_leave_edit(self, then: Callable[[], object],
                           cancelled: Callable[[], None] | None = None) -> bool:
        """Run ``then`` at once when nothing typed would be lost (returns True); else ask
        Save / Discard / Cancel and run ``then`` after a save or a discard."""
        if not self.edit_dirty():
            return True
        assert self._editing is not None
        title = self.window.editor.title.text() or self._editing[0]
        box = QMessageBox(QMessageBox.Icon.Question, tr("Unsaved edit"),
                          tr("“{title}” has unsaved changes. Save them as a new revision?")
                          .format(title=title),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("unsavedEditBox")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)

        def answered(_result: int) -> None:
            button = box.standardButton(box.clickedButton())
            if button == QMessageBox.StandardButton.Save:
                self.save_edit(then=then)
            elif button == QMessageBox.StandardButton.Discard:
                self._end_edit()
                then()
            elif cancelled is not None:
                cancelled()
        box.finished.connect(answered)
        self._open_dialog(box)
        return False

    def _end_edit(self) -> None:
        self._editing = None
        self._clear_modified()

    def _clear_modified(self) -> None:
        e = self.window.editor
        e.body.document().setModified(False)
        e.title.setModified(False)
        e.dek.setModified(False)

    def start_edit(self) -> None:
        c = self.current
        if c is None:
            return
        e = self.window.editor
        if self._editing is not None and self._editing[0] == c.id and self.edit_dirty():
            # The typed text stays; Ctrl+E only brings the editor back.
            self.window.tabs.setCurrentWidget(e)
            e.body.setFocus()
            return
        if not self.confirm_leave_edit(self.start_edit):
            return
        self._editing = (c.id, c.story.revision, c.state.version)
        e.title.setText(c.story.title)
        e.title.setCursorPosition(0)
        e.dek.setText(c.story.dek)
        e.dek.setCursorPosition(0)
        e.body.setPlainText(c.story.body)
        self._clear_modified()
        self.window.tabs.setCurrentWidget(e)
        e.body.setFocus()

    def discard_edit(self) -> None:
        self._end_edit()
        self.window.tabs.setCurrentWidget(self.window.story_view)

    def save_edit(self, then: Callable[[], object] | None = None) -> None:
        e = self.window.editor
        editing = self._editing
        if editing is None or (then is None and self.window.tabs.currentWidget() is not e):
            return
        title, dek, body = e.title.text(), e.dek.text(), e.body.toPlainText()
        if not body.strip() or not title.strip():
            if then is not None:
                self.window.tabs.setCurrentWidget(e)
            self.show_error(tr("A story needs a title and a body."))
            return
        # Saved against the story and version the edit started from, whatever is open now.
        story_id, _revision, version = editing

        def saved(decision: Any) -> None:
            revision = decision.revision
            if self._editing == editing:
                self._end_edit()
            self.model.refresh_story(story_id)
            if self.current and self.current.id == story_id:
                self.open_story(story_id)
                self._select_in_queue()
                self.window.tabs.setCurrentWidget(self.window.changes_view)
            self.window.statusBar().showMessage(
                tr("Saved revision {r}; checking it again.").format(r=revision[:8]), 5000)
            self.revision_saved.emit(revision)
            if then is not None:
                then()

        self.ask_reviewer(lambda actor: self.runner.start(
            tr("Saving revision…"), in_library(core_adapter.save_edit), self.db_path, story_id,
            title, dek, body, actor, version, on_success=saved,
            on_failure=partial(self._edit_not_saved, editing, then), cancellable=False))

    def _edit_not_saved(self, editing: tuple[str, str, int],
                        then: Callable[[], object] | None, error: BaseException) -> None:
        """A save refused because the story changed meanwhile. When its text did not
        change (an override, a waiver or a decision came in), the edit still applies
        cleanly: say what happened and offer to save it over the current version. A
        changed text is refused as before (the edit stays in the editor)."""
        state = error.state if isinstance(error, ConflictError) else None
        if state is None or state.revision != editing[1] or self._editing != editing:
            self._task_failed(error)
            return
        last = state.last_event
        what = (tr("{action} by {actor}").format(action=last.action.replace("_", " "),
                                                 actor=last.actor)
                if last is not None else tr("a change"))
        text = tr("While you were editing, the story changed but its text did not (last: "
                  "{what}; now {status}). Save your edit as a new revision anyway?").format(
            what=what, status=status_label(state.status))
        if state.approvals:
            text += " " + tr("The approval(s) by {names} will then no longer count.").format(
                names=", ".join(state.approvers))
        box = QMessageBox(QMessageBox.Icon.Question, tr("Story changed while editing"), text,
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                          self.window)
        box.setObjectName("editRebaseBox")
        box.setTextFormat(Qt.TextFormat.PlainText)  # names and notes are typed text

        def answered(_result: int) -> None:
            if box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Save:
                return  # the edit stays in the editor, unsaved
            if self._editing == editing:
                self._editing = (editing[0], editing[1], state.version)
                self.window.tabs.setCurrentWidget(self.window.editor)  # save_edit saves from it
                self.save_edit(then=then)
        box.finished.connect(answered)
        self._open_dialog(box)

    # -- open, import, fetch, attach ------------------------------------------------------
    def choose_files(self) -> None:
        dialog = QFileDialog(self.window, tr("Open story"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([tr("Stories (*.txt *.md *.markdown *.json)"),
                               tr("All files (*)")])
        dialog.filesSelected.connect(self.open_files)
        self._open_dialog(dialog)

    def open_files(self, paths: list[str]) -> None:
        for path in paths:
            self.runner.start(
                tr("Importing {name}…").format(name=Path(path).name), core_adapter.import_file,
                self.db_path, path,
                on_success=partial(self._imported, path),
                on_failure=lambda error: self._import_failed(error), cancellable=False)

    def _imported(self, path: str, result: Any) -> None:
        self.settings.add_recent_file(str(Path(path).resolve()))
        self._rebuild_recent()
        self.model.reload()
        self.open_story(result.story_id)
        self.window.statusBar().showMessage(
            tr("{title}: {status}").format(title=result.title, status=tr(result.status)), 5000)
        self.story_imported.emit(result.story_id)

    def _import_failed(self, error: BaseException) -> None:
        message = str(error) if isinstance(error, CopydeskError) else \
            tr("Could not import: {e}").format(e=error)
        self.show_error(message, title=tr("Cannot open story"))
        self.import_failed.emit(message)

    def _rebuild_recent(self) -> None:
        menu = self.window.recent_menu
        menu.clear()
        files = self.settings.recent_files
        for path in files:
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_files([p]))
        menu.setEnabled(bool(files))

    def fetch_sources(self, numbers: tuple[int, ...] | None = None) -> None:
        """Fetch the open story's sources that have no snapshot yet: all of them, or
        only ``numbers`` (the reference whose Fetch now was pressed)."""
        c = self.current
        if c is None:
            return
        story_id = c.id
        label = (tr("Fetching sources…") if numbers is None
                 else tr("Fetching [{n}]…").format(n="], [".join(map(str, numbers))))
        task = self.runner.start(label, core_adapter.fetch_story_sources, self.db_path,
                                 story_id, only=numbers,
                                 allow_private=bool(self.settings.allow_private),
                                 actor=self.settings.reviewer_name,
                                 on_success=lambda report: self._fetched(story_id, report),
                                 on_failure=self._task_failed)
        # Each snapshot is saved as it lands: a cancelled fetch keeps what finished.
        task.cancelled.connect(lambda: self._source_changed(
            story_id, tr("Fetch cancelled; the sources fetched so far are kept.")))

    def _fetched(self, story_id: str, report: Any) -> None:
        words = {"fetched": tr("{n} fetched"), "shared": tr("{n} shared from the library"),
                 "kept": tr("{n} already kept"), "unavailable": tr("{n} unavailable"),
                 "kept after failure": tr("{n} kept after a failed refresh"),
                 "not fetched": tr("{n} not fetched")}
        parts = [text.format(n=report.count(action)) for action, text in words.items()
                 if report.count(action)]
        message = tr("Sources: {parts}.").format(parts=", ".join(parts) or tr("none to fetch"))
        failed = [o for o in report.outcomes if o.action == "unavailable"]
        if failed:
            message += " " + "; ".join(f"[{o.n}] {o.reason}" for o in failed[:3])
        self._source_changed(story_id, message)
        self.sources_fetched.emit(story_id)

    def attach_file(self, n: int) -> None:
        c = self.current
        if c is None:
            return
        dialog = QFileDialog(self.window, tr("Attach a saved copy of [{n}]").format(n=n))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([tr("Pages and documents (*.html *.htm *.pdf *.txt)"),
                               tr("All files (*)")])
        story_id = c.id
        dialog.fileSelected.connect(lambda path: self.attach_path(story_id, n, path))
        self._open_dialog(dialog)

    def attach_path(self, story_id: str, n: int, path: str) -> None:
        self.runner.start(
            tr("Attaching {name}…").format(name=Path(path).name), core_adapter.attach_file,
            self.db_path, story_id, n, path, actor=self.settings.reviewer_name,
            on_success=lambda result: self._attached(story_id, result),
            on_failure=self._task_failed, cancellable=False)

    def _attached(self, story_id: str, result: Any) -> None:
        self._source_changed(story_id, tr("Attached to [{n}]: {chars:,} characters.").format(
            n=result.n, chars=len(result.snapshot.text)))
        self.source_attached.emit(result.n)

    def _source_changed(self, story_id: str, message: str = "") -> None:
        if self.current and self.current.id == story_id:
            self.open_story(story_id, keep_selection=True)
        self.model.refresh_story(story_id)
        if message:
            self.window.statusBar().showMessage(message, 10_000)

    # -- export ------------------------------------------------------------------------
    def export_story(self) -> None:
        c = self.current
        if c is None:
            return
        story_id = c.id
        self.runner.start(tr("Listing publishing targets…"), core_adapter.publishing_targets,
                          self.db_path, on_success=lambda targets: self._choose_target(
                              story_id, targets), on_failure=self._task_failed,
                          cancellable=False)

    def _choose_target(self, story_id: str, targets: list[tuple[str, str, str]]) -> None:
        if not targets:
            self.show_error(tr("No publishing target is set up yet. Add one under Settings › "
                               "Publishing targets…, or on the command line, for example:\n"
                               "  copydesk target add site --kind folder --url ~/exports"),
                            title=tr("Export"))
            return
        dialog = ExportDialog(targets, self.settings.export_target, self.window)

        def chosen() -> None:
            target = dialog.target()
            self.settings.export_target = target
            self.ask_reviewer(lambda actor: self.runner.start(
                tr("Queuing for {t}…").format(t=target), core_adapter.export_story,
                self.db_path, story_id, target, actor,
                on_success=lambda result: self._exported(story_id, result),
                on_failure=self._export_refused, cancellable=False))
        dialog.accepted.connect(chosen)
        self._open_dialog(dialog)

    def _exported(self, story_id: str, result: Any) -> None:
        self.model.refresh_story(story_id)
        if self.current and self.current.id == story_id:
            self._show_header()
            self._show_history()
        self.window.statusBar().showMessage(
            tr("{title}: {message}.").format(title=result.row.title, message=result.message),
            8000)
        self.story_exported.emit(result.message)
        self.publishing.send_now("export")

    def _export_refused(self, error: BaseException) -> None:
        if isinstance(error, CopydeskError):
            message = str(error)
            if getattr(error, "result", None) is not None:  # GateRefused: say how to settle
                message += "\n\n" + tr(
                    "To settle them: right-click a blocker under Findings & citations to "
                    "waive it with a note, or select a citation and override its verdict "
                    "(V). Both are allowed before approval: request changes first, then "
                    "approve again.")
            self.show_error(message, title=tr("Not exported"))
            self.export_refused.emit(str(error))
        else:
            self._task_failed(error)

    def open_original(self, url: str) -> None:
        if url.startswith(("http://", "https://")):
            QDesktopServices.openUrl(QUrl(url))

    # -- status bar, errors, help -----------------------------------------------------------
    def _show_tasks(self) -> None:
        active = self.runner.active
        if not active:
            self._shown_task = None
            self.window.show_task(None, 0, 0)
            return
        task = active[-1]
        self._shown_task = task
        label = task.label + (f" (+{len(active) - 1})" if len(active) > 1 else "")
        done, total = task.done_total
        self.window.show_task(label, done, total)
        self.window.task_cancel.setEnabled(task.cancellable)
        self.window.task_cancel.setToolTip(tr("Cancel: {label}").format(label=task.label))
        for t in active:
            if t not in self._watched:
                self._watched.add(t)
                t.progressed.connect(self._on_progress)
                t.ended.connect(lambda t=t: self._watched.discard(t))

    def cancel_shown_task(self) -> None:
        """Cancel what the status bar names, nothing else (not a check running beside it)."""
        task = self._shown_task
        if task is not None and task.cancellable and task in self.runner.active:
            task.cancel()

    def _on_progress(self, _done: int, _total: int) -> None:
        self._show_tasks()

    def _task_failed(self, error: BaseException) -> None:
        if isinstance(error, ConflictError) and self.current and \
                self.current.id == error.story_id:
            self.open_story(error.story_id, keep_selection=True)
        self.show_error(str(error) if isinstance(error, CopydeskError)
                        else f"{type(error).__name__}: {error}")

    def show_error(self, message: str, title: str | None = None) -> None:
        log.info("shown to the user: %s", message)
        self.window.statusBar().showMessage(message, 10_000)
        if not self._closing:
            box = QMessageBox(QMessageBox.Icon.Warning, title or tr("Copydesk"), message,
                              QMessageBox.StandardButton.Ok, self.window)
            box.setObjectName("errorBox")
            box.setTextFormat(Qt.TextFormat.PlainText)  # may quote a site or a file
            self._open_dialog(box)
        self.error_shown.emit(message)

    def _watch_network(self) -> None:
        if self._closing or self._network is not None:
            return
        self._network = _NetworkWatch(self)
        self._network.changed.connect(self._show_network)
        self._show_network(self._network.state())

    def _show_network(self, state: str) -> None:
        label = {"online": tr("● Online"), "offline": tr("○ Offline"),
                 "unknown": tr("◌ Network unknown")}[state]
        self.window.network_label.setText(label)
        self.window.network_label.setToolTip(
            tr("Snapshotted sources work offline; fetching and sending exports need the "
               "network."))
        self.publishing.network_changed(state)

    def _show_outbox(self) -> None:
        self.publishing.refresh()

    def _update_actions(self) -> None:
        w = self.window
        has_story = self.current is not None
        for action in (w.act_edit, w.act_changes, w.act_history, w.act_recheck, w.act_fetch,
                       w.act_export, w.act_report, w.act_waive,
                       w.act_approve, w.act_request, w.act_reject, w.act_next, w.act_prev,
                       w.act_next_problem, w.act_prev_problem, w.act_read):
            action.setEnabled(has_story)
        w.act_override.setEnabled(has_story and self.selected is not None)

    def show_shortcuts(self) -> None:
        rows = []
        for menu_action in self.window.menuBar().actions():
            menu = menu_action.menu()  # typed QObject in the stubs: a menu bar's are QMenus
            if not isinstance(menu, QMenu):
                continue
            for action in menu.actions():
                if action.shortcut().isEmpty():
                    continue
                rows.append(f"<tr><td>{html.escape(action.text().replace('&', ''))}</td>"
                            f"<td><b>{action.shortcut().toString()}</b></td></tr>")
        box = QMessageBox(QMessageBox.Icon.NoIcon, tr("Keyboard shortcuts"),
                          "<table cellspacing=6>" + "".join(rows) + "</table>",
                          QMessageBox.StandardButton.Ok, self.window)
        self._open_dialog(box)


class _NetworkWatch(QObject):
    """Online/offline from QNetworkInformation when a backend loads, else a cheap probe."""

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._info = None
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadBackendByFeatures(
                    QNetworkInformation.Feature.Reachability):
                self._info = QNetworkInformation.instance()
                self._info.reachabilityChanged.connect(lambda _r: self.changed.emit(self.state()))
        except Exception:  # plugin missing or Qt too old: fall back to the probe
            self._info = None
        if self._info is None:
            self._timer = QTimer(self)
            self._timer.setInterval(60_000)
            self._timer.timeout.connect(lambda: self.changed.emit(self.state()))
            self._timer.start()

    def state(self) -> str:
        if self._info is not None:
            from PySide6.QtNetwork import QNetworkInformation

            r = self._info.reachability()
            if r == QNetworkInformation.Reachability.Online:
                return "online"
            if r in (QNetworkInformation.Reachability.Disconnected,
                     QNetworkInformation.Reachability.Local,
                     QNetworkInformation.Reachability.Site):
                return "offline"
            return "unknown"
        return "online" if _has_route() else "offline"


def _has_route() -> bool:
    """Is there a route to the internet? A UDP connect sends no packet."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            return not s.getsockname()[0].startswith("127.")
    except OSError:
        return False
