"""The desk in a newsroom, driven through its widgets against a real PostgreSQL (the
session's server of tests/newsroom): background sync and its status bar, offline
work queued and pushed when the server is back, "Assigned to me", who else has the
story open, and comment threads on a claim. The other reviewers are ``copydesk``
processes with libraries of their own, as at other computers."""

from __future__ import annotations

import json
import re
import threading

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox, QWidget

from tests.newsroom.conftest import make_newsroom, postgres  # noqa: F401  (the server)

SYNCED = re.compile(r"^Newsroom: synced \d\d:\d\d · 0 pending$")


@pytest.fixture()
def room(postgres, tmp_path):  # noqa: F811
    """Ana (the newsroom's admin, a command-line desk) with two stories, and Sam's
    library joined to the newsroom, whose password is in this process's keyring."""
    from app.newsroom.connection import save_password

    newsroom = make_newsroom(postgres, tmp_path)
    ana = newsroom.desk("Ana")
    sam = newsroom.desk("Sam", admin_desk=ana)
    save_password(sam.url, sam.password)
    ana.import_story("bridge")
    ana.import_story("ferry", title="Ferry timetable changes")
    ana.sync()
    return newsroom, ana, sam


@pytest.fixture()
def desk_at(qtbot, tmp_path, monkeypatch):
    """Opens the desk on a library, as ``copydesk desk`` does (first sync at once)."""
    import ui.desk.newsroom
    from app.publish import MemorySecretStore
    from ui.desk.controller import DeskController
    from ui.main import make_application
    from ui.settings import DeskSettings

    monkeypatch.setattr(ui.desk.newsroom, "START_DELAY_MS", 0)
    made = []

    def open_desk(db_path, name="Sam"):
        make_application()
        settings = DeskSettings.at(str(tmp_path / f"settings-{name}.ini"))
        settings.reviewer_name = name
        controller = DeskController(str(db_path), settings, secrets=MemorySecretStore())
        qtbot.addWidget(controller.window)
        controller.window.show()
        made.append(controller)
        return controller
    yield open_desk
    for controller in made:
        controller.shutdown()
        controller.library.close()


@pytest.fixture()
def sam_desk(qtbot, room, desk_at):
    desk = desk_at(room[2].db)
    with qtbot.waitSignal(desk.newsroom.synced, timeout=30_000):
        pass  # the first sync, as the desk opens
    return desk


def open_story(qtbot, desk, story_id):
    with qtbot.waitSignal(desk.newsroom.presence_shown, timeout=15_000):
        desk.open_story(story_id)


def request_changes(qtbot, desk, note, wait_for):
    desk.window.act_request.trigger()
    dialog = desk.active_dialog
    qtbot.keyClicks(dialog.note, note)
    with qtbot.waitSignal(wait_for, timeout=30_000):
        dialog.ok.click()


def test_without_a_newsroom_nothing_appears_and_nothing_runs(qtbot, desk, tmp_path):
    from tests.ui.helpers import open_bundle

    open_bundle(qtbot, desk, tmp_path)
    w = desk.window
    assert w.findChild(QLabel, "newsroomLabel") is None
    assert w.findChild(QCheckBox, "assignedToMe") is None
    assert w.findChild(QWidget, "commentsPanel") is None
    assert w.findChild(QWidget, "newsroomBar") is None
    w.act_edit.trigger()  # no one to ask about
    assert w.tabs.currentWidget() is w.editor and desk.active_dialog is None
    assert not [lane for lane in desk.runner.lanes if lane.startswith("newsroom")]


def test_the_desk_syncs_in_the_background_and_says_so_in_the_status_bar(qtbot, room,
                                                                        sam_desk):
    newsroom, ana, _sam = room
    desk, w = sam_desk, sam_desk.window
    label = w.findChild(QLabel, "newsroomLabel")
    assert SYNCED.match(label.text()), label.text()
    assert "every 30 seconds" in label.toolTip()
    assert desk.newsroom.timer.interval() == 30_000
    # what the first sync pulled is in the queue: drawn through the one change signal
    assert desk.model.row_of("bridge") >= 0 and desk.model.row_of("ferry") >= 0
    assert w.queue.count.text() == "2 stories"
    open_story(qtbot, desk, "bridge")
    # a decision here goes to the newsroom at once, on a worker
    request_changes(qtbot, desk, "Monday or Tuesday?", desk.newsroom.synced)
    assert newsroom.server("SELECT actor, action FROM copydesk.events WHERE story_id = "
                           "'bridge' AND action = 'request_changes'") == [
        ["Sam", "request_changes"]]
    assert SYNCED.match(label.text()), label.text()
    desk.newsroom.sync_now()
    task = desk.newsroom.sync_task
    assert label.text() == "Newsroom: syncing…"
    qtbot.waitUntil(lambda: desk.newsroom.sync_task is None, timeout=30_000)
    assert task.worker_thread not in (None, threading.get_ident())
    # another desk's decision arrives by the timer alone, and redraws the row and header
    ana.sync()
    ana.run("review", "bridge", "--reject", "--note", "The date is wrong.")
    ana.sync()
    desk.newsroom.timer.setInterval(300)
    qtbot.waitUntil(lambda: "Rejected" in w.story_status.text(), timeout=30_000)
    row = desk.model.row_of("bridge")
    assert desk.model.story_at(row).status == "rejected"


def test_offline_decisions_are_queued_and_go_when_the_server_is_back(qtbot, room, sam_desk):
    newsroom, ana, _sam = room
    desk, w = sam_desk, sam_desk.window
    label = w.findChild(QLabel, "newsroomLabel")
    ana.sync()
    dana = newsroom.desk("Dana", admin_desk=ana)
    dana.sync()
    dana.run("lock", "bridge", "--edit")
    open_story(qtbot, desk, "bridge")
    assert w.findChild(QLabel, "presenceBanner").text().startswith("Dana is editing")
    before = int(newsroom.server("SELECT count(*) FROM copydesk.events")[0][0])
    newsroom.postgres.stop()
    try:
        request_changes(qtbot, desk, "Which Monday?", desk.newsroom.sync_failed)
        # the reviewer's one decision (its key's registration goes with it, uncounted)
        assert label.text() == "Newsroom: offline — 1 decision queued"
        assert "cannot be reached" in label.toolTip()
        # who else has it open cannot be told: nothing is said, and the edit just starts
        assert not w.findChild(QLabel, "presenceBanner").isVisible()
        w.act_edit.trigger()
        assert w.tabs.currentWidget() is w.editor and desk.active_dialog is None
        desk.editing.discard_edit()
        # a second piece of work, still offline: the count follows
        w.act_next.trigger()
        panel = w.findChild(QWidget, "commentsPanel")
        qtbot.keyClicks(panel.text, "Check the council's page.")
        with qtbot.waitSignal(desk.newsroom.sync_failed, timeout=30_000):
            panel.add.click()
        assert label.text() == "Newsroom: offline — 2 decisions queued"
    finally:
        newsroom.postgres.start()
    with qtbot.waitSignal(desk.newsroom.synced, timeout=30_000):
        qtbot.mouseClick(label, Qt.MouseButton.LeftButton)  # sync now
    assert SYNCED.match(label.text()), label.text()
    after = newsroom.server("SELECT actor, action FROM copydesk.events WHERE server_seq > "
                            f"{before} AND action IN ('request_changes', 'comment') "
                            "ORDER BY server_seq")
    assert after == [["Sam", "request_changes"], ["Sam", "comment"]]
    banner = w.findChild(QLabel, "presenceBanner")
    qtbot.waitUntil(lambda: banner.text().startswith("Dana is editing"), timeout=15_000)


def test_assigned_to_me_filters_the_queue_and_the_header_names_the_assignee(qtbot, room,
                                                                            desk_at):
    newsroom, ana, sam = room
    ana.run("assign", "bridge", "Sam")
    ana.run("assign", "ferry", "Ana")
    ana.sync()
    desk = desk_at(sam.db)
    with qtbot.waitSignal(desk.newsroom.synced, timeout=30_000):
        pass
    w = desk.window
    mine = w.findChild(QCheckBox, "assignedToMe")
    assert desk.model.total == 2
    box = QPoint(8, mine.height() // 2)  # on the tick box itself
    qtbot.mouseClick(mine, Qt.MouseButton.LeftButton, pos=box)
    assert mine.isChecked()
    assert desk.model.total == 1 and desk.model.story_at(0).id == "bridge"
    assert w.queue.count.text() == "1 story"
    open_story(qtbot, desk, "bridge")
    assert w.findChild(QLabel, "assigneeLabel").text() == "Assigned to you"
    # the editor gives the ferry to Sam too: it joins the filtered queue by itself
    ana.run("assign", "ferry", "Sam")
    ana.sync()
    with qtbot.waitSignal(desk.newsroom.synced, timeout=30_000):
        desk.newsroom.sync_now()
    assert desk.model.total == 2
    qtbot.mouseClick(mine, Qt.MouseButton.LeftButton, pos=box)
    open_story(qtbot, desk, "ferry")
    assert w.findChild(QLabel, "assigneeLabel").text() == "Assigned to you"


def test_the_desk_says_who_else_has_the_story_open_and_asks_before_an_edit(qtbot, room,
                                                                        sam_desk):
    newsroom, ana, _sam = room
    desk, w = sam_desk, sam_desk.window
    dana = newsroom.desk("Dana", admin_desk=ana)
    dana.sync()
    banner = w.findChild(QLabel, "presenceBanner")
    open_story(qtbot, desk, "bridge")
    assert not banner.isVisible()
    assert dana.run("lock", "bridge").stdout.startswith("Sam\thas it open")
    dana.run("lock", "bridge", "--edit")
    with qtbot.waitSignal(desk.newsroom.presence_shown, timeout=30_000):
        desk.newsroom.sync_now()  # every sync asks again
    assert banner.isVisible()
    assert re.match(r"^Dana is editing this story \(since \d\d:\d\d\)$", banner.text())
    # Ctrl+E asks first; Cancel leaves the story as it was
    w.act_edit.trigger()
    box = desk.active_dialog
    assert isinstance(box, QMessageBox) and box.objectName() == "presenceEditBox"
    assert "Dana is editing this story" in box.text() and "Edit it anyway?" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert w.tabs.currentWidget() is not w.editor
    w.act_edit.trigger()
    box = desk.active_dialog
    with qtbot.waitSignal(desk.newsroom.presence_shown, timeout=15_000):
        next(b for b in box.buttons() if b.text() == "Edit anyway").click()
    assert w.tabs.currentWidget() is w.editor
    assert dana.run("lock", "bridge", ok=None).stdout.startswith("Sam\tis editing it")
    desk.editing.discard_edit()
    # another story replaces it: the lock moves; closing the desk lets it go
    open_story(qtbot, desk, "ferry")
    assert not banner.isVisible()
    assert "Sam" not in dana.run("lock", "bridge", ok=None).stdout
    assert dana.run("lock", "ferry").stdout.startswith("Sam\thas it open")
    w.close()
    qtbot.waitUntil(lambda: "Sam" not in dana.run("lock", "ferry").stdout, timeout=15_000)


def test_comment_threads_on_the_selected_claim_travel_with_sync(qtbot, room, desk_at):
    newsroom, ana, sam = room
    made = ana.run("comment", "bridge", "Monday? The council says Tuesday.", "--claim", "0")
    first = made.stdout.split("\t")[0]
    ana.sync()
    desk = desk_at(sam.db)
    with qtbot.waitSignal(desk.newsroom.synced, timeout=30_000):
        pass
    w = desk.window
    panel = w.findChild(QWidget, "commentsPanel")
    open_story(qtbot, desk, "bridge")
    assert panel.title.text().startswith("Comments: select a citation")
    assert not panel.text.isEnabled()
    w.act_next.trigger()  # J: the first citation, on claim 0
    assert panel.title.text().startswith("Comments on “The harbour bridge reopened")
    assert panel.title.text().endswith("1 open, 0 resolved")
    thread = panel.threads.topLevelItem(0)
    assert thread.text(0).startswith("Ana · ") and thread.text(0).endswith(
        "Monday? The council says Tuesday.")
    # reply to the thread, then start another one
    panel.threads.setCurrentItem(thread)
    qtbot.keyClicks(panel.text, "The council page says Monday.")
    with qtbot.waitSignal(desk.comments.comment_added, timeout=15_000):
        panel.reply.click()
    thread = panel.threads.topLevelItem(0)
    assert thread.childCount() == 1 and thread.child(0).text(0).startswith("Sam · ")
    assert panel.text.text() == ""
    panel.threads.setCurrentItem(None)
    qtbot.keyClicks(panel.text, "Reference [1] gives no date.")
    with qtbot.waitSignal(desk.comments.comment_added, timeout=15_000):
        panel.add.click()
    assert panel.threads.topLevelItemCount() == 2
    # resolve the first thread
    panel.threads.setCurrentItem(panel.threads.topLevelItem(0))
    assert panel.resolve.isEnabled()
    with qtbot.waitSignal(desk.comments.thread_resolved, timeout=15_000):
        panel.resolve.click()
    assert panel.title.text().endswith("1 open, 1 resolved")
    assert panel.threads.topLevelItem(0).text(0).startswith("✓ Ana")
    assert not panel.resolve.isEnabled()
    # another claim has threads of its own
    w.act_next.trigger()
    assert panel.title.text().startswith("No comments on “The work cost")
    # they went with the sync that followed: the other desk reads the same threads
    qtbot.waitUntil(lambda: desk.newsroom.pending == 0 and desk.newsroom.state == "synced",
                    timeout=30_000)
    ana.sync()
    threads = json.loads(ana.run("comments", "bridge", "--json").stdout)
    assert [(c["author"], c["parent_id"] == first, c["resolved_by"], c["body"])
            for c in threads] == [
        ("Ana", False, "Sam", "Monday? The council says Tuesday."),
        ("Sam", True, "", "The council page says Monday."),
        ("Sam", False, "", "Reference [1] gives no date.")]


def test_a_decision_the_newsroom_refuses_is_said_in_the_status_bar(qtbot, room, sam_desk):
    desk, w = sam_desk, sam_desk.window
    open_story(qtbot, desk, "bridge")
    desk.window.act_reject.trigger()  # Sam is a checker: only an editor rejects
    dialog = desk.active_dialog
    qtbot.keyClicks(dialog.note, "Invented quote.")
    with qtbot.waitSignal(desk.newsroom.synced, timeout=30_000):
        dialog.ok.click()
    message = w.statusBar().currentMessage()
    assert message.startswith("The newsroom did not apply your reject on bridge: refused"), \
        message
    assert SYNCED.match(w.findChild(QLabel, "newsroomLabel").text())
