"""A decision or override dialog acts on the story it was opened for, even if another story
opens (an import finishing, a drop, a recent file) while it is up."""

from __future__ import annotations

from app.library import Library, load_overrides, load_story

from .helpers import open_bundle, open_path, second_bundle


def _status(desk, story_id: str) -> str:
    with Library(desk.db_path) as library:
        return library.conn.execute(
            "SELECT status FROM stories WHERE id=?", [story_id]).fetchone()[0]


def test_a_decision_is_recorded_on_the_story_the_dialog_was_opened_for(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    before = _status(desk, "harbour-1")
    desk.window.act_reject.trigger()
    dialog = desk.active_dialog
    qtbot.keyClicks(dialog.note, "Invented quote.")
    open_path(qtbot, desk, second_bundle(tmp_path))  # an import finishes meanwhile
    assert desk.current.id == "ferry-2"
    with qtbot.waitSignal(desk.decision_recorded, timeout=10_000) as recorded:
        dialog.ok.click()
    assert recorded.args == ["rejected"]
    assert _status(desk, "harbour-1") == "rejected" != before
    assert _status(desk, "ferry-2") == before
    assert desk.current.id == "ferry-2"


def test_an_override_is_saved_on_the_story_the_dialog_was_opened_for(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    desk.citations.select_citation((2, 2))
    desk.window.act_override.trigger()
    dialog = desk.active_dialog
    dialog.verdict.setCurrentIndex(dialog.verdict.findData("supported"))
    qtbot.keyClicks(dialog.note, "Checked the tape.")
    open_path(qtbot, desk, second_bundle(tmp_path))
    with qtbot.waitSignal(desk.verdict_overridden, timeout=10_000):
        dialog.ok.click()
    with Library(desk.db_path) as library:
        a = load_overrides(library, "harbour-1", load_story(library, "harbour-1").revision)
        b = load_overrides(library, "ferry-2", load_story(library, "ferry-2").revision)
    assert a[(2, 2)].note == "Checked the tape."
    assert b == {}
    assert desk.current.id == "ferry-2"
