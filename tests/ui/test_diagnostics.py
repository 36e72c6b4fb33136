"""An unexpected error shows a dialog and lands in the log file, and the desk lives on."""

import logging
import sys

from PySide6.QtWidgets import QMessageBox

from ui import diagnostics


def test_unhandled_error_is_logged_with_traceback_and_shown_once(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(diagnostics, "log_dir", lambda: tmp_path)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.delattr(root, "_copydesk_installed", raising=False)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    diagnostics.install_logging()
    dialog = diagnostics.ErrorDialog()
    diagnostics.install_exception_hook(dialog)

    def broken_slot():
        raise ValueError("reference 7 has no snapshot row")

    for _ in range(3):  # the same slot failing again must not stack dialogs
        try:
            broken_slot()
        except ValueError:
            sys.excepthook(*sys.exc_info())

    box = dialog._box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "reference 7 has no snapshot row" in box.text()
    assert "2 more error(s)" in box.informativeText()
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = (tmp_path / "desk.log").read_text()
    assert "Traceback" in logged and "broken_slot" in logged
    box.close()


def test_errors_on_worker_threads_are_shown_by_the_gui_thread(qtbot, tmp_path, monkeypatch):
    import threading

    monkeypatch.setattr(diagnostics, "log_dir", lambda: tmp_path)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    dialog = diagnostics.ErrorDialog()
    shown_on = []

    def sink(message):
        shown_on.append((threading.get_ident(), message))
        dialog(message)
    diagnostics.install_exception_hook(sink)
    gui = threading.get_ident()

    def runnable_escape():  # what PySide does when an exception leaves QRunnable.run
        try:
            raise RuntimeError("escaped a worker")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())

    def thread_crash():
        raise LookupError("thread died")

    for target in (runnable_escape, thread_crash):
        worker = threading.Thread(target=target)
        worker.start()
        worker.join()
    qtbot.waitUntil(lambda: len(shown_on) == 2, timeout=5000)
    assert [who for who, _ in shown_on] == [gui, gui]
    assert "escaped a worker" in shown_on[0][1] and "thread died" in shown_on[1][1]
    assert dialog._box.isVisible() and "escaped a worker" in dialog._box.text()
    dialog._box.close()
