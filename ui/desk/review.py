"""Review decisions and waivers: override a citation's verdict, waive a blocker,
approve, request changes, reject. Every write goes through ``DeskContext.write``, so
what it changed is redrawn in one place; nothing here redraws a row or the header."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from app.markers import strip_markers
from ui import core_adapter
from ui.desk.context import DeskContext, in_library
from ui.desk.gate import GateController
from ui.i18n import translator
from ui.labels import status_label
from ui.render import CitationKey
from ui.views.dialogs import NoteDialog, OverrideDialog

tr = translator("Desk")


class Review(QObject):
    verdict_overridden = Signal(tuple)
    decision_recorded = Signal(str)
    finding_waived = Signal(str)

    def __init__(self, ctx: DeskContext, after_check: list[Any]) -> None:
        """``after_check``: callbacks run once the story shown has been checked again."""
        super().__init__()
        self.ctx = ctx
        self.after_check = after_check
        self.gate = GateController(ctx, self.record)
        w = ctx.window
        w.act_override.triggered.connect(self.override_selected)
        w.act_waive.triggered.connect(self.waive_selected)
        w.act_approve.triggered.connect(lambda: self.decide("approve"))
        w.act_request.triggered.connect(lambda: self.decide("request_changes"))
        w.act_reject.triggered.connect(lambda: self.decide("reject"))
        w.findings.waive_requested.connect(self.waive_finding)
        w.findings.override_requested.connect(self._override_citation)

    # -- overriding a verdict ---------------------------------------------------------
    def _override_citation(self, key: tuple) -> None:
        self.ctx.window.findings.citation_chosen.emit(key)  # selects it, as a click does
        self.override_selected()

    def override_selected(self, note: str = "", verdict: str = "") -> None:
        """Ask for the override of the selected citation; ``note`` and ``verdict`` fill
        the dialog again after a refused write, so what the reviewer typed is not lost."""
        c, key = self.ctx.session.current, self.ctx.session.selected
        if c is None or key is None:
            self.ctx.status(tr("Select a citation first (J / K)."), 4000)
            return
        citation = c.citation(key)
        current = citation.effective_verdict if citation else "pending"
        claim = next((strip_markers(cl.text) for cl in c.claims if cl.index == key[0]), "")
        # What the dialog is about, fixed now: another story may open while it is up.
        target = (c.id, c.story.revision, c.state.version)

        def ask(actor: str) -> None:
            dialog = OverrideDialog(key[1], current, self.ctx.window, claim=claim)
            if note:
                dialog.note.setPlainText(note)
            if verdict and dialog.verdict.findData(verdict) >= 0:
                dialog.verdict.setCurrentIndex(dialog.verdict.findData(verdict))
            dialog.accepted.connect(lambda: self._save_override(
                target, key, dialog.chosen(), dialog.text(), actor))
            self.ctx.open_dialog(dialog)
        self.ctx.ask_reviewer(ask)

    def _save_override(self, target: tuple[str, str, int], key: CitationKey, verdict: str,
                       note: str, actor: str) -> None:
        story_id, revision, version = target

        def saved(_decision: Any) -> None:
            if self.ctx.session.is_open(story_id):  # said once the new check is shown
                self.after_check.append(lambda: self.verdict_overridden.emit(key))
            else:
                self.verdict_overridden.emit(key)
        def refused(error: BaseException) -> None:
            self.ctx.task_failed(error)
            if self.ctx.session.is_open(story_id) and self.ctx.session.selected == key:
                self.override_selected(note=note, verdict=verdict)  # the note typed is kept
        self.ctx.write(tr("Saving override…"), in_library(core_adapter.save_override),
                       self.ctx.db_path, story_id, revision, key[0], key[1], verdict, note,
                       actor, version, on_success=saved, on_failure=refused)

    # -- waiving a blocker ------------------------------------------------------------
    def waive_selected(self) -> None:
        """The keyboard route to waiving: the selected blocker, else the first open one."""
        panel = self.ctx.window.findings
        for _label, request in panel.context_actions(panel.currentItem()):
            if request[0] == "waive":
                self.waive_finding(request[1])
                return
        left = sorted(panel.blocker_indices - panel.waived_indices)
        if left:
            self.waive_finding(left[0])
        else:
            self.ctx.status(tr("No blocker finding left to waive."), 4000)

    def waive_finding(self, i: int) -> None:
        c = self.ctx.session.current
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
                                self.ctx.window)
            dialog.setObjectName("waiveDialog")
            dialog.accepted.connect(lambda: self._save_waiver(story_id, finding,
                                                              dialog.text(), actor))
            self.ctx.open_dialog(dialog)
        self.ctx.ask_reviewer(ask)

    def _save_waiver(self, story_id: str, finding: Any, note: str, actor: str) -> None:
        from app.changes import STATUS, VERDICTS, of_stories

        def saved(gate: Any) -> None:
            left = len(gate.open)
            self.ctx.status(
                tr("Finding waived. {n} item(s) still stop the export.").format(n=left)
                if left else tr("Finding waived. Nothing stops the export now."), 8000)
            self.finding_waived.emit(finding.message)
        self.ctx.write(tr("Waiving finding…"), in_library(core_adapter.waive_finding),
                       self.ctx.db_path, story_id, finding, note, actor, on_success=saved,
                       changes_of=lambda _gate: of_stories([story_id], VERDICTS, STATUS))

    # -- decisions --------------------------------------------------------------------
    def decide(self, decision: str) -> None:
        c = self.ctx.session.current
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
            dialog = NoteDialog(title, prompt, required, ok, self.ctx.window)
            dialog.accepted.connect(lambda: self.record(target, decision, dialog.text(),
                                                        actor))
            self.ctx.open_dialog(dialog)
        self.ctx.ask_reviewer(ask)

    def record(self, target: tuple[str, str, int], decision: str, note: str,
               actor: str, details: dict[str, Any] | None = None) -> None:
        story_id, _revision, version = target  # the version pins the revision too

        def done(result: Any) -> None:
            status = result.status
            message = tr("Recorded: {s} by {a}.").format(s=status_label(status), a=actor)
            if result.warning:  # e.g. two approvals from one computer account
                message += " " + tr("Warning: {w}.").format(w=result.warning)
            self.ctx.status(message, 0 if result.warning else 5000)
            self.decision_recorded.emit(status)
        self.ctx.write(tr("Recording decision…"), in_library(core_adapter.decide),
                       self.ctx.db_path, story_id, decision, note, actor, version, details,
                       on_success=done)
