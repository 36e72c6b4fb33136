"""Exporting the story shown: choose a publishing target, queue the approved revision
(the gate may refuse, saying how to settle what it found), then let the sender run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.changes import OUTBOX, STATUS, of_stories
from app.errors import CopydeskError
from ui import core_adapter
from ui.desk.context import DeskContext
from ui.i18n import translator
from ui.views.dialogs import ExportDialog

tr = translator("Desk")


class Export(QObject):
    story_exported = Signal(str)
    export_refused = Signal(str)

    def __init__(self, ctx: DeskContext, send_now: Callable[[str], object]) -> None:
        """``send_now(reason)`` starts the outbox's sender."""
        super().__init__()
        self.ctx = ctx
        self.send_now = send_now
        ctx.window.act_export.triggered.connect(self.export_story)

    def export_story(self) -> None:
        c = self.ctx.session.current
        if c is None:
            return
        story_id = c.id
        self.ctx.runner.start(tr("Listing publishing targets…"),
                              core_adapter.publishing_targets, self.ctx.db_path,
                              on_success=lambda targets: self._choose_target(story_id, targets),
                              on_failure=self.ctx.task_failed, cancellable=False)

    def _choose_target(self, story_id: str, targets: list[tuple[str, str, str]]) -> None:
        if not targets:
            self.ctx.show_error(
                tr("No publishing target is set up yet. Add one under Settings › "
                   "Publishing targets…, or on the command line, for example:\n"
                   "  copydesk target add site --kind folder --url ~/exports"),
                title=tr("Export"))
            return
        dialog = ExportDialog(targets, self.ctx.settings.export_target, self.ctx.window)

        def chosen() -> None:
            target = dialog.target()
            self.ctx.settings.export_target = target
            self.ctx.ask_reviewer(lambda actor: self.ctx.write(
                tr("Queuing for {t}…").format(t=target), core_adapter.export_story,
                self.ctx.db_path, story_id, target, actor, on_success=self._exported,
                on_failure=self._export_refused,
                changes_of=lambda _r: of_stories([story_id], OUTBOX, STATUS)))
        dialog.accepted.connect(chosen)
        self.ctx.open_dialog(dialog)

    def _exported(self, result: Any) -> None:
        self.ctx.status(tr("{title}: {message}.").format(title=result.row.title,
                                                         message=result.message), 8000)
        self.story_exported.emit(result.message)
        self.send_now("export")

    def _export_refused(self, error: BaseException) -> None:
        if not isinstance(error, CopydeskError):
            self.ctx.task_failed(error)
            return
        message = str(error)
        if getattr(error, "result", None) is not None:  # GateRefused: say how to settle
            message += "\n\n" + tr(
                "To settle them: right-click a blocker under Findings & citations to "
                "waive it with a note, or select a citation and override its verdict "
                "(V). Both are allowed before approval: request changes first, then "
                "approve again.")
        self.ctx.show_error(message, title=tr("Not exported"))
        self.export_refused.emit(str(error))
