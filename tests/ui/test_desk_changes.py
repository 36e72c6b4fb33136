"""Issue 13's desk, driven like a new reviewer: changes from elsewhere reach the open
desk, rows keep their place, focus starts on the story, the network indicator tells
the truth, overrides show what they change, any two revisions compare, an edit keeps
its note, file dialogs start in the reviewer's folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app import audit, workflow
from app.library import Library
from ui.desk.files import documents_folder
from ui.queue_model import StoryQueueModel

from .helpers import bundle, open_bundle, open_path, second_bundle

COPYDESK = str(Path(sys.executable).with_name("copydesk"))


# a terminal beside the desk: the test session's keyring file is importable there
TERMINAL = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}


def row_status(desk, story_id: str) -> str:
    i = desk.model.row_of(story_id)
    return desk.model.index(i, 0).data() if i >= 0 else ""


def test_a_decision_from_the_command_line_reaches_the_open_desk(qtbot, desk, tmp_path):
    open_path(qtbot, desk, second_bundle(tmp_path))
    open_bundle(qtbot, desk, tmp_path)
    assert desk.window.queue.count.text() == "2 stories"
    assert row_status(desk, "harbour-1") == "New"
    done = subprocess.run([COPYDESK, "--db", desk.db_path, "review", "harbour-1", "--approve",
                           "--despite-open", "--as", "Night Editor"],
                          capture_output=True, text=True, timeout=60, env=TERMINAL)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: row_status(desk, "harbour-1") == "Approved", timeout=3000)
    qtbot.waitUntil(lambda: "Approved" in desk.window.story_status.text()
                    and "Night Editor" in desk.window.story_status.text(), timeout=3000)
    assert "Night Editor" in desk.window.history_view.toPlainText()
    # a story imported from a terminal joins the queue and its count
    third = second_bundle(tmp_path, "tram-3")
    done = subprocess.run([COPYDESK, "--db", desk.db_path, "import", str(third)],
                          capture_output=True, text=True, timeout=60, env=TERMINAL)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: desk.window.queue.count.text() == "3 stories", timeout=3000)
    assert desk.model.row_of("tram-3") >= 0
    assert desk.current.id == "harbour-1"  # what the reviewer reads stays open


def test_a_filtered_queue_drops_a_story_another_desk_moved_on(qtbot, desk, tmp_path):
    open_path(qtbot, desk, second_bundle(tmp_path))
    open_bundle(qtbot, desk, tmp_path)
    queue = desk.window.queue
    queue.status.setCurrentIndex(queue.status.findData("new"))
    assert queue.count.text() == "2 stories"
    with Library(desk.db_path) as other:  # a second desk on the same file
        workflow.reject(other, "ferry-2", "Other Desk", "not our beat")
    qtbot.waitUntil(lambda: queue.count.text() == "1 story", timeout=3000)
    assert desk.model.row_of("ferry-2") < 0


def test_the_desks_own_edit_is_checked_once(qtbot, desk, tmp_path, monkeypatch):
    import app.check
    import app.workflow

    open_bundle(qtbot, desk, tmp_path)
    calls = []
    real = app.check.check_story

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(app.check, "check_story", counted)
    monkeypatch.setattr(app.workflow, "check_story", counted)
    desk.window.act_edit.trigger()
    body = desk.window.editor.body
    body.setPlainText(body.toPlainText().replace("4.2 million", "4.3 million"))
    body.document().setModified(True)
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.window.act_save.trigger()
    desk.poll_library()  # the watch sees the desk's own write and draws nothing again
    assert "4.3 million" in desk.window.story_view.toPlainText()
    assert desk.check_task is None and len(calls) == 1


def test_opening_a_story_keeps_its_row_in_place_and_updates_it(qtbot, desk, tmp_path):
    open_path(qtbot, desk, second_bundle(tmp_path))
    open_bundle(qtbot, desk, tmp_path)
    desk.watcher.stop()  # only the opening may tell the row
    with Library(desk.db_path) as other:
        workflow.start_review(other, "ferry-2", "Other Desk")
    rows = [desk.model.story_at(i).id for i in range(desk.model.rowCount())]
    lower = len(rows) - 1  # the bottom row
    story_id = rows[lower]
    table = desk.window.queue.table
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        table.setCurrentIndex(desk.model.index(lower, 1))
    assert desk.current.id == story_id == "ferry-2"  # imported first: the bottom row
    assert [desk.model.story_at(i).id for i in range(desk.model.rowCount())] == rows
    assert row_status(desk, "ferry-2") == "In review"  # what the header says too
    assert "In review" in desk.window.story_status.text()


def test_focus_starts_on_the_story_so_j_walks_citations(qtbot, tmp_path):
    from app.publish import MemorySecretStore
    from ui.desk.controller import DeskController
    from ui.main import make_application
    from ui.settings import DeskSettings

    make_application()
    with Library(tmp_path / "lib.sqlite3") as library:
        from app.library import import_story
        from app.parse import load_story_file

        import_story(library, load_story_file(str(bundle(tmp_path))), "harbour.json")
    desk = DeskController(str(tmp_path / "lib.sqlite3"),
                          DeskSettings.at(str(tmp_path / "s.ini")), secrets=MemorySecretStore())
    qtbot.addWidget(desk.window)
    desk.window.show()
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.start(None)
    focused = desk.window.focusWidget()
    assert focused is desk.window.story_view
    qtbot.keyClick(focused, Qt.Key.Key_J)
    assert desk.selected == desk.order[0]
    assert desk.window.queue.search.text() == "" and desk.model.total == 1
    desk.shutdown()
    desk.library.close()


def test_a_fetch_that_cannot_resolve_its_host_turns_the_indicator_offline(qtbot, desk,
                                                                          tmp_path):
    path = bundle(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["references"][1]["url"] = "https://no-such-host.invalid/mayor"
    path.write_text(json.dumps(data), encoding="utf-8")
    open_path(qtbot, desk, path)
    desk.network.show("online", "as the system says")  # the system thinks all is well
    label = desk.window.network_label
    assert "Online" in label.text()
    with qtbot.waitSignal(desk.sources_fetched, timeout=20_000):
        desk.window.act_fetch.trigger()
    assert "Offline" in label.text()
    assert "resolve host" in label.toolTip() or "no network" in label.toolTip()
    assert desk.publishing.outbox.network == "offline"  # the sender waits for the network


def test_the_override_dialog_shows_the_claim_and_refuses_the_same_verdict(qtbot, desk,
                                                                         tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    key = next(k for k in desk.order if desk.current.citation(k).effective_verdict
               == "supported")
    desk.citations.select_citation(key)
    desk.window.act_override.trigger()
    dialog = desk.active_dialog
    assert "4.2 million tonnes" in dialog.claim.text() or "crane" in dialog.claim.text()
    assert "supported" in dialog.now.text()
    dialog.note.setPlainText("checked the harbour's own release")
    dialog.verdict.setCurrentIndex(dialog.verdict.findData("supported"))
    assert not dialog.ok.isEnabled() and dialog.same.isVisibleTo(dialog)
    dialog.verdict.setCurrentIndex(dialog.verdict.findData("partial"))
    assert dialog.ok.isEnabled() and not dialog.same.isVisibleTo(dialog)
    with qtbot.waitSignal(desk.verdict_overridden, timeout=10_000):
        dialog.ok.click()
    assert desk.current.citation(key).effective_verdict == "partial"


def _save_edit(qtbot, desk, old: str, new: str, note: str = "") -> None:
    desk.window.act_edit.trigger()
    editor = desk.window.editor
    editor.body.setPlainText(editor.body.toPlainText().replace(old, new))
    editor.body.document().setModified(True)
    if note:
        qtbot.keyClicks(editor.note, note)
    with qtbot.waitSignal(desk.revision_saved, timeout=10_000):
        desk.window.act_save.trigger()


def test_an_edit_carries_its_note_into_the_history(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    _save_edit(qtbot, desk, "4.2 million", "4.3 million", "figure from the annual report")
    qtbot.waitUntil(lambda: "figure from the annual report"
                    in desk.window.history_view.toPlainText(), timeout=3000)
    with Library(desk.db_path) as library:
        last = audit.story_events(library, "harbour-1")[-1]
    assert last.action == "edit" and last.note == "figure from the annual report"
    assert desk.window.editor.note.text() == ""  # the next edit starts without it


def test_changes_compare_any_two_revisions(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    _save_edit(qtbot, desk, "4.2 million", "4.3 million")
    _save_edit(qtbot, desk, "historic day", "great day")
    panel = desk.window.changes_panel
    desk.window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.older.count() == 3, timeout=5000)
    assert "Original" in panel.older.itemText(0)
    assert "current" in panel.newer.currentText()
    panel.older.setFocus()
    with qtbot.waitSignal(desk.changes_shown, timeout=10_000):
        qtbot.keyClick(panel.older, Qt.Key.Key_Down)  # the first edit, against the current
    assert panel.older.currentIndex() == 1
    text = desk.window.changes_view.toPlainText()
    assert "great" in text and "1 change against revision" in text  # 4.3 on both sides
    with qtbot.waitSignal(desk.changes_shown, timeout=10_000):
        qtbot.keyClick(panel.older, Qt.Key.Key_Up)  # back to the imported original
    assert "2 changes" in desk.window.changes_view.toPlainText()


def test_file_dialogs_start_in_documents_then_the_last_folder(qtbot, desk, tmp_path):
    desk.window.act_open.trigger()
    dialog = desk.active_dialog
    assert isinstance(dialog, QFileDialog)
    assert Path(dialog.directory().absolutePath()) == Path(documents_folder())
    assert Path(dialog.directory().absolutePath()) != Path.cwd()
    chosen = bundle(tmp_path)
    with qtbot.waitSignal(desk.story_imported, timeout=10_000):
        dialog.selectFile(str(chosen))  # as if picked in the dialog
        dialog.accept()
    desk.window.act_report.trigger()
    report = desk.active_dialog
    assert Path(report.directory().absolutePath()) == Path(documents_folder())
    report.reject()
    desk.window.act_open.trigger()
    again = desk.active_dialog
    assert Path(again.directory().absolutePath()) == tmp_path  # remembered
    again.reject()


def test_the_queue_model_never_moves_a_row_on_refresh(qtbot, desk, tmp_path):
    open_path(qtbot, desk, second_bundle(tmp_path))
    open_bundle(qtbot, desk, tmp_path)
    assert isinstance(desk.model, StoryQueueModel)
    moved = []
    desk.model.rowsMoved.connect(lambda *_: moved.append(1))
    bottom = desk.model.story_at(desk.model.rowCount() - 1).id
    with Library(desk.db_path) as other:
        workflow.start_review(other, bottom, "Other Desk")
    qtbot.waitUntil(lambda: row_status(desk, bottom) == "In review", timeout=3000)
    assert moved == [] and desk.model.row_of(bottom) == desk.model.rowCount() - 1


def test_the_desk_as_started_puts_the_keyboard_on_the_story(qtbot, tmp_path):
    from app.library import import_story
    from app.parse import load_story_file
    from ui.main import Desk
    from ui.settings import DeskSettings

    with Library(tmp_path / "lib.sqlite3") as library:
        import_story(library, load_story_file(str(bundle(tmp_path))), "harbour.json")
    desk = Desk(str(tmp_path / "lib.sqlite3"), DeskSettings.at(str(tmp_path / "s.ini")))
    qtbot.addWidget(desk.window)
    with qtbot.waitSignal(desk.loaded, timeout=15_000):
        desk.show()  # the frame paints first; the panes and the library follow
    qtbot.waitUntil(lambda: desk.controller.current is not None, timeout=10_000)
    assert desk.window.focusWidget() is desk.window.story_view
    assert desk.window.queue.search.text() == ""
    desk.shutdown()


def test_a_slow_fetch_does_not_hold_back_changes_from_elsewhere(qtbot, desk, tmp_path,
                                                                httpserver):
    import threading
    import time

    from werkzeug import Response

    release = threading.Event()

    def slow_page(_request):
        release.wait(10)  # the fetch stays on the wire until the test lets it go
        return Response("<html><body><p>The mayor called it a historic day.</p></body>"
                        "</html>", content_type="text/html")
    httpserver.expect_request("/mayor").respond_with_handler(slow_page)
    path = bundle(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["references"][1]["url"] = httpserver.url_for("/mayor")
    path.write_text(json.dumps(data), encoding="utf-8")
    open_path(qtbot, desk, second_bundle(tmp_path))
    open_path(qtbot, desk, path)
    desk.window.act_allow_private.setChecked(True)  # the server is on loopback
    desk.window.act_fetch.trigger()
    try:
        started = time.monotonic()
        with Library(desk.db_path) as other:
            workflow.start_review(other, "ferry-2", "Other Desk")
        qtbot.waitUntil(lambda: row_status(desk, "ferry-2") == "In review", timeout=3000)
        assert time.monotonic() - started < 2.5 and not release.is_set()  # mid-fetch
    finally:
        release.set()
    qtbot.waitUntil(lambda: "1 fetched" in desk.window.statusBar().currentMessage(),
                    timeout=15_000)
