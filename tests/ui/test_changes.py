"""The Changes tab: the word diff runs on a worker and stays fast on a rewrapped story."""

from __future__ import annotations

import json
import random
import textwrap
import threading
import time

from ui.render import word_diff_html

from .helpers import bundle


def _long_story(tmp_path):
    random.seed(7)
    words = [random.choice([f"word{i}" for i in range(600)] + ["the"] * 40)
             for _ in range(5000)]
    path = bundle(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["body"] = "\n".join(textwrap.wrap(" ".join(words), 60)) + "\n\n" + data["body"]
    path.write_text(json.dumps(data), encoding="utf-8")
    return path, data["body"]


def test_a_rewrapped_long_story_diffs_quickly():
    random.seed(3)
    words = " ".join(random.choice([f"w{i}" for i in range(800)] + ["the"] * 50)
                     for _ in range(5000))
    old = "\n".join(textwrap.wrap(words, 60))
    new = "\n".join(textwrap.wrap(words.replace("w17 ", "changed ", 2), 45))
    start = time.monotonic()
    page = word_diff_html(old, new, False)
    assert time.monotonic() - start < 2.0
    assert "changed" in page and "<b>2 changes</b>" in page  # rewrapping is no change


def test_changes_are_compared_on_a_worker_with_a_placeholder(qtbot, desk, tmp_path,
                                                             monkeypatch):
    path, body = _long_story(tmp_path)
    with qtbot.waitSignal(desk.story_checked, timeout=20_000):
        desk.sources.open_files([str(path)])
    import ui.desk.compare as controller_module

    threads = []
    gate = threading.Event()  # holds the worker so the placeholder is surely seen
    real = controller_module.diff_in_worker

    def spy(*args, **kwargs):
        threads.append(threading.get_ident())
        gate.wait(10)
        return real(*args, **kwargs)
    monkeypatch.setattr(controller_module, "diff_in_worker", spy)
    desk.window.act_edit.trigger()
    desk.window.editor.body.setPlainText(
        "\n".join(textwrap.wrap(body.replace("\n", " "), 40)) + " An added sentence.")
    with qtbot.waitSignal(desk.changes_shown, timeout=20_000):
        desk.window.act_save.trigger()
        qtbot.waitUntil(lambda: "Comparing" in desk.window.changes_view.toPlainText(),
                        timeout=10_000)
        gate.set()
    assert threads and threads[0] != threading.get_ident()
    text = desk.window.changes_view.toPlainText()
    assert "Comparing" not in text and "added sentence" in text


def test_a_late_comparison_does_not_replace_another_storys_changes(qtbot, desk, tmp_path,
                                                                  monkeypatch):
    import ui.desk.compare as controller_module

    from .helpers import open_bundle, open_path, second_bundle

    open_bundle(qtbot, desk, tmp_path)
    open_path(qtbot, desk, second_bundle(tmp_path))
    gate = threading.Event()
    real = controller_module.diff_in_worker

    def slow(*args, **kwargs):
        gate.wait(10)
        return real(*args, **kwargs)
    monkeypatch.setattr(controller_module, "diff_in_worker", slow)
    desk.window.act_changes.trigger()  # ferry-2's comparison waits on the gate
    stale = desk.compare.task
    monkeypatch.setattr(controller_module, "diff_in_worker", real)
    with qtbot.waitSignal(desk.story_opened):
        desk.open_story("harbour-1")
    with qtbot.waitSignal(desk.changes_shown, timeout=10_000) as shown:
        desk.window.act_changes.trigger()
    assert shown.args == ["harbour-1"]
    with qtbot.waitSignal(stale.ended, timeout=10_000):
        gate.set()
    assert "Rosyth" not in desk.window.changes_view.toPlainText()
    assert "Leith" in desk.window.changes_view.toPlainText()
