"""An edit belongs to the story it started on, and typed text is never dropped silently."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app import workflow
from app.library import Library, load_story

from .helpers import open_bundle, open_path, second_bundle


def _revisions(desk, story_id: str) -> int:
    with Library(desk.db_path) as library:
        return library.conn.execute(
            "SELECT COUNT(*) FROM revisions WHERE story_id=?", [story_id]).fetchone()[0]


def _type_in_editor(qtbot, desk, text: str) -> None:
    body = desk.window.editor.body
    body.moveCursor(body.textCursor().MoveOperation.End)
    qtbot.keyClicks(body, text)


def test_switching_story_while_editing_asks_and_saves_into_the_edited_story(qtbot, desk,
                                                                               tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    open_path(qtbot, desk, second_bundle(tmp_path))
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.open_story("harbour-1")
    desk.window.act_edit.trigger()
    _type_in_editor(qtbot, desk, " Edited for A.")
    desk.open_story("ferry-2")  # an import, a drop or the queue wants another story
    box = desk.active_dialog
    assert isinstance(box, QMessageBox) and box.objectName() == "unsavedEditBox"
    assert desk.current.id == "harbour-1"  # nothing switched yet
    with qtbot.waitSignal(desk.revision_saved, timeout=10_000):
        box.button(QMessageBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: desk.current.id == "ferry-2", timeout=10_000)
    assert _revisions(desk, "harbour-1") == 2
    assert _revisions(desk, "ferry-2") == 1
    with Library(desk.db_path) as library:
        assert load_story(library, "harbour-1").body.endswith("Edited for A.")
        assert "Edited for A." not in load_story(library, "ferry-2").body
    assert desk.window.tabs.currentWidget() is desk.window.story_view


def test_save_after_switching_writes_the_edited_story_not_the_open_one(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    open_path(qtbot, desk, second_bundle(tmp_path))
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.open_story("harbour-1")
    desk.window.act_edit.trigger()
    _type_in_editor(qtbot, desk, " Only for A.")
    desk.open_story("ferry-2")
    desk.active_dialog.button(QMessageBox.StandardButton.Cancel).click()
    assert desk.current.id == "harbour-1"
    assert desk.window.tabs.currentWidget() is desk.window.editor
    with qtbot.waitSignal(desk.revision_saved, timeout=10_000):
        desk.window.act_save.trigger()
    assert _revisions(desk, "harbour-1") == 2 and _revisions(desk, "ferry-2") == 1
    qtbot.waitUntil(lambda: desk.window.tabs.currentWidget() is desk.window.changes_panel)


def test_discard_switches_without_saving(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    open_path(qtbot, desk, second_bundle(tmp_path))
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.open_story("harbour-1")
    desk.window.act_edit.trigger()
    _type_in_editor(qtbot, desk, " Thrown away.")
    desk.open_story("ferry-2")
    with qtbot.waitSignal(desk.story_opened, timeout=10_000):
        desk.active_dialog.button(QMessageBox.StandardButton.Discard).click()
    assert desk.current.id == "ferry-2"
    desk.window.act_save.trigger()  # the editor belongs to no story now
    assert _revisions(desk, "harbour-1") == 1 and _revisions(desk, "ferry-2") == 1


def test_ctrl_e_while_editing_keeps_the_typed_text(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    desk.window.act_edit.trigger()
    _type_in_editor(qtbot, desk, " Keep me.")
    desk.window.tabs.setCurrentWidget(desk.window.story_view)
    qtbot.keyClick(desk.window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert desk.window.tabs.currentWidget() is desk.window.editor
    assert desk.window.editor.body.toPlainText().endswith("Keep me.")


def test_closing_with_an_unsaved_edit_asks_first(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    desk.window.act_edit.trigger()
    _type_in_editor(qtbot, desk, " Not yet saved.")
    desk.window.close()
    assert desk.window.isVisible() and not desk.closing
    box = desk.active_dialog
    assert isinstance(box, QMessageBox) and box.objectName() == "unsavedEditBox"
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert desk.window.isVisible()
    desk.window.close()
    desk.active_dialog.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not desk.window.isVisible())
    assert desk.closing and _revisions(desk, "harbour-1") == 1


def test_an_override_during_an_edit_is_named_and_the_edit_can_still_be_saved(qtbot, desk,
                                                                             tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    desk.window.act_edit.trigger()
    _type_in_editor(qtbot, desk, " Checked twice.")
    revision = desk.current.story.revision
    with Library(desk.db_path) as library:  # another desk overrides a verdict meanwhile
        workflow.override_verdict(library, "harbour-1", revision, 0, 1, "supported",
                                  "read the page myself", "Other Desk")
    desk.window.act_save.trigger()
    qtbot.waitUntil(lambda: desk.active_dialog is not None, timeout=10_000)
    box = desk.active_dialog
    assert isinstance(box, QMessageBox) and box.objectName() == "editRebaseBox"
    assert "override by Other Desk" in box.text() and "text did not" in box.text()
    assert _revisions(desk, "harbour-1") == 1  # nothing saved without asking
    with qtbot.waitSignal(desk.revision_saved, timeout=10_000):
        box.button(QMessageBox.StandardButton.Save).click()
    with Library(desk.db_path) as library:
        assert load_story(library, "harbour-1").body.endswith("Checked twice.")
    assert _revisions(desk, "harbour-1") == 2


def test_a_text_changed_by_another_desk_is_not_overwritten(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    desk.window.act_edit.trigger()
    _type_in_editor(qtbot, desk, " Mine.")
    with Library(desk.db_path) as library:
        story = load_story(library, "harbour-1")
        state = workflow.story_state(library, "harbour-1")
        workflow.save_edit(library, "harbour-1", story.title, story.dek,
                           story.body + " Theirs.", "Other Desk", state.version)
    with qtbot.waitSignal(desk.error_shown, timeout=10_000) as shown:
        desk.window.act_save.trigger()
    assert "changed by another desk" in shown.args[0]
    assert desk.window.editor.body.toPlainText().endswith("Mine.")  # still there to copy
    with Library(desk.db_path) as library:
        assert load_story(library, "harbour-1").body.endswith("Theirs.")
