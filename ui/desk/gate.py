"""The desk's side of the pre-publish gate: approving with open items, and the policy.

``GateController`` belongs to the desk's review feature. Approving opens ``ApproveDialog``
with what ``check_gate`` (the same call as ``copydesk gate`` and the export) finds open
on the revision shown, computed from the desk's own check of it; approving despite open
items asks once more (``ConfirmOpenItemsBox``), naming them by kind and count. Settings ›
Pre-publish policy… reads and saves the library's policy on workers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.changes import POLICY, Changes
from app.errors import CopydeskError
from ui import core_adapter
from ui.desk.context import DeskContext
from ui.i18n import translator
from ui.views.gate import ApproveDialog, ConfirmOpenItemsBox, PolicyDialog

log = logging.getLogger(__name__)
tr = translator("Gate")


class GateController(QObject):
    approval_asked = Signal(object)  # the GateResult shown (None: not checked yet)
    policy_loaded = Signal(object)  # core_adapter.PolicyShown
    policy_saved = Signal(object)  # core_adapter.PolicyShown
    policy_failed = Signal(str)
    citation_wanted = Signal(tuple)  # an open item double-clicked: show its citation

    def __init__(self, ctx: DeskContext, record: Callable[..., None]) -> None:
        """``record(target, decision, note, actor, details=None)`` writes a decision."""
        super().__init__()
        self.ctx = ctx
        self.record = record
        self.policy_dialog: PolicyDialog | None = None
        self.confirm_box: ConfirmOpenItemsBox | None = None
        ctx.window.act_policy.triggered.connect(self.open_policy)

    # -- approving ---------------------------------------------------------------------------
    def ask_approval(self, target: tuple[str, str, int], title: str, prompt: str,
                     actor: str) -> None:
        """The approve dialog for the story shown: its note, and what is still open."""
        c = self.ctx.session.current
        if c is None:
            return
        try:
            gate = core_adapter.open_items(self.ctx.library, c.id, c.report)
        except CopydeskError as error:
            self.ctx.show_error(str(error))
            return
        story_title = c.story.title
        dialog = ApproveDialog(title, prompt, gate, self.ctx.window)
        dialog.accepted.connect(lambda: self._approve(target, story_title, dialog, actor))
        dialog.open_items.citation_chosen.connect(
            lambda key: self.ctx.session.is_open(target[0]) and self.citation_wanted.emit(key))
        self.ctx.open_dialog(dialog)
        self.approval_asked.emit(gate)

    def _approve(self, target: tuple[str, str, int], story_title: str,
                 dialog: ApproveDialog, actor: str) -> None:
        note = dialog.text()
        if not dialog.needs_confirmation:
            self.record(target, "approve", note, actor)
            return
        box = ConfirmOpenItemsBox(story_title, dialog.gate, self.ctx.window)

        def clicked(button: Any) -> None:
            if button is box.approve:
                log.info("approving %s despite open items", target[0])
                # the event keeps what was open ("unknown" when not yet checked)
                gate = dialog.gate
                open_items = dict(gate.counts()) if gate is not None else "unknown"
                self.record(target, "approve", note, actor, {"open_items": open_items})
        box.buttonClicked.connect(clicked)
        self.confirm_box = box
        # After the approve dialog has finished closing (``accepted`` comes before
        # ``finished``), so the desk knows this box as the dialog that is open.
        QTimer.singleShot(0, lambda: self.ctx.open_dialog(box))

    # -- the policy --------------------------------------------------------------------------
    def open_policy(self) -> None:
        if self.policy_dialog is not None:
            self.policy_dialog.raise_()
            self.policy_dialog.activateWindow()
            return
        from app.policy import CITATION_FINDING_KINDS, FINDING_KINDS

        # a citation's findings (contradiction, missing quotation…) follow the check boxes
        kinds = [k for k in FINDING_KINDS if k not in CITATION_FINDING_KINDS]
        dialog = PolicyDialog(kinds, self.ctx.window)
        dialog.save.clicked.connect(self.save_policy)
        dialog.defaults.clicked.connect(self._fill_defaults)
        dialog.finished.connect(lambda _r: setattr(self, "policy_dialog", None))
        dialog.setEnabled(False)  # until the library's policy is in
        self.policy_dialog = dialog
        self.ctx.open_dialog(dialog)
        self.ctx.runner.start(tr("Reading the pre-publish policy…"), core_adapter.load_policy,
                               self.ctx.db_path, on_success=self._loaded,
                               on_failure=self._failed, cancellable=False)

    def _describe(self, shown: Any) -> str:
        if shown.changed is None:
            return tr("The defaults: nobody has changed the policy of this library.")
        return tr("Last changed by {actor} at {at}.").format(actor=shown.changed[0],
                                                            at=shown.changed[1])

    def _loaded(self, shown: Any) -> None:
        dialog = self.policy_dialog
        if dialog is not None:
            dialog.show_policy(shown.values)
            dialog.show_message(self._describe(shown))
            dialog.setEnabled(True)
        self.policy_loaded.emit(shown)

    def _fill_defaults(self) -> None:
        from app.policy import Policy

        if self.policy_dialog is not None:
            self.policy_dialog.show_policy(Policy().as_dict())
            self.policy_dialog.show_message(tr("The defaults are filled in; Save makes them "
                                               "this library's policy."))

    def save_policy(self) -> None:
        dialog = self.policy_dialog
        if dialog is None:
            return
        values = dialog.values()
        dialog.save.setEnabled(False)

        def run(actor: str) -> None:
            self.ctx.write(
                tr("Saving the pre-publish policy…"), core_adapter.save_policy,
                self.ctx.db_path, values, actor, on_success=self._saved,
                on_failure=self._failed,
                changes_of=lambda _shown: Changes(kinds=frozenset({POLICY})))
        self.ctx.ask_reviewer(run)

    def _saved(self, shown: Any) -> None:
        dialog = self.policy_dialog
        if dialog is not None:
            dialog.save.setEnabled(True)
            dialog.show_policy(shown.values)
            dialog.show_message(tr("Saved. {when}").format(when=self._describe(shown)))
        # Severities may have changed: the announced POLICY change has the story shown
        # checked again.
        self.ctx.status(tr("Pre-publish policy saved; every story's gate follows it now."),
                        8000)
        self.policy_saved.emit(shown)

    def _failed(self, error: BaseException) -> None:
        message = str(error) if isinstance(error, CopydeskError) else \
            f"{type(error).__name__}: {error}"
        dialog = self.policy_dialog
        if dialog is not None:
            dialog.setEnabled(True)
            dialog.save.setEnabled(True)
            dialog.show_message(message, error=True)
        else:
            self.ctx.show_error(message)
        self.policy_failed.emit(message)
