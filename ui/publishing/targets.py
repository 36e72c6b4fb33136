"""Publishing targets: the dialog that adds, saves, removes and tests them, on workers
(secrets go to the keyring only, never the library)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from app.errors import CopydeskError
from ui import core_adapter
from ui.desk.context import DeskContext
from ui.i18n import translator
from ui.views.targets import TargetsDialog

tr = translator("Publishing")


class Targets(QObject):
    target_saved = Signal(str)
    target_removed = Signal(str)
    target_tested = Signal(str, bool)  # the message, whether the connection worked
    target_failed = Signal(str)  # a save, remove or test that did not happen, and why

    def __init__(self, ctx: DeskContext, secrets: Any,
                 credentials_saved: Any) -> None:
        """``credentials_saved(reason)``: exports waiting for them may be sent now."""
        super().__init__()
        self.ctx = ctx
        self.secrets = secrets
        self.credentials_saved = credentials_saved
        self.targets_dialog: TargetsDialog | None = None
        self.confirm_box: QMessageBox | None = None
        ctx.window.outbox.targets.clicked.connect(self.open_targets)
        ctx.window.act_targets.triggered.connect(self.open_targets)

    # -- targets -----------------------------------------------------------------------
    def open_targets(self) -> None:
        if self.targets_dialog is not None:
            self.targets_dialog.raise_()
            self.targets_dialog.activateWindow()
            return
        kinds, statuses = core_adapter.target_form_choices()
        dialog = TargetsDialog(kinds, statuses, self.ctx.window)
        dialog.save.clicked.connect(self.save_target)
        dialog.remove.clicked.connect(self.confirm_remove)
        dialog.test.clicked.connect(self.test_target)
        dialog.finished.connect(lambda _r: setattr(self, "targets_dialog", None))
        self.targets_dialog = dialog
        self.ctx.open_dialog(dialog)
        self.load_targets()

    def load_targets(self, select: str | None = None) -> None:
        self.ctx.runner.start(
            tr("Listing publishing targets…"), core_adapter.target_configs, self.ctx.db_path,
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
            self.ctx.runner.start(
                tr("Saving target {name}…").format(name=values["name"]),
                core_adapter.save_target, self.ctx.db_path, self.secrets, values["name"],
                values["kind"], values["url"], values["user"], values["options"], secret,
                actor, on_success=self._target_saved, on_failure=self._target_failed,
                cancellable=False)
        self.ctx.ask_reviewer(run)

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
            self.credentials_saved("credentials saved")

    def _target_failed(self, error: BaseException) -> None:
        # SecretStoreError (no usable keyring, with how to set one up), TargetInputError,
        # DeliveryError from a test: shown in the dialog, in the core's words.
        message = str(error) if isinstance(error, CopydeskError) else \
            f"{type(error).__name__}: {error}"
        if self.targets_dialog is not None:
            self.targets_dialog.save.setEnabled(True)
            self.targets_dialog.show_message(message, error=True)
        else:
            self.ctx.show_error(message)
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
        self.ctx.runner.start(
            tr("Removing target {name}…").format(name=name), core_adapter.remove_target,
            self.ctx.db_path, self.secrets, name,
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
        self.ctx.runner.start(
            tr("Testing {name}…").format(name=config.name), core_adapter.test_target,
            self.ctx.db_path, self.secrets, config.name,
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

