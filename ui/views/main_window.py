"""The desk's main window: layout, menus and actions. No decisions are made here.

What the first frame shows (``MainWindow(panes=False)``) is built from names that do
not touch PySide6's ``Qt`` namespace, whose first use creates all of its enums (~20 ms,
see ui/main.py); the docks, panes and actions import what they need when they are built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QPaintEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QProgressBar, QPushButton

from ui.i18n import translator

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QDockWidget

STORY_SUFFIXES = (".txt", ".md", ".markdown", ".json")


tr = translator("MainWindow")


class MainWindow(QMainWindow):
    """Holds the widgets and actions; emits what the user asked for."""

    files_dropped = Signal(list)
    close_requested = Signal()
    first_painted = Signal()  # once, on the event loop's turn after the first paint

    def __init__(self, panes: bool = True) -> None:
        """``panes=False``: the frame alone (the menu bar's titles, the status bar),
        painted first when the desk starts; ``build_panes()`` adds the docks, the panes
        and the menus' actions."""
        super().__init__()
        self.setWindowTitle("Copydesk")
        self.setObjectName("deskWindow")
        self.setAcceptDrops(True)
        self.resize(1400, 900)
        self._painted = False
        self.has_panes = False
        self._splitter_states: tuple[QByteArray, QByteArray] | None = None
        self._dock_state = QByteArray()
        self._restored = False  # a saved layout came: no first-start layout over it
        self.close_guard: Callable[[], bool] | None = None  # False keeps the window open

        # Status bar (its labels become plain text with the panes: until then they show
        # only the desk's own "Opening the library…")
        self.task_label = QLabel()
        self.task_progress = QProgressBar()
        self.task_progress.setMaximumWidth(180)
        self.task_progress.setAccessibleName(tr("Progress"))
        self.task_cancel = QPushButton(tr("Cancel"))
        self.task_cancel.setAccessibleName(tr("Cancel the running task"))
        self.network_label = QLabel()
        self.network_label.setObjectName("networkLabel")
        self.outbox_label = QLabel()
        self.outbox_label.setObjectName("outboxLabel")
        bar = self.statusBar()
        bar.addWidget(self.task_label)
        bar.addWidget(self.task_progress)
        bar.addWidget(self.task_cancel)
        bar.addPermanentWidget(self.outbox_label)
        bar.addPermanentWidget(self.network_label)
        self.show_task(None, 0, 0)
        self.outbox_label.hide()

        self._build_menus()
        if panes:
            self.build_panes()

    def build_panes(self) -> None:
        """The queue, the story, its source and findings, the outbox: at once, or (the
        desk starting) on the event loop's turn after the frame's first paint."""
        if self.has_panes:
            return
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtWidgets import QFrame, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout

        from ui.views.changes import ChangesPanel
        from ui.views.editor import EditorPanel
        from ui.views.findings import FindingsPanel
        from ui.views.outbox import OutboxPanel
        from ui.views.panels import Legend, QueuePanel, SourcePane
        from ui.views.text_panes import StoryView

        self._build_docks()
        self._build_actions()
        self.queue = QueuePanel()
        self.queue_dock.setWidget(self.queue)
        self.outbox = OutboxPanel()
        self.outbox_dock.setWidget(self.outbox)

        # Story side: header, legend, tabs
        self.story_status = QLabel()
        self.story_status.setObjectName("storyStatus")
        self.story_status.setAccessibleName(tr("Story status"))
        self.story_status.setTextFormat(Qt.TextFormat.RichText)
        self.story_status.setWordWrap(True)
        self.legend = Legend()
        self.story_view = StoryView()
        self.story_view.setAccessibleName(tr("Story"))
        self.editor = EditorPanel()
        self.changes_panel = ChangesPanel()
        self.changes_view = self.changes_panel.view
        self.history_view = QTextBrowser()
        self.history_view.setObjectName("historyView")
        self.history_view.setAccessibleName(tr("Decision history"))
        self.history_view.setOpenLinks(False)
        self.history_view.document().setDocumentMargin(18)  # as the story pane, not flush
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.story_view, tr("Story"))
        self.tabs.addTab(self.editor, tr("Edit"))
        self.tabs.addTab(self.changes_panel, tr("Changes"))
        self.tabs.addTab(self.history_view, tr("History"))
        story_side = QFrame()
        story_side.setObjectName("storySide")
        side_layout = QVBoxLayout(story_side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(4)
        head = QVBoxLayout()
        head.setContentsMargins(12, 8, 12, 4)
        head.setSpacing(4)
        head.addWidget(self.story_status)
        head.addWidget(self.legend)
        side_layout.addLayout(head)
        side_layout.addWidget(self.tabs, 1)

        self.source = SourcePane()
        self.findings = FindingsPanel()

        self.panes_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.panes_splitter.setObjectName("panesSplitter")
        self.panes_splitter.addWidget(story_side)
        self.panes_splitter.addWidget(self.source)
        self.panes_splitter.setChildrenCollapsible(False)
        self.panes_splitter.setSizes([520, 480])
        self.main_splitter = QSplitter(Qt.Orientation.Vertical)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.panes_splitter)
        self.main_splitter.addWidget(self.findings)
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([640, 200])
        self.setCentralWidget(self.main_splitter)

        self.setTabOrder(self.queue.search, self.queue.status)
        self.setTabOrder(self.queue.status, self.queue.triage)
        self.setTabOrder(self.queue.triage, self.queue.table)
        self.setTabOrder(self.queue.table, self.story_view)
        self.setTabOrder(self.story_view, self.source.text)
        self.setTabOrder(self.source.text, self.findings)
        # The keyboard starts on the story, so J / K walk its citations at once (the
        # search box would take a typed "j" as a search).
        self.story_view.setFocus()
        self.has_panes = True
        if not self._dock_state.isEmpty():
            self.restoreState(self._dock_state)  # again: the docks have their sizes now
        if self._splitter_states is not None:
            self._restore_splitters(*self._splitter_states)
        if not self._restored:
            # Once the new docks are laid out (next turn): before, resizeDocks is
            # ignored and the queue gets what its table asks for, most of the window.
            QTimer.singleShot(0, self.apply_first_layout)

    def apply_first_layout(self) -> None:
        """The layout of a first start: the queue a third of the window, the story and
        its source sharing the rest equally."""
        from PySide6.QtCore import Qt

        if not self._restored:
            queue, rest = self.width() // 3, max(self.width() - self.width() // 3, 2)
            self.resizeDocks([self.queue_dock], [queue], Qt.Orientation.Horizontal)
            self.panes_splitter.setSizes([rest // 2, rest - rest // 2])

    def _build_docks(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QDockWidget

        features = QDockWidget.DockWidgetFeature
        # Queue dock
        self.queue_dock = self._dock(tr("Queue"), "queueDock",
                                     features.DockWidgetMovable | features.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.queue_dock)
        # Outbox dock: hidden until View › Outbox (or a click on the status bar's count)
        self.outbox_dock = self._dock(tr("Outbox"), "outboxDock",
                                      features.DockWidgetMovable | features.DockWidgetClosable
                                      | features.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.outbox_dock)
        self.outbox_dock.hide()
        # The status bar's labels name files; the outbox count opens the Outbox dock.
        self.task_label.setTextFormat(Qt.TextFormat.PlainText)
        self.outbox_label.setTextFormat(Qt.TextFormat.PlainText)
        self.outbox_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.outbox_label.installEventFilter(self)

    def _dock(self, title: str, name: str, features: QDockWidget.DockWidgetFeature
              ) -> QDockWidget:
        from PySide6.QtWidgets import QDockWidget

        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setFeatures(features)
        return dock

    # -- actions and menus ------------------------------------------------------------
    def _action(self, menu: QMenu, text: str, shortcut: str | QKeySequence.StandardKey | None,
                name: str, tip: str = "") -> QAction:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        """The menu bar's titles, painted with the frame; their actions come with the
        panes (``_build_actions``), which is when the desk can act on them."""
        bar = self.menuBar()
        self._menus = {name: bar.addMenu(title) for name, title in (
            ("file", tr("&File")), ("story", tr("&Story")), ("nav", tr("&Navigate")),
            ("review", tr("&Review")), ("view", tr("&View")), ("settings", tr("S&ettings")),
            ("help_menu", tr("&Help")))}

    def _build_actions(self) -> None:
        from PySide6.QtGui import QKeySequence

        menus = self._menus
        file = menus["file"]
        self.act_open = self._action(file, tr("&Open story…"), QKeySequence.StandardKey.Open,
                                     "actOpen", tr("Import a story file and open it"))
        self.recent_menu = file.addMenu(tr("Open &recent"))
        file.addSeparator()
        self.act_quit = self._action(file, tr("&Quit"), QKeySequence.StandardKey.Quit, "actQuit")

        story = menus["story"]
        self.act_edit = self._action(story, tr("&Edit text"), "Ctrl+E", "actEdit",
                                     tr("Switch the story to the Markdown editor"))
        self.act_save = self._action(story, tr("&Save revision"), QKeySequence.StandardKey.Save,
                                     "actSave", tr("Save the edited text as a new revision"))
        self.act_changes = self._action(story, tr("Show &changes"), "Ctrl+D", "actChanges",
                                        tr("Word-level diff between two revisions (first: the "
                                           "imported original and the current text)"))
        self.act_history = self._action(story, tr("Show &history"), "Ctrl+H", "actHistory")
        self.act_read = self._action(story, tr("Back to &story"), "Ctrl+1", "actRead")
        story.addSeparator()
        self.act_recheck = self._action(story, tr("Check &again"), "F5", "actRecheck")
        self.act_fetch = self._action(story, tr("&Fetch sources"), "Ctrl+Shift+F", "actFetch",
                                      tr("Snapshot the story's sources for offline review"))
        self.act_allow_private = self._action(
            story, tr("Fetch from &intranet addresses"), None, "actAllowPrivate",
            tr("Also fetch sources on private, loopback and link-local addresses"))
        self.act_allow_private.setCheckable(True)
        story.addSeparator()
        self.act_export = self._action(story, tr("E&xport…"), "Ctrl+Shift+E", "actExport",
                                       tr("Queue the approved story for a publishing target"))
        self.act_report = self._action(
            story, tr("Export fact-check &report…"), "Ctrl+Shift+P", "actReport",
            tr("Write the story's review as HTML and PDF to a folder"))

        nav = menus["nav"]
        self.act_next = self._action(nav, tr("&Next citation"), "J", "actNext")
        self.act_prev = self._action(nav, tr("&Previous citation"), "K", "actPrev")
        self.act_next_problem = self._action(nav, tr("Next &problem"), "N", "actNextProblem",
                                             tr("Next citation that is not supported, "
                                                "riskiest first: contradicted, dangling, "
                                                "unsupported, unavailable, partial"))
        self.act_prev_problem = self._action(nav, tr("Previous p&roblem"), "Shift+N",
                                             "actPrevProblem")
        nav.addSeparator()
        self.act_search = self._action(nav, tr("&Search stories"), QKeySequence.StandardKey.Find,
                                       "actSearch")
        self.act_focus_queue = self._action(nav, tr("Go to &queue"), "Alt+1", "actFocusQueue")
        self.act_focus_story = self._action(nav, tr("Go to s&tory"), "Alt+2", "actFocusStory")
        self.act_focus_source = self._action(nav, tr("Go to s&ource"), "Alt+3", "actFocusSource")
        self.act_focus_findings = self._action(nav, tr("Go to &findings"), "Alt+4",
                                               "actFocusFindings")

        review = menus["review"]
        self.act_override = self._action(review, tr("&Override verdict…"), "V", "actOverride",
                                         tr("Set the selected citation's verdict by hand"))
        self.act_waive = self._action(review, tr("&Waive finding…"), "W", "actWaive",
                                      tr("Waive the selected (or first open) blocker finding "
                                         "with a note"))
        review.addSeparator()
        self.act_approve = self._action(review, tr("&Approve…"), "Ctrl+Shift+A", "actApprove")
        self.act_request = self._action(review, tr("Request &changes…"), "Ctrl+Shift+R",
                                        "actRequestChanges")
        self.act_reject = self._action(review, tr("&Reject…"), "Ctrl+Shift+X", "actReject")
        review.addSeparator()
        self.act_name = self._action(review, tr("Reviewer &name…"), None, "actName")

        view = menus["view"]
        toggle = self.queue_dock.toggleViewAction()
        toggle.setText(tr("&Queue"))
        toggle.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        view.addAction(toggle)
        outbox = self.outbox_dock.toggleViewAction()
        outbox.setText(tr("&Outbox"))
        outbox.setShortcut(QKeySequence("Ctrl+Shift+O"))
        outbox.setStatusTip(tr("Exports waiting, sent and failed; Retry, Cancel, Send now"))
        outbox.setObjectName("actOutbox")
        self.act_outbox = outbox
        view.addAction(outbox)
        self.act_send = self._action(view, tr("Send &exports now"), None, "actSend",
                                     tr("Deliver every export that is due"))
        settings = menus["settings"]
        self.act_targets = self._action(settings, tr("Publishing &targets…"), None,
                                        "actTargets",
                                        tr("Add, remove and test the sites stories go to"))
        self.act_policy = self._action(settings, tr("Pre-publish &policy…"), None,
                                       "actPolicy",
                                       tr("What stops an export, for every story in the "
                                          "library"))
        help_menu = menus["help_menu"]
        self.act_keys = self._action(help_menu, tr("&Keyboard shortcuts"), "F1", "actKeys")

    def restore_layout(self, geometry: QByteArray, state: QByteArray,
                       main_splitter: QByteArray, panes_splitter: QByteArray) -> None:
        """Geometry, docks and splitters as saved; empty values keep the defaults."""
        self._restored = self._restored or not (state.isEmpty() and main_splitter.isEmpty()
                                                and panes_splitter.isEmpty())
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        if not state.isEmpty():
            self._dock_state = state  # the docks come with the panes
            if self.has_panes:
                self.restoreState(state)
        if self.has_panes:
            self._restore_splitters(main_splitter, panes_splitter)
        else:
            self._splitter_states = (main_splitter, panes_splitter)

    def _restore_splitters(self, main_splitter: QByteArray, panes_splitter: QByteArray
                           ) -> None:
        if not main_splitter.isEmpty():
            self.main_splitter.restoreState(main_splitter)
        if not panes_splitter.isEmpty():
            self.panes_splitter.restoreState(panes_splitter)

    # -- what the controller shows ----------------------------------------------------
    def show_task(self, label: str | None, done: int, total: int) -> None:
        busy = label is not None
        self.task_label.setText(label or "")
        self.task_progress.setVisible(busy)
        self.task_cancel.setVisible(busy)
        if busy:
            self.task_progress.setRange(0, max(total, 0))
            self.task_progress.setValue(min(done, total) if total else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.outbox_label and event.type() == QEvent.Type.MouseButtonRelease:
            self.outbox_dock.show()
            self.outbox_dock.raise_()
            return True
        return super().eventFilter(watched, event)

    # -- drag and drop ------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if _story_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = _story_paths(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # The controller may keep the window open (an unsaved edit: Save/Discard/Cancel).
        if self.close_guard is not None and not self.close_guard():
            event.ignore()
            return
        self.close_requested.emit()
        super().closeEvent(event)


def _story_paths(urls: list) -> list[str]:
    return [u.toLocalFile() for u in urls if u.isLocalFile()]
