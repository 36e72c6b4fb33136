"""The check of the open story: the status bar's Cancel, a cancelled check, stale results."""

from __future__ import annotations

import threading

import ui.desk.reading as controller_module
from app.check import CheckCancelled
from app.library import Library, load_story
from ui import core_adapter
from ui.tasks import TaskCancelled

from .helpers import open_bundle

real_check = controller_module.check_in_worker


def gated_check(gate: threading.Event, honour_cancel: bool = True):
    """A check that waits for ``gate`` (or, if it honours it, a cancel) before running."""
    def check(story, overrides, progress=None, cancelled=None):
        while not gate.wait(0.01):
            if honour_cancel and cancelled():
                raise CheckCancelled()
        return real_check(story, overrides, progress=progress, cancelled=cancelled)
    return check


def slow_visible(progress=None, cancelled=None):
    while not cancelled():
        threading.Event().wait(0.01)
    raise TaskCancelled()


def test_status_bar_cancel_stops_the_shown_task_not_the_check(qtbot, desk, tmp_path,
                                                             monkeypatch):
    open_bundle(qtbot, desk, tmp_path)
    gate = threading.Event()
    monkeypatch.setattr(controller_module, "check_in_worker", gated_check(gate))
    desk.window.act_recheck.trigger()
    check = desk.check_task
    other = desk.runner.start("Fetching sources…", slow_visible)
    assert desk.window.task_label.text().startswith("Fetching sources…")
    with qtbot.waitSignal(other.cancelled, timeout=5000):
        qtbot.mouseClick(desk.window.task_cancel, qtbot_button())
    assert not check.is_cancelled()
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        gate.set()
    assert "checking…" not in desk.window.story_status.text()


def test_a_cancelled_check_says_so_and_f5_checks_again(qtbot, desk, tmp_path, monkeypatch):
    open_bundle(qtbot, desk, tmp_path)
    gate = threading.Event()
    monkeypatch.setattr(controller_module, "check_in_worker", gated_check(gate))
    desk.window.act_recheck.trigger()
    assert "checking…" in desk.window.story_status.text()
    with qtbot.waitSignal(desk.check_task.ended, timeout=5000):
        qtbot.mouseClick(desk.window.task_cancel, qtbot_button())
    assert "check cancelled — F5 to check again" in desk.window.story_status.text()
    gate.set()
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.window.act_recheck.trigger()
    status = desk.window.story_status.text()
    assert "checking…" not in status and "cancelled" not in status


def test_an_older_check_finishing_late_does_not_undo_an_override(qtbot, desk, tmp_path,
                                                                  monkeypatch):
    open_bundle(qtbot, desk, tmp_path)
    gate = threading.Event()
    gate.set()
    monkeypatch.setattr(controller_module, "check_in_worker",
                        gated_check(gate, honour_cancel=False))
    desk.window.act_recheck.trigger()
    stale = desk.check_task
    desk.runner.pool.waitForDone(10_000)  # its result waits in the GUI thread's queue
    monkeypatch.setattr(controller_module, "check_in_worker", real_check)
    with Library(desk.db_path) as library:  # an override lands meanwhile
        story = load_story(library, "harbour-1")
        core_adapter.save_override(library, "harbour-1", story.revision, 2, 2, "supported",
                                   "Heard it on the radio.", "Test Reviewer")
    seen = []
    desk.story_checked.connect(
        lambda _id: seen.append(desk.current.citation((2, 2)).effective_verdict))
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.open_story("harbour-1", keep_selection=True)
    qtbot.waitUntil(lambda: stale.finished_flag, timeout=5000)
    assert seen == ["supported"]
    assert desk.current.citation((2, 2)).override is not None


def test_a_task_cancelled_before_its_result_arrives_reports_cancelled(qtbot, desk):
    task = desk.runner.start("Quick", lambda progress=None, cancelled=None: 42)
    outcomes = []
    task.succeeded.connect(lambda v: outcomes.append(("succeeded", v)))
    task.cancelled.connect(lambda: outcomes.append(("cancelled",)))
    desk.runner.pool.waitForDone(5000)  # the worker is done; its result waits in the queue
    task.cancel()
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert outcomes == [("cancelled",)]


def qtbot_button():
    from PySide6.QtCore import Qt
    return Qt.MouseButton.LeftButton
