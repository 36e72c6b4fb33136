"""The guard for PySide6 6.12.0's reference bug, and a clean exit after a long session.

pyproject excludes 6.12.0, so the installed binding does not drop references and a long
session here cannot show the bug; the guard's decision is tested against fake bindings
instead: one whose void calls really take a reference from None, one that does not.
"""

from __future__ import annotations

import ctypes
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LONG_SESSION = r"""
import sys
from PySide6.QtCore import QTimer
from ui.main import Desk, make_application
from ui.settings import DeskSettings
app = make_application()
desk = Desk(sys.argv[1], DeskSettings.at(sys.argv[2]))
steps = {"n": 0}
def walk():
    c = desk.controller
    if c is None or c.current is None or c.current.report is None:
        QTimer.singleShot(20, walk)
        return
    for _ in range(400):  # thousands of void calls and emits: J, K, N over the story
        c.citations.step_citation(+1)
        c.citations.step_citation(-1, problems=True)
    c.refresh_theme()
    desk.window.close()
desk.loaded.connect(lambda: QTimer.singleShot(0, walk))
desk.show()
QTimer.singleShot(60_000, app.quit)
app.exec()
desk.shutdown()
print("clean exit", flush=True)
"""


def run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "PYTHONFAULTHANDLER": "1"}
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


class _DroppingByteArray:
    """A binding with the 6.12.0 bug: each void call takes a reference from None."""

    def __init__(self, _data: bytes) -> None:
        pass

    def clear(self) -> None:
        ctypes.pythonapi.Py_DecRef(ctypes.py_object(None))


def test_the_probe_sees_a_binding_that_drops_references(monkeypatch):
    import PySide6.QtCore

    from ui import compat

    assert not compat.binding_drops_references()  # the installed binding is sound
    monkeypatch.setattr(PySide6.QtCore, "QByteArray", _DroppingByteArray)
    try:
        assert compat.binding_drops_references()
    finally:
        for _ in range(compat._PROBE_CALLS):  # give None its references back
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))


def test_the_guard_makes_singletons_immortal_only_when_the_binding_needs_it(monkeypatch):
    from ui import compat

    monkeypatch.setattr(compat, "_guarded", False)
    monkeypatch.setattr(compat, "binding_drops_references", lambda: False)
    assert compat.guard_singletons() is False
    assert sys.getrefcount(None) < compat.IMMORTAL_REFCOUNT or sys.version_info >= (3, 12)

    monkeypatch.setattr(compat, "binding_drops_references", lambda: True)
    guarded = compat.guard_singletons()
    if platform.python_implementation() == "CPython" and sys.version_info < (3, 12):
        assert guarded is True
        for singleton in (None, True, False):
            assert sys.getrefcount(singleton) >= compat.IMMORTAL_REFCOUNT
        # idempotent: the probe is not run again
        monkeypatch.setattr(compat, "binding_drops_references", lambda: 1 / 0)
        assert compat.guard_singletons() is True
    else:
        assert guarded is False  # 3.12+ made them immortal itself


def test_make_application_applies_the_guard(monkeypatch):
    import ui.main

    calls = []
    monkeypatch.setattr(ui.main, "guard_singletons", lambda: calls.append(1) or False)
    ui.main.make_application()
    assert calls == [1]


def test_a_long_session_ends_with_a_normal_exit(tmp_path):
    out = run(LONG_SESSION, str(tmp_path / "lib.sqlite3"), str(tmp_path / "s.ini"))
    assert "Fatal Python error" not in out.stderr, out.stderr[-3000:]
    assert out.returncode == 0, out.stderr[-3000:]
    assert "clean exit" in out.stdout
    assert "last_story=" in (tmp_path / "s.ini").read_text(encoding="utf-8")  # synced
