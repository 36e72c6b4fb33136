"""The desk survives a long session and exits normally (no os._exit needed).

PySide6 6.12.0 takes a reference from None on every void call and from True on every
emit; on CPython 3.11 that aborts the interpreter ("deallocating None") once the count
reaches zero. ``ui.compat.guard_singletons`` prevents it; these tests prove it in a
fresh interpreter, where the counts start small.
"""

from __future__ import annotations

import os
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
        c.step_citation(+1)
        c.step_citation(-1, problems=True)
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


def test_many_qt_calls_do_not_free_none():
    out = run("import sys\n"
              "from ui.main import make_application\n"
              "from PySide6.QtWidgets import QLabel\n"
              "app = make_application(); label = QLabel()\n"
              "for _ in range(50_000): label.setText('x'); label.windowTitleChanged.emit('t')\n"
              "print('survived')\n")
    assert out.returncode == 0, out.stderr[-2000:]
    assert "survived" in out.stdout


def test_a_long_session_ends_with_a_normal_exit(tmp_path):
    out = run(LONG_SESSION, str(tmp_path / "lib.sqlite3"), str(tmp_path / "s.ini"))
    assert "Fatal Python error" not in out.stderr, out.stderr[-3000:]
    assert out.returncode == 0, out.stderr[-3000:]
    assert "clean exit" in out.stdout
    assert "last_story=" in (tmp_path / "s.ini").read_text(encoding="utf-8")  # synced
