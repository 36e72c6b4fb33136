"""Fetch now, Attach file…, drag and drop, recent files, the outbox and Export…: the
desk on the core's library-level functions, with a real HTTP server on loopback."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytest_httpserver import HTTPServer

from app import workflow
from app.library import Library, load_story
from ui.desk.controller import DeskController
from ui.settings import DeskSettings

from .helpers import bundle, open_approvable, open_bundle

MAYOR_PAGE = """<!doctype html><html><head><title>Mayor on the port</title></head><body>
<nav>Home · News · Sport</nav><article><h1>Mayor on the port</h1>
<p>The mayor called it a historic day for Leith when the harbour authority announced
its cargo figures on Monday morning at the quayside.</p>
<p>Standing beside the new crane, she said the record showed what the port's workers
could do, and promised more investment in the docks over the coming years.</p>
<p>Harbour officials said that 4.2 million tonnes of cargo passed through in 2025.</p>
</article><footer>© City Times</footer></body></html>"""


def bundle_citing(tmp_path, url: str, name: str = "harbour.json"):
    path = bundle(tmp_path, name)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["references"][1]["url"] = url
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_fetch_now_snapshots_the_source_and_shows_it(qtbot, desk, tmp_path,
                                                      httpserver: HTTPServer):
    httpserver.expect_request("/mayor").respond_with_data(
        MAYOR_PAGE, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/gazette").respond_with_data(
        MAYOR_PAGE, content_type="text/html; charset=utf-8")
    path = bundle_citing(tmp_path, httpserver.url_for("/mayor"))
    data = json.loads(path.read_text(encoding="utf-8"))
    # reference [1] has no snapshot either: Fetch now on [2] must leave it alone
    data["references"][0].pop("snapshot")
    data["references"][0]["url"] = httpserver.url_for("/gazette")
    path.write_text(json.dumps(data), encoding="utf-8")
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.sources.open_files([str(path)])
    desk.window.act_allow_private.setChecked(True)  # the server is on loopback
    assert desk.settings.allow_private
    desk.citations.select_citation((2, 2))
    source = desk.window.source
    assert source.stack.currentWidget() is source.missing
    with qtbot.waitSignal(desk.sources_fetched, timeout=20_000):
        qtbot.mouseClick(source.fetch_button, Qt.MouseButton.LeftButton)
        assert desk.window.task_label.text().startswith("Fetching [2]")
        assert desk.window.task_cancel.isVisible() and desk.window.task_cancel.isEnabled()
    assert "1 fetched" in desk.window.statusBar().currentMessage()
    assert [request.path for request, _ in httpserver.log] == ["/mayor"]
    qtbot.waitUntil(lambda: desk.current.report is not None, timeout=10_000)
    assert source.stack.currentWidget() is source.text
    assert "historic day" in source.text.toPlainText()
    assert "Snapshot fetched" in source.header.text()
    with Library(desk.db_path) as library:
        ref = load_story(library, "harbour-1").reference(2)
    assert ref.snapshot is not None and ref.snapshot.usable and ref.snapshot.how == "fetched"


def test_fetch_from_loopback_is_refused_unless_allowed(qtbot, desk, tmp_path,
                                                       httpserver: HTTPServer):
    httpserver.expect_request("/mayor").respond_with_data(MAYOR_PAGE,
                                                          content_type="text/html")
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.sources.open_files([str(bundle_citing(tmp_path, httpserver.url_for("/mayor")))])
    desk.citations.select_citation((2, 2))
    with qtbot.waitSignal(desk.sources_fetched, timeout=20_000):
        desk.window.source.fetch_button.click()
    assert "1 unavailable" in desk.window.statusBar().currentMessage()
    assert not httpserver.log  # nothing was asked of the private address
    qtbot.waitUntil(lambda: desk.current.report is not None, timeout=10_000)
    source = desk.window.source
    assert source.stack.currentWidget() is source.missing
    # what is missing is a snapshot to check against, whatever the network says
    assert "Not checked: no snapshot" in source.missing_reason.text()
    assert "offline" not in source.missing_reason.text()


def test_attach_file_makes_it_the_snapshot(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    saved = tmp_path / "mayor.txt"
    saved.write_text("The mayor called it a historic day for the port of Leith.",
                     encoding="utf-8")
    desk.citations.select_citation((2, 2))
    desk.window.source.attach_button.click()
    dialog = desk.active_dialog
    assert dialog is not None and "[2]" in dialog.windowTitle()
    with qtbot.waitSignal(desk.source_attached, timeout=10_000):
        dialog.fileSelected.emit(str(saved))
        dialog.close()
    qtbot.waitUntil(lambda: desk.current.report is not None, timeout=10_000)
    source = desk.window.source
    assert source.stack.currentWidget() is source.text
    assert "historic day" in source.text.toPlainText()
    assert "Snapshot attached" in source.header.text()
    citation = desk.current.citation((2, 2))
    assert citation.effective_verdict != "unavailable"


def _drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    return enter.isAccepted(), drop.isAccepted()


def test_dropping_a_story_file_imports_and_opens_it(qtbot, desk, tmp_path):
    path = bundle(tmp_path)
    with qtbot.waitSignal(desk.story_imported, timeout=10_000) as imported:
        entered, dropped = _drop(desk.window, [path])
    assert entered and dropped
    assert imported.args == ["harbour-1"]
    assert desk.current.id == "harbour-1"
    assert desk.model.total == 1


def test_recent_files_menu_reopens_and_survives_a_restart(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    actions = desk.window.recent_menu.actions()
    assert [a.text() for a in actions] == ["harbour.json"]
    assert desk.window.recent_menu.isEnabled()
    with qtbot.waitSignal(desk.story_imported, timeout=10_000):
        actions[0].trigger()
    desk.settings.sync()
    again = DeskController(str(tmp_path / "other.sqlite3"),
                           DeskSettings.at(str(tmp_path / "settings.ini")))
    qtbot.addWidget(again.window)
    assert [a.toolTip() for a in again.window.recent_menu.actions()] == \
        [str((tmp_path / "harbour.json").resolve())]
    again.shutdown()
    again.library.close()


@pytest.fixture
def folder_target(desk, tmp_path):
    from app.publish import TargetConfig, save_target

    with Library(desk.db_path) as library:
        save_target(library, TargetConfig("site", "folder", str(tmp_path / "out")))
    return "site"


def _approve(desk, story_id: str) -> None:
    with Library(desk.db_path) as library:
        workflow.decide(library, story_id, "approve", "Editor One", "fine")
    desk.open_story(story_id)


def test_export_queues_an_approved_story_and_the_outbox_counts_it(qtbot, desk, tmp_path,
                                                                    folder_target,
                                                                    monkeypatch):
    # Held back, so the count sees the export waiting (tests/ui/test_publishing.py
    # covers the sender delivering it). The export keeps the sender's start it was
    # given, so that is the one to replace.
    monkeypatch.setattr(desk.export, "send_now", lambda reason="": None)
    open_approvable(qtbot, desk, tmp_path)
    _approve(desk, "harbour-1")
    desk.window.act_export.trigger()
    qtbot.waitUntil(lambda: desk.active_dialog is not None
                    and hasattr(desk.active_dialog, "targets"), timeout=10_000)
    dialog = desk.active_dialog
    assert dialog.targets.currentData() == "site"
    with qtbot.waitSignal(desk.story_exported, timeout=10_000) as exported:
        dialog.ok.click()
    assert "queued for site" in exported.args[0]
    with qtbot.waitSignal(desk.outbox_counted, timeout=10_000) as counted:
        desk.publishing.outbox.refresh()
    assert counted.args == [1]
    assert desk.window.outbox_label.isVisibleTo(desk.window)
    assert desk.window.outbox_label.text() == "Outbox: 1"
    assert desk.publishing.outbox.send_timer.isActive()  # every 60 s while something waits


def test_export_shows_the_gate_refusal(qtbot, desk, tmp_path, folder_target):
    open_bundle(qtbot, desk, tmp_path)
    with Library(desk.db_path) as library:
        revision = load_story(library, "harbour-1").revision
        workflow.override_verdict(library, "harbour-1", revision, 0, 1, "unsupported",
                                  "the tonnage is from another year", "Editor One")
    _approve(desk, "harbour-1")
    desk.window.act_export.trigger()
    qtbot.waitUntil(lambda: desk.active_dialog is not None
                    and hasattr(desk.active_dialog, "targets"), timeout=10_000)
    with qtbot.waitSignal(desk.export_refused, timeout=10_000) as refused:
        desk.active_dialog.ok.click()
    assert "cannot be exported" in refused.args[0] and "[1]" in refused.args[0]
    box = desk.active_dialog
    assert isinstance(box, QMessageBox) and "does not support it" in box.text()


def test_export_without_targets_says_how_to_add_one(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    with qtbot.waitSignal(desk.error_shown, timeout=10_000) as shown:
        desk.window.act_export.trigger()
    assert "copydesk target add" in shown.args[0]
