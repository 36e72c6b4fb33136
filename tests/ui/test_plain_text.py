"""Text that comes from a story file, a site or a path is shown as text, never as markup."""

from __future__ import annotations

import json
import threading

from PySide6.QtCore import Qt

from .helpers import bundle

PLAIN = Qt.TextFormat.PlainText


def test_remote_and_story_text_is_shown_as_plain_text(qtbot, desk, tmp_path):
    path = bundle(tmp_path, "<b>bold<b>.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["title"] = "<b>Big</b> <a href='x'>news</a>"
    path.write_text(json.dumps(data), encoding="utf-8")
    gate = threading.Event()
    task = desk.runner.start("Importing <b>bold<b>.json…",
                             lambda progress=None, cancelled=None: gate.wait(5))
    assert desk.window.task_label.textFormat() == PLAIN
    assert "<b>bold<b>.json" in desk.window.task_label.text()
    with qtbot.waitSignal(task.ended):
        gate.set()
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.sources.open_files([str(path)])
    desk.window.act_approve.trigger()
    prompt = desk.active_dialog.prompt
    assert prompt.textFormat() == PLAIN and "<b>Big</b>" in prompt.text()
    desk.active_dialog.reject()
    desk.dialogs.show_error("the site said: <h1>502 Bad Gateway</h1>")
    assert desk.active_dialog.textFormat() == PLAIN
    desk.active_dialog.close()
    assert desk.window.outbox.detail.textFormat() == PLAIN
