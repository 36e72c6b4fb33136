"""The desk's controller: builds each feature with a ``DeskContext``, wires them to
one another, and owns the one change signal.

Every write a feature makes ends in ``apply(changes)`` (through ``DeskContext.write``
or ``announce``), and so does every write another process makes (``LibraryWatcher``);
``apply`` is the only place that redraws rows, the count, the header and the history
after a change, and ``changes_applied`` tells anyone else. See docs/desk.md.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.changes import POLICY, SOURCES, TEXT, VERDICTS, Changes
from app.library import Library, count_stories
from ui import core_adapter
from ui.desk.citations import Citations
from ui.desk.comments import Comments
from ui.desk.compare import Compare
from ui.desk.context import DeskContext, OpenStory, Session
from ui.desk.dialogs import DeskDialogs
from ui.desk.editing import Editing
from ui.desk.export import Export
from ui.desk.network import Network
from ui.desk.newsroom import Newsroom
from ui.desk.queue import Queue
from ui.desk.reading import Reading
from ui.desk.review import Review
from ui.desk.sources import Sources
from ui.desk.task_bar import TaskBar
from ui.desk.watch import LibraryWatcher
from ui.i18n import translator
from ui.publishing import PublishingController
from ui.queue_model import StoryQueueModel
from ui.settings import DeskSettings
from ui.tasks import TaskRunner
from ui.theme import is_dark
from ui.views.main_window import MainWindow

tr = translator("Desk")

# The features' signals, offered on the controller under the same names.
_SIGNALS = {
    "reading": ("story_opened", "story_checked"),
    "citations": ("citation_selected",),
    "review": ("verdict_overridden", "decision_recorded", "finding_waived"),
    "editing": ("revision_saved",),
    "compare": ("changes_shown",),
    "sources": ("story_imported", "import_failed", "sources_fetched", "source_attached"),
    "export": ("story_exported", "export_refused"),
    "dialogs": ("error_shown",),
}


class DeskController(QObject):
    changes_applied = Signal(object)  # app.changes.Changes, after the desk redrew them
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
        self.session = Session()
        self._closing = False
        self.dialogs = DeskDialogs(self.window, settings, lambda: self._closing,
                                   lambda: core_adapter.reviewer_names(self.library))
        ctx = self.ctx = DeskContext(
            self.window, self.library, self.db_path, settings, self.runner, self.session,
            announce=self.apply, open_story=self.open_story,
            show_error=self.dialogs.show_error, open_dialog=self.dialogs.open,
            ask_reviewer=self.dialogs.ask_reviewer, closing=lambda: self._closing)
        self.reading = Reading(ctx)
        self.queue = Queue(ctx, self.model)
        self.citations = Citations(ctx)
        self.compare = Compare(ctx)
        self.editing = Editing(ctx, self.reading.keep_report)
        self.review = Review(ctx, self.reading.after_check)
        self.sources = Sources(ctx)
        self.publishing = PublishingController(ctx, secrets)
        self.export = Export(ctx, self.publishing.outbox.send_now)
        self.network = Network(self.window.network_label)
        self.task_bar = TaskBar(self.window, self.runner)
        self.watcher = LibraryWatcher(ctx)
        self.newsroom = Newsroom(ctx, is_editing=lambda story_id: (  # without a newsroom:
            self.editing.editing is not None and self.editing.editing[0] == story_id))  # idle
        self.comments = Comments(ctx)
        for feature, names in _SIGNALS.items():
            for name in names:
                setattr(self, name, getattr(getattr(self, feature), name))
        self._wire()

    def _wire(self) -> None:
        w = self.window
        self.reading.may_switch = lambda story_id, retry: self.editing.may_switch(
            story_id, retry, cancelled=self.queue.select_current)
        self.reading.story_shown.connect(self.citations.story_shown)
        self.reading.story_shown.connect(self._update_actions)
        self.reading.story_opened.connect(self.queue.refresh_row)
        self.reading.story_opened.connect(lambda _id: self.compare.story_shown())
        self.citations.citation_selected.connect(lambda _key: self._update_actions())
        self.review.gate.citation_wanted.connect(self.citations.select_citation)
        self.sources.fetch_attempted.connect(self.network.fetch_attempted)
        self.network.network_changed.connect(self.publishing.outbox.network_changed)
        self.publishing.outbox.outbox_counted.connect(self.outbox_counted)
        self.queue.assignee = self.newsroom.assignee_filter
        self.newsroom.queue_filter_changed.connect(self.queue.apply_filter)
        self.reading.story_opened.connect(self.newsroom.story_opened)
        self.reading.story_shown.connect(self.comments.show)
        self.citations.citation_selected.connect(self.comments.show)
        self.changes_applied.connect(self.newsroom.changes_applied)
        self.changes_applied.connect(self.comments.changes_applied)
        w.act_edit.triggered.disconnect(self.editing.start_edit)  # asked first, in a newsroom
        w.act_edit.triggered.connect(lambda: self.newsroom.before_edit(self.editing.start_edit))
        w.close_requested.connect(self.shutdown)
        w.close_guard = lambda: self.editing.confirm_leave_edit(w.close)
        w.act_quit.triggered.connect(w.close)
        w.act_history.triggered.connect(lambda: w.tabs.setCurrentWidget(w.history_view))
        w.act_read.triggered.connect(lambda: w.tabs.setCurrentWidget(w.story_view))
        w.act_recheck.triggered.connect(self.reading.recheck)
        w.act_focus_story.triggered.connect(w.story_view.setFocus)
        w.act_focus_source.triggered.connect(w.source.text.setFocus)
        w.act_focus_findings.triggered.connect(w.findings.setFocus)
        w.legend.refresh(is_dark())
        self._update_actions()
        QTimer.singleShot(0, lambda: self.network.start(self._closing))
        self._outbox_timer = QTimer(self)
        self._outbox_timer.setInterval(30_000)
        self._outbox_timer.timeout.connect(self.publishing.outbox.refresh)
        self._outbox_timer.start()
        # The outbox imports app.publish (HTTP clients, ~65 ms): on a worker, once the
        # first story is on screen. Start-up puts back rows a dead sender left
        # "sending", counts, and sends what waits.
        QTimer.singleShot(2000, self.publishing.outbox.start_up)
        self.task_bar.show_tasks()  # replaces "Opening the library…"

    # -- the one change signal --------------------------------------------------------
    def apply(self, changes: Changes) -> None:
        """Redraw what ``changes`` touched: rows and the count, and for the story shown
        its header and history, or (a new text, verdict, source or policy) the story
        itself, checked again unless a kept report still fits."""
        if not changes or self._closing:
            return
        self.watcher.drawn(changes)
        if changes.has(POLICY):
            self.reading.forget_reports()
        self.queue.update_rows(changes)
        c = self.session.current
        if c is not None and (changes.touches(c.id) or not changes.story_ids):
            if changes.has(TEXT, VERDICTS, SOURCES, POLICY):
                self.reading.open_story(c.id, keep_selection=True)
            else:
                self.reading.show_header()
                self.reading.show_history()
        self.changes_applied.emit(changes)

    def poll_library(self) -> Changes | None:
        """Look for other processes' writes now (the timer does it twice a second)."""
        return self.watcher.poll()

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
        """First run imports the samples on a worker; then open a file, or the last story.
        The keyboard starts on the story either way."""
        self.focus_story()
        if open_file:
            self.sources.open_files([open_file])
        if count_stories(self.library) == 0:
            self.ctx.write(tr("Importing sample stories…"), import_samples, self.db_path,
                           on_success=self._samples_imported,
                           changes_of=lambda results: _imported(results))
            return
        if not open_file:
            self._open_initial()

    def _samples_imported(self, results: list[Any]) -> None:
        if self.session.current is None:
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
        else:
            if self.model.canFetchMore():
                self.model.fetchMore()
            row = self.model.story_at(0)
            if row:
                self.open_story(row.id)

    def focus_story(self) -> None:
        """The keyboard starts on the story, so J / K walk its citations at once."""
        self.window.story_view.setFocus()

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
        if self.session.current:
            s.last_story = self.session.current.id
        s.sync()
        self.watcher.stop()
        self._outbox_timer.stop()
        self.publishing.shutdown()
        self.newsroom.shutdown()
        self.runner.shutdown()

    # -- what the window offers, for the features and for tests -------------------------
    def open_story(self, story_id: str, keep_selection: bool = False,
                   recheck: bool = False) -> None:
        self.reading.open_story(story_id, keep_selection, recheck)

    def refresh_theme(self) -> None:
        self.window.legend.refresh(is_dark())
        if self.session.current:
            self.reading.render()
            self.compare.forget()

    def _update_actions(self) -> None:
        w = self.window
        has_story = self.session.current is not None
        for action in (w.act_edit, w.act_changes, w.act_history, w.act_recheck, w.act_fetch,
                       w.act_export, w.act_report, w.act_waive,
                       w.act_approve, w.act_request, w.act_reject, w.act_next, w.act_prev,
                       w.act_next_problem, w.act_prev_problem, w.act_read):
            action.setEnabled(has_story)
        w.act_override.setEnabled(has_story and self.session.selected is not None)

    @property
    def closing(self) -> bool:
        return self._closing

    @property
    def current(self) -> OpenStory | None:
        return self.session.current

    @property
    def selected(self) -> Any:
        return self.session.selected

    @property
    def order(self) -> list[Any]:
        return self.session.order

    @property
    def check_task(self) -> Any:
        return self.reading.check_task

    @property
    def active_dialog(self) -> Any:
        return self.dialogs.active

    @property
    def gate(self) -> Any:
        return self.review.gate


def import_samples(db_path: str, progress: Any = None, cancelled: Any = None) -> list[Any]:
    """The bundled samples into an empty library, on a worker (``ImportResult``s)."""
    from app.samples import import_samples_if_empty

    with Library(db_path) as library:
        return import_samples_if_empty(library)


def _imported(results: list[Any]) -> Changes:
    total = Changes()
    for result in results:
        total = total | result.changes
    return total
