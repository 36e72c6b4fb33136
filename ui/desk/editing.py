"""Editing a story: the Markdown editor, saving a new revision (with an optional note
for the history), and never dropping typed text without asking."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox

from app.workflow import ConflictError
from ui import core_adapter
from ui.desk.context import DeskContext, in_library
from ui.i18n import translator
from ui.labels import status_label

tr = translator("Desk")

EditStart = tuple[str, str, int]  # (story id, revision, version) the edit started from


class Editing(QObject):
    revision_saved = Signal(str)

    def __init__(self, ctx: DeskContext, keep_report: Callable[[str, Any], None]) -> None:
        """``keep_report(story_id, report)``: the core's check of the saved revision,
        kept so the story is not checked again when it is shown."""
        super().__init__()
        self.ctx = ctx
        self.keep_report = keep_report
        self.editing: EditStart | None = None
        w = ctx.window
        w.editor.save.clicked.connect(lambda: self.save_edit())
        w.editor.discard.clicked.connect(self.discard_edit)
        w.act_edit.triggered.connect(self.start_edit)
        w.act_save.triggered.connect(lambda: self.save_edit())

    def edit_dirty(self) -> bool:
        """Has the reviewer typed into the editor since the edit started?"""
        e = self.ctx.window.editor
        return self.editing is not None and (
            e.body.document().isModified() or e.title.isModified() or e.dek.isModified())

    def may_switch(self, story_id: str, retry: Callable[[], None],
                   cancelled: Callable[[], None] | None = None) -> bool:
        """Before another story is shown: False while the reviewer is asked about an
        unsaved edit (``retry`` runs after Save or Discard)."""
        if not self.confirm_leave_edit(retry, cancelled=cancelled):
            return False
        if self.editing is not None and self.editing[0] != story_id:
            self.end_edit()  # nothing typed: the editor no longer belongs to a story
        return True

    def confirm_leave_edit(self, then: Callable[[], object],
                           cancelled: Callable[[], None] | None = None) -> bool:
        """Run ``then`` at once when nothing typed would be lost (returns True); else ask
        Save / Discard / Cancel and run ``then`` after a save or a discard."""
        if not self.edit_dirty():
            return True
        assert self.editing is not None
        title = self.ctx.window.editor.title.text() or self.editing[0]
        box = QMessageBox(QMessageBox.Icon.Question, tr("Unsaved edit"),
                          tr("“{title}” has unsaved changes. Save them as a new revision?")
                          .format(title=title),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.ctx.window)
        box.setObjectName("unsavedEditBox")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)

        def answered(_result: int) -> None:
            button = box.standardButton(box.clickedButton())
            if button == QMessageBox.StandardButton.Save:
                self.save_edit(then=then)
            elif button == QMessageBox.StandardButton.Discard:
                self.end_edit()
                then()
            elif cancelled is not None:
                cancelled()
        box.finished.connect(answered)
        self.ctx.open_dialog(box)
        return False

    def end_edit(self) -> None:
        self.editing = None
        e = self.ctx.window.editor
        e.body.document().setModified(False)
        e.title.setModified(False)
        e.dek.setModified(False)
        e.note.clear()

    def start_edit(self) -> None:
        c = self.ctx.session.current
        if c is None:
            return
        w = self.ctx.window
        e = w.editor
        if self.editing is not None and self.editing[0] == c.id and self.edit_dirty():
            # The typed text stays; Ctrl+E only brings the editor back.
            w.tabs.setCurrentWidget(e)
            e.body.setFocus()
            return
        if not self.confirm_leave_edit(self.start_edit):
            return
        self.end_edit()
        self.editing = (c.id, c.story.revision, c.state.version)
        e.title.setText(c.story.title)
        e.title.setCursorPosition(0)
        e.dek.setText(c.story.dek)
        e.dek.setCursorPosition(0)
        e.body.setPlainText(c.story.body)
        e.body.document().setModified(False)
        e.title.setModified(False)
        e.dek.setModified(False)
        w.tabs.setCurrentWidget(e)
        e.body.setFocus()

    def discard_edit(self) -> None:
        self.end_edit()
        self.ctx.window.tabs.setCurrentWidget(self.ctx.window.story_view)

    def save_edit(self, then: Callable[[], object] | None = None) -> None:
        w = self.ctx.window
        e = w.editor
        editing = self.editing
        if editing is None or (then is None and w.tabs.currentWidget() is not e):
            return
        title, dek, body = e.title.text(), e.dek.text(), e.body.toPlainText()
        note = e.note.text().strip() or None
        if not body.strip() or not title.strip():
            if then is not None:
                w.tabs.setCurrentWidget(e)
            self.ctx.show_error(tr("A story needs a title and a body."))
            return
        # Saved against the story and version the edit started from, whatever is open now.
        story_id, _revision, version = editing

        def prepare(decision: Any) -> None:
            if self.editing == editing:
                self.end_edit()
            if decision.report is not None:  # the one check of this edit: shown as is
                self.keep_report(story_id, decision.report)

        def saved(decision: Any) -> None:
            if self.ctx.session.is_open(story_id):
                w.tabs.setCurrentWidget(w.changes_panel)
            self.ctx.status(tr("Saved revision {r}.").format(r=decision.revision[:8]), 5000)
            self.revision_saved.emit(decision.revision)
            if then is not None:
                then()

        self.ctx.ask_reviewer(lambda actor: self.ctx.write(
            tr("Saving revision…"), in_library(core_adapter.save_edit), self.ctx.db_path,
            story_id, title, dek, body, actor, version, note, prepare=prepare,
            on_success=saved, on_failure=partial(self._edit_not_saved, editing, then)))

    def _edit_not_saved(self, editing: EditStart, then: Callable[[], object] | None,
                        error: BaseException) -> None:
        """A save refused because the story changed meanwhile. When its text did not
        change (an override, a waiver or a decision came in), the edit still applies
        cleanly: say what happened and offer to save it over the current version. A
        changed text is refused as before (the edit stays in the editor)."""
        state = error.state if isinstance(error, ConflictError) else None
        if state is None or state.revision != editing[1] or self.editing != editing:
            self.ctx.task_failed(error)
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
                          self.ctx.window)
        box.setObjectName("editRebaseBox")
        box.setTextFormat(Qt.TextFormat.PlainText)  # names and notes are typed text

        def answered(_result: int) -> None:
            if box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Save:
                return  # the edit stays in the editor, unsaved
            if self.editing == editing:
                self.editing = (editing[0], editing[1], state.version)
                self.ctx.window.tabs.setCurrentWidget(self.ctx.window.editor)
                self.save_edit(then=then)
        box.finished.connect(answered)
        self.ctx.open_dialog(box)
