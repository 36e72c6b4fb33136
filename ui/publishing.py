"""The desk's side of publishing: the sender, the Outbox dock, the targets dialog, the
gate's waivers and the fact-check report.

``PublishingController`` belongs to the ``DeskController`` and uses its task runner,
window and error display. Every core call runs on a worker that opens its own
``Library``; the sender runs in a lane of its own (one thread), and the controller
never starts a second one while one runs: a request that comes meanwhile runs once
the first has finished.

When the sender runs: at start-up (after ``recover_interrupted`` put back what a dead
sender left ``sending``), right after an export, every 60 s while exports wait, when
the network comes back, on Send now and after a retry or saved credentials.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.errors import CopydeskError
from ui import core_adapter
from ui.i18n import translator
from ui.outbox_model import CANCELLABLE, RETRYABLE, OutboxModel, state_text
from ui.tasks import Task
from ui.views.dialogs import NoteDialog
from ui.views.targets import TargetsDialog

if TYPE_CHECKING:
    from ui.controller import DeskController

log = logging.getLogger(__name__)

SEND_INTERVAL_MS = 60_000
SENDER_LANE = "outbox"


tr = translator("Publishing")


class PublishingController(QObject):
    outbox_sent = Signal(object)  # the core's SendReport
    outbox_listed = Signal(object)  # core_adapter.OutboxSnapshot
    export_retried = Signal(int)
    export_cancelled = Signal(int)
    target_saved = Signal(str)
    target_removed = Signal(str)
    target_tested = Signal(str, bool)  # the message, whether the connection worked
    target_failed = Signal(str)  # a save, remove or test that did not happen, and why
    finding_waived = Signal(str)
    report_written = Signal(list)  # [html path, pdf path]

    def __init__(self, desk: DeskController, secrets: Any = None) -> None:
        super().__init__(desk)
        self.desk = desk
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
        self.targets_dialog: TargetsDialog | None = None
        self._started = False

        w = desk.window
        panel = w.outbox
        panel.table.setModel(self.model)
        panel.fit_columns()
        panel.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.model.modelReset.connect(self._show_selected)
        panel.retry.clicked.connect(self.retry_selected)
        panel.cancel.clicked.connect(self.cancel_selected)
        panel.send_now.clicked.connect(lambda: self.send_now("asked"))
        panel.targets.clicked.connect(self.open_targets)
        panel.link_clicked.connect(self.open_link)
        w.outbox_dock.visibilityChanged.connect(self._outbox_shown)
        w.act_send.triggered.connect(lambda: self.send_now("asked"))
        w.act_targets.triggered.connect(self.open_targets)
        w.act_report.triggered.connect(self.choose_report_folder)
        w.findings.waive_requested.connect(self.waive_finding)
        w.findings.override_requested.connect(self._override_citation)

        self._clock = QTimer(self)  # "in 40 s" counts down while the dock is shown
        self._clock.setInterval(5000)
        self._clock.timeout.connect(self.model.times_passed)

        self._send_timer = QTimer(self)
        self._send_timer.setInterval(SEND_INTERVAL_MS)
        self._send_timer.timeout.connect(self._timer_fired)

    def _outbox_shown(self, shown: bool) -> None:
        if shown:
            self._clock.start()
            self.refresh()
        else:
            self._clock.stop()

    # -- the sender --------------------------------------------------------------------
    def start_up(self) -> None:
        """Put back what a dead sender left ``sending``, count, and send what waits."""
        if self._started or self.desk._closing:
            return
        self._started = True
        self.refresh(recover=True, then_send=True)

    def send_now(self, reason: str = "") -> Task | None:
        """Run the sender on its worker, unless it is running: then once more after it."""
        if self.desk._closing:
            return None
        if self.sender_task is not None:
            self._send_again = True
            return self.sender_task
        log.info("sending exports (%s)", reason or "asked")
        self.sender_runs += 1
        task = self.desk.runner.start(
            tr("Sending exports…"), core_adapter.send_outbox, self.desk.db_path, self.secrets,
            on_success=self._sent, on_failure=self._send_failed, lane=SENDER_LANE)
        task.cancelled.connect(lambda: self.desk.window.statusBar().showMessage(
            tr("Sending stopped; what was delivered is recorded, the rest waits in the "
               "outbox."), 8000))
        task.ended.connect(self._sender_ended)
        self.sender_task = self.last_sender = task
        self.desk.window.outbox.send_now.setEnabled(False)
        return task

    def _sender_ended(self) -> None:
        self.sender_task = None
        self.desk.window.outbox.send_now.setEnabled(True)
        again, self._send_again = self._send_again, False
        self.refresh()
        if again:
            self.send_now("asked while sending")

    def _sent(self, report: Any) -> None:
        touched = {row.story_id for row in report.rows}
        for story_id in touched:
            self.desk.model.refresh_story(story_id)
        current = self.desk.current
        if current is not None and current.id in touched:
            self.desk._show_header()
            self.desk._show_history()
        if report.rows or report.recovered:
            self.desk.window.statusBar().showMessage(
                tr("Outbox: {what}.").format(what=report.describe()), 10_000)
        self.outbox_sent.emit(report)

    def _send_failed(self, error: BaseException) -> None:
        # A periodic sender must not open a dialog; the rows keep their own messages.
        log.warning("sending exports failed: %s", error)
        self.desk.window.statusBar().showMessage(
            tr("Sending exports failed: {e}").format(
                e=error if isinstance(error, CopydeskError) else f"{type(error).__name__}: "
                f"{error}"), 10_000)

    def _timer_fired(self) -> None:
        if self.waiting:
            self.send_now("timer")

    def network_changed(self, state: str) -> None:
        before, self.network = self.network, state
        if state == "online" and before not in (None, "online") and self._started:
            self.send_now("network back")

    # -- counting and listing ----------------------------------------------------------
    def refresh(self, recover: bool = False, then_send: bool = False) -> None:
        """Count the outbox on a worker (and list it while the dock is shown)."""
        if self.desk._closing:
            return
        if self._listing is not None and not (recover or then_send):
            self._list_again = True
            return
        with_rows = self.desk.window.outbox_dock.isVisible()
        task = self.desk.runner.start(
            "outbox", core_adapter.outbox_snapshot, self.desk.db_path, with_rows, recover,
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
            if not self._send_timer.isActive():
                self._send_timer.start()
        else:
            self._send_timer.stop()
        self.outbox_listed.emit(snapshot)
        self.desk.outbox_counted.emit(self.waiting)
        if then_send and self.waiting:
            self.send_now("start-up")

    def _show_count(self) -> None:
        label = self.desk.window.outbox_label
        waiting, attention = self.waiting, self.attention
        label.setVisible(bool(waiting or attention))
        text = tr("Outbox: {n}").format(n=waiting)
        if attention:
            text += " · " + tr("{k} need attention").format(k=attention)
        label.setText(text)
        label.setToolTip(tr("Exports waiting to be sent, and those that failed or need "
                            "credentials. Click to open the Outbox (Ctrl+Shift+O)."))
        panel = self.desk.window.outbox
        summary = tr("{n} waiting · {k} need attention").format(n=waiting, k=attention)
        if self.total > core_adapter.OUTBOX_ROWS_SHOWN:
            summary += " · " + tr("showing the newest {m} of {t}").format(
                m=core_adapter.OUTBOX_ROWS_SHOWN, t=self.total)
        panel.summary.setText(summary)

    def _show_rows(self, rows: tuple[Any, ...]) -> None:
        table = self.desk.window.outbox.table
        chosen = self.selected_row()
        self.model.set_rows(rows)
        i = self.model.row_of(chosen.id) if chosen is not None else -1
        if i < 0 and rows:
            i = 0
        if i >= 0:
            table.setCurrentIndex(self.model.index(i, 0))
            table.selectRow(i)

    def selected_row(self) -> Any | None:
        index = self.desk.window.outbox.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_selected(self) -> None:
        panel = self.desk.window.outbox
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
        dock = self.desk.window.outbox_dock
        dock.show()
        dock.raise_()
        self.desk.window.outbox.table.setFocus()

    # -- retry and cancel --------------------------------------------------------------
    def retry_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.state not in RETRYABLE:
            return

        def run(actor: str) -> None:
            self.desk.runner.start(
                tr("Retrying export…"), core_adapter.retry_export, self.desk.db_path, row.id,
                actor, on_success=self._retried, on_failure=self._row_action_failed,
                cancellable=False)
        self.desk.ask_reviewer(run)

    def _retried(self, row: Any) -> None:
        self.desk.model.refresh_story(row.story_id)
        if self.desk.current and self.desk.current.id == row.story_id:
            self.desk._show_header()
            self.desk._show_history()
        self.export_retried.emit(row.id)
        self.send_now("retry")

    def cancel_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.state not in CANCELLABLE:
            return

        def run(actor: str) -> None:
            self.desk.runner.start(
                tr("Cancelling export…"), core_adapter.cancel_export, self.desk.db_path,
                row.id, actor, on_success=self._cancelled, on_failure=self._row_action_failed,
                cancellable=False)
        self.desk.ask_reviewer(run)

    def _cancelled(self, row: Any) -> None:
        self.desk.model.refresh_story(row.story_id)
        if self.desk.current and self.desk.current.id == row.story_id:
            self.desk._show_header()
            self.desk._show_history()
        self.desk.window.statusBar().showMessage(
            tr("Export of “{t}” to {target} cancelled.").format(t=row.title, target=row.target),
            6000)
        self.refresh()
        self.export_cancelled.emit(row.id)

    def _row_action_failed(self, error: BaseException) -> None:
        self.refresh()
        self.desk._task_failed(error)

    # -- targets -----------------------------------------------------------------------
    def open_targets(self) -> None:
        if self.targets_dialog is not None:
            self.targets_dialog.raise_()
            self.targets_dialog.activateWindow()
            return
        kinds, statuses = core_adapter.target_form_choices()
        dialog = TargetsDialog(kinds, statuses, self.desk.window)
        dialog.save.clicked.connect(self.save_target)
        dialog.remove.clicked.connect(self.confirm_remove)
        dialog.test.clicked.connect(self.test_target)
        dialog.finished.connect(lambda _r: setattr(self, "targets_dialog", None))
        self.targets_dialog = dialog
        self.desk._open_dialog(dialog)
        self.load_targets()

    def load_targets(self, select: str | None = None) -> None:
        self.desk.runner.start(
            tr("Listing publishing targets…"), core_adapter.target_configs, self.desk.db_path,
            on_success=lambda targets: self._targets_loaded(targets, select),
            on_failure=self._target_failed, cancellable=False)

    def _targets_loaded(self, targets: list[Any], select: str | None) -> None:
        if self.targets_dialog is not None:
            current = self.targets_dialog.selected()
            self.targets_dialog.show_targets(
                targets, select or (current.name if current is not None else None))

    def save_target(self) -> None:
        dialog = self.targets_dialog
        if dialog is None:
            return
        values = dialog.values()
        secret = dialog.take_secret()
        dialog.save.setEnabled(False)
        dialog.show_message(tr("Saving {name}…").format(name=values["name"] or "…"))

        def run(actor: str) -> None:
            self.desk.runner.start(
                tr("Saving target {name}…").format(name=values["name"]),
                core_adapter.save_target, self.desk.db_path, self.secrets, values["name"],
                values["kind"], values["url"], values["user"], values["options"], secret,
                actor, on_success=self._target_saved, on_failure=self._target_failed,
                cancellable=False)
        self.desk.ask_reviewer(run)

    def _target_saved(self, saved: Any) -> None:
        name = saved.config.name
        message = tr("Saved {name}.").format(name=name)
        if saved.config.kind == "webhook":
            message += " " + tr("Its whole URL and its key are in the system keyring; the "
                                "library shows only {shown}.").format(shown=saved.config.url)
        elif saved.secret_saved:
            message += " " + tr("Its password or key is in the system keyring.")
        if saved.resumed:
            message += " " + tr("{n} export(s) waiting for credentials are queued again.") \
                .format(n=saved.resumed)
        if self.targets_dialog is not None:
            self.targets_dialog.save.setEnabled(True)
            self.targets_dialog.show_message(message)
        self.load_targets(select=name)
        self.target_saved.emit(name)
        if saved.resumed:
            self.send_now("credentials saved")

    def _target_failed(self, error: BaseException) -> None:
        # SecretStoreError (no usable keyring, with how to set one up), TargetInputError,
        # DeliveryError from a test: shown in the dialog, in the core's words.
        message = str(error) if isinstance(error, CopydeskError) else \
            f"{type(error).__name__}: {error}"
        if self.targets_dialog is not None:
            self.targets_dialog.save.setEnabled(True)
            self.targets_dialog.show_message(message, error=True)
        else:
            self.desk.show_error(message)
        self.target_failed.emit(message)

    def confirm_remove(self) -> None:
        dialog = self.targets_dialog
        config = dialog.selected() if dialog is not None else None
        if config is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, tr("Remove target"),
                          tr("Remove the target “{name}” and its keyring entry? Exports "
                             "already sent stay in the outbox's history.").format(
                              name=config.name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          dialog)
        box.setObjectName("confirmRemoveTarget")
        box.accepted.connect(lambda: self.remove_target(config.name))
        self.confirm_box = box
        box.open()

    def remove_target(self, name: str) -> None:
        self.desk.runner.start(
            tr("Removing target {name}…").format(name=name), core_adapter.remove_target,
            self.desk.db_path, self.secrets, name,
            on_success=lambda warning: self._target_removed(name, warning),
            on_failure=self._target_failed, cancellable=False)

    def _target_removed(self, name: str, warning: str) -> None:
        if self.targets_dialog is not None:
            self.targets_dialog.show_message(warning or tr("Removed {name}.").format(name=name),
                                             error=bool(warning))
            self.targets_dialog.new_target()
        self.load_targets()
        self.target_removed.emit(name)

    def test_target(self) -> None:
        dialog = self.targets_dialog
        config = dialog.selected() if dialog is not None else None
        if dialog is None or config is None:
            return
        dialog.test.setEnabled(False)
        dialog.show_message(tr("Testing {name}…").format(name=config.name))
        self.desk.runner.start(
            tr("Testing {name}…").format(name=config.name), core_adapter.test_target,
            self.desk.db_path, self.secrets, config.name,
            on_success=lambda line: self._tested(config.name, line, True),
            on_failure=lambda error: self._tested(config.name, str(error), False),
            cancellable=False)

    def _tested(self, name: str, message: str, ok: bool) -> None:
        text = (tr("{name}: {m}").format(name=name, m=message) if ok
                else tr("{name} did not answer as it should: {m}").format(name=name, m=message))
        if self.targets_dialog is not None:
            self.targets_dialog.test.setEnabled(True)
            self.targets_dialog.show_message(text, error=not ok)
        self.target_tested.emit(text, ok)

    # -- the gate: waive a finding, override a citation ---------------------------------------
    def waive_finding(self, i: int) -> None:
        c = self.desk.current
        if c is None or c.report is None or not (0 <= i < len(c.report.findings)):
            return
        finding = c.report.findings[i]
        story_id = c.id
        prompt = tr("Waive this blocker on revision {rev}, so it no longer stops the export:"
                    "\n\n{message}\n\nYour note is kept in the audit log and the fact-check "
                    "report. An edit makes a new revision, where it is open again.").format(
            rev=c.story.revision[:8], message=finding.message)

        def ask(actor: str) -> None:
            dialog = NoteDialog(tr("Waive finding"), prompt, True, tr("Waive"),
                                self.desk.window)
            dialog.setObjectName("waiveDialog")
            dialog.accepted.connect(lambda: self._save_waiver(story_id, finding,
                                                              dialog.text(), actor))
            self.desk._open_dialog(dialog)
        self.desk.ask_reviewer(ask)

    def _save_waiver(self, story_id: str, finding: Any, note: str, actor: str) -> None:
        from ui.controller import in_library

        def saved(gate: Any) -> None:
            if self.desk.current and self.desk.current.id == story_id:
                self.desk.open_story(story_id, keep_selection=True)
            left = len(gate.open)
            self.desk.window.statusBar().showMessage(
                tr("Finding waived. {n} item(s) still stop the export.").format(n=left)
                if left else tr("Finding waived. Nothing stops the export now."), 8000)
            self.finding_waived.emit(finding.message)
        self.desk.runner.start(tr("Waiving finding…"), in_library(core_adapter.waive_finding),
                               self.desk.db_path, story_id, finding, note, actor,
                               on_success=saved, on_failure=self.desk._task_failed,
                               cancellable=False)

    def _override_citation(self, key: tuple) -> None:
        self.desk.select_citation(key)
        self.desk.override_selected()

    # -- the fact-check report ---------------------------------------------------------------
    def choose_report_folder(self) -> None:
        c = self.desk.current
        if c is None:
            return
        story_id = c.id
        dialog = QFileDialog(self.desk.window, tr("Folder for the fact-check report"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda folder: self.write_report(story_id, folder))
        self.desk._open_dialog(dialog)

    def write_report(self, story_id: str, folder: str) -> None:
        """The HTML is built on a worker (it checks the story); Qt lays it out as PDF on
        this thread, which takes tens of milliseconds."""
        title = self.desk.current.story.title if self.desk.current else story_id
        stem = (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or story_id) \
            + "-fact-check"
        self.desk.runner.start(
            tr("Writing the fact-check report…"), core_adapter.fact_check_report,
            self.desk.db_path, story_id,
            on_success=lambda text: self._report_ready(Path(folder), stem, text),
            on_failure=self.desk._task_failed, cancellable=False)

    def _report_ready(self, folder: Path, stem: str, text: str) -> None:
        from ui.report_pdf import write_report_pdf

        html_path, pdf_path = folder / f"{stem}.html", folder / f"{stem}.pdf"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary = html_path.with_name(html_path.name + ".tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(html_path)
            write_report_pdf(text, pdf_path)
        except OSError as error:
            self.desk.show_error(tr("Could not write the report to {f}: {e}").format(
                f=folder, e=error.strerror or error), title=tr("Fact-check report"))
            return
        self.desk.window.statusBar().showMessage(
            tr("Fact-check report written: {h} and {p}").format(h=html_path, p=pdf_path),
            10_000)
        self.report_written.emit([str(html_path), str(pdf_path)])

    # -- helpers -------------------------------------------------------------------------------
    def index_of(self, row_id: int, column: int = 0) -> QModelIndex:
        i = self.model.row_of(row_id)
        return self.model.index(i, column) if i >= 0 else QModelIndex()

    def shutdown(self) -> None:
        self._send_timer.stop()
        self._clock.stop()
