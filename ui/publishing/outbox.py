"""The outbox: the sender, the Outbox dock, counting and listing, retry and cancel.

Every core call runs on a worker that opens its own ``Library``; the sender runs in a
lane of its own (one thread), and never starts a second time while it runs: a request
that comes meanwhile runs once the first has finished.

When the sender runs: at start-up (after ``recover_interrupted`` put back what a dead
sender left ``sending``), right after an export, every 60 s while exports wait, when
the network comes back, on Send now and after a retry or saved credentials.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from app.changes import OUTBOX, STATUS, of_stories
from app.errors import CopydeskError
from ui import core_adapter
from ui.desk.context import DeskContext
from ui.i18n import translator
from ui.outbox_model import CANCELLABLE, RETRYABLE, OutboxModel, state_text
from ui.tasks import Task

log = logging.getLogger(__name__)

SEND_INTERVAL_MS = 60_000
SENDER_LANE = "outbox"


tr = translator("Publishing")


class Outbox(QObject):
    outbox_sent = Signal(object)  # the core's SendReport
    outbox_listed = Signal(object)  # core_adapter.OutboxSnapshot
    outbox_counted = Signal(int)  # exports waiting
    export_retried = Signal(int)
    export_cancelled = Signal(int)

    def __init__(self, ctx: DeskContext, secrets: Any = None) -> None:
        super().__init__()
        self.ctx = ctx
        # None: the OS keyring, resolved on the worker (importing app.publish costs
        # ~65 ms, which the GUI thread does not pay at start).
        self.secrets = secrets
        self.model = OutboxModel(self)
        self.sender_task: Task | None = None
        self.last_sender: Task | None = None  # kept for tests: which thread ran it
        self.sender_runs = 0
        self._send_again = False
        self._listing: Task | None = None
        self._list_again = False
        self.waiting = 0
        self.attention = 0
        self.total = 0  # exports in the outbox (the view lists the newest few hundred)
        self.network: str | None = None
        self.started = False

        w = ctx.window
        panel = w.outbox
        panel.table.setModel(self.model)
        panel.fit_columns()
        panel.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.model.modelReset.connect(self._show_selected)
        panel.retry.clicked.connect(self.retry_selected)
        panel.cancel.clicked.connect(self.cancel_selected)
        panel.send_now.clicked.connect(lambda: self.send_now("asked"))
        panel.link_clicked.connect(self.open_link)
        w.outbox_dock.visibilityChanged.connect(self._outbox_shown)
        w.act_send.triggered.connect(lambda: self.send_now("asked"))

        self._clock = QTimer(self)  # "in 40 s" counts down while the dock is shown
        self._clock.setInterval(5000)
        self._clock.timeout.connect(self.model.times_passed)

        self.send_timer = QTimer(self)
        self.send_timer.setInterval(SEND_INTERVAL_MS)
        self.send_timer.timeout.connect(self._timer_fired)

    def _outbox_shown(self, shown: bool) -> None:
        if shown:
            self._clock.start()
            self.refresh()
        else:
            self._clock.stop()

    # -- the sender --------------------------------------------------------------------
    def start_up(self) -> None:
        """Put back what a dead sender left ``sending``, count, and send what waits."""
        if self.started or self.ctx.closing():
            return
        self.started = True
        self.refresh(recover=True, then_send=True)

    def send_now(self, reason: str = "") -> Task | None:
        """Run the sender on its worker, unless it is running: then once more after it."""
        if self.ctx.closing():
            return None
        if self.sender_task is not None:
            self._send_again = True
            return self.sender_task
        log.info("sending exports (%s)", reason or "asked")
        self.sender_runs += 1
        task = self.ctx.runner.start(
            tr("Sending exports…"), core_adapter.send_outbox, self.ctx.db_path, self.secrets,
            on_success=self._sent, on_failure=self._send_failed, lane=SENDER_LANE)
        task.cancelled.connect(lambda: self.ctx.status(
            tr("Sending stopped; what was delivered is recorded, the rest waits in the "
               "outbox."), 8000))
        task.ended.connect(self._sender_ended)
        self.sender_task = self.last_sender = task
        self.ctx.window.outbox.send_now.setEnabled(False)
        return task

    def _sender_ended(self) -> None:
        self.sender_task = None
        self.ctx.window.outbox.send_now.setEnabled(True)
        again, self._send_again = self._send_again, False
        self.refresh()
        if again:
            self.send_now("asked while sending")

    def _sent(self, report: Any) -> None:
        # Not a DeskContext.write: a slow site must not hold the library watch back.
        self.ctx.announce(of_stories({row.story_id for row in report.rows}, OUTBOX, STATUS))
        if report.rows or report.recovered:
            self.ctx.status(
                tr("Outbox: {what}.").format(what=report.describe()), 10_000)
        self.outbox_sent.emit(report)

    def _send_failed(self, error: BaseException) -> None:
        # A periodic sender must not open a dialog; the rows keep their own messages.
        log.warning("sending exports failed: %s", error)
        self.ctx.status(
            tr("Sending exports failed: {e}").format(
                e=error if isinstance(error, CopydeskError) else f"{type(error).__name__}: "
                f"{error}"), 10_000)

    def _timer_fired(self) -> None:
        if self.waiting:
            self.send_now("timer")

    def network_changed(self, state: str) -> None:
        before, self.network = self.network, state
        if state == "online" and before not in (None, "online") and self.started:
            self.send_now("network back")

    # -- counting and listing ----------------------------------------------------------
    def refresh(self, recover: bool = False, then_send: bool = False) -> None:
        """Count the outbox on a worker (and list it while the dock is shown)."""
        if self.ctx.closing():
            return
        if self._listing is not None and not (recover or then_send):
            self._list_again = True
            return
        with_rows = self.ctx.window.outbox_dock.isVisible()
        task = self.ctx.runner.start(
            "outbox", core_adapter.outbox_snapshot, self.ctx.db_path, with_rows, recover,
            on_success=lambda snapshot: self._listed(snapshot, with_rows, then_send),
            background=True)
        task.ended.connect(lambda: self._listing_ended(task))
        self._listing = task

    def _listing_ended(self, task: Task) -> None:
        if self._listing is task:
            self._listing = None
        if self._list_again:
            self._list_again = False
            self.refresh()

    def _listed(self, snapshot: Any, with_rows: bool, then_send: bool) -> None:
        self.waiting, self.attention = snapshot.waiting, snapshot.attention
        self.total = snapshot.total
        self._show_count()
        if with_rows:
            self._show_rows(snapshot.rows)
        if self.waiting:
            if not self.send_timer.isActive():
                self.send_timer.start()
        else:
            self.send_timer.stop()
        self.outbox_listed.emit(snapshot)
        self.outbox_counted.emit(self.waiting)
        if then_send and self.waiting:
            self.send_now("start-up")

    def _show_count(self) -> None:
        label = self.ctx.window.outbox_label
        waiting, attention = self.waiting, self.attention
        label.setVisible(bool(waiting or attention))
        text = tr("Outbox: {n}").format(n=waiting)
        if attention:
            text += " · " + tr("{k} need attention").format(k=attention)
        label.setText(text)
        label.setToolTip(tr("Exports waiting to be sent, and those that failed or need "
                            "credentials. Click to open the Outbox (Ctrl+Shift+O)."))
        panel = self.ctx.window.outbox
        summary = tr("{n} waiting · {k} need attention").format(n=waiting, k=attention)
        if self.total > core_adapter.OUTBOX_ROWS_SHOWN:
            summary += " · " + tr("showing the newest {m} of {t}").format(
                m=core_adapter.OUTBOX_ROWS_SHOWN, t=self.total)
        panel.summary.setText(summary)

    def _show_rows(self, rows: tuple[Any, ...]) -> None:
        table = self.ctx.window.outbox.table
        chosen = self.selected_row()
        self.model.set_rows(rows)
        i = self.model.row_of(chosen.id) if chosen is not None else -1
        if i < 0 and rows:
            i = 0
        if i >= 0:
            table.setCurrentIndex(self.model.index(i, 0))
            table.selectRow(i)

    def selected_row(self) -> Any | None:
        index = self.ctx.window.outbox.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_selected(self) -> None:
        panel = self.ctx.window.outbox
        row = self.selected_row()
        panel.retry.setEnabled(row is not None and row.state in RETRYABLE)
        panel.cancel.setEnabled(row is not None and row.state in CANCELLABLE)
        if row is None:
            panel.detail.setText(tr("No export selected.") if self.model.rowCount()
                                 else tr("Nothing has been exported yet."))
            return
        parts = [f"{row.title or row.story_id} → {row.target}",
                 tr("revision {r}").format(r=row.revision[:12]), state_text(row)]
        if row.state == "sent" and row.remote_url:
            parts.append(row.remote_url)
        elif row.state == "pending" and row.last_error:
            parts.append(tr("last try: {e}").format(e=row.last_error))
        if row.http_status:
            parts.append(f"HTTP {row.http_status}")
        panel.detail.setText(" · ".join(parts))

    def open_link(self, url: str) -> None:
        if url.startswith(("http://", "https://", "file://")):
            QDesktopServices.openUrl(QUrl(url))

    def show_outbox(self) -> None:
        dock = self.ctx.window.outbox_dock
        dock.show()
        dock.raise_()
        self.ctx.window.outbox.table.setFocus()

    # -- retry and cancel --------------------------------------------------------------
    def retry_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.state not in RETRYABLE:
            return

        def run(actor: str) -> None:
            self.ctx.write(
                tr("Retrying export…"), core_adapter.retry_export, self.ctx.db_path, row.id,
                actor, on_success=self._retried, on_failure=self._row_action_failed,
                changes_of=_row_changed)
        self.ctx.ask_reviewer(run)

    def _retried(self, row: Any) -> None:
        self.export_retried.emit(row.id)
        self.send_now("retry")

    def cancel_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.state not in CANCELLABLE:
            return

        def run(actor: str) -> None:
            self.ctx.write(
                tr("Cancelling export…"), core_adapter.cancel_export, self.ctx.db_path,
                row.id, actor, on_success=self._cancelled, on_failure=self._row_action_failed,
                changes_of=_row_changed)
        self.ctx.ask_reviewer(run)

    def _cancelled(self, row: Any) -> None:
        self.ctx.status(
            tr("Export of “{t}” to {target} cancelled.").format(t=row.title, target=row.target),
            6000)
        self.refresh()
        self.export_cancelled.emit(row.id)

    def _row_action_failed(self, error: BaseException) -> None:
        self.refresh()
        self.ctx.task_failed(error)

    # -- helpers -------------------------------------------------------------------------------
    def index_of(self, row_id: int, column: int = 0) -> QModelIndex:
        i = self.model.row_of(row_id)
        return self.model.index(i, column) if i >= 0 else QModelIndex()

    def shutdown(self) -> None:
        self.send_timer.stop()
        self._clock.stop()


def _row_changed(row: Any) -> Any:
    return of_stories([row.story_id], OUTBOX, STATUS)
