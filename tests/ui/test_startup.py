"""Cold start: the window paints before the core loads, and heavy modules wait for use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("app", "sqlite_utils", "markdown", "nh3", "rapidfuzz", "httpx", "trafilatura")

STARTUP = r"""
import json, sys
import PySide6.QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QMenu
from ui.main import Desk, make_application
from ui.settings import DeskSettings
seen = {}
def loaded_now():
    return sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.argv[3])))
seen["after import"] = loaded_now()
app = make_application()
desk = Desk(sys.argv[1], DeskSettings.at(sys.argv[2]))
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            seen.setdefault("at first paint", loaded_now())
            # PySide6 adds the Qt namespace to the module when it first creates it
            seen.setdefault("Qt namespace at first paint", "Qt" in vars(PySide6.QtCore))
            seen.setdefault("menus at first paint",
                            [m.title() for m in desk.window.menuBar().findChildren(QMenu)])
            seen.setdefault("status at first paint", desk.window.task_label.text())
        return False
first = FirstPaint(); desk.window.installEventFilter(first)
def opened(_id):
    seen["story opened"] = loaded_now()
    seen["story"] = desk.controller.current.id
    desk.window.close()
def loaded():
    if desk.controller.current is not None:
        opened(desk.controller.current.id)
    else:
        desk.controller.story_opened.connect(opened)
desk.loaded.connect(loaded)
desk.show()
QTimer.singleShot(30_000, app.quit)
app.exec()
desk.shutdown()
print(json.dumps(seen))
"""


def test_window_paints_before_the_core_and_network_modules_load(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", STARTUP, str(tmp_path / "lib.sqlite3"), str(tmp_path / "s.ini"),
         json.dumps(HEAVY)], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["after import"] == []
    assert seen["at first paint"] == []
    # The first frame is the real window: its menu titles and what it is doing...
    assert seen["menus at first paint"][:2] == ["&File", "&Story"]
    assert seen["status at first paint"] == "Opening the library…"
    # ...built without PySide6's Qt namespace, whose first use creates all 93 of its
    # enums (~20 ms, more than the rest of the frame): they wait for the second turn.
    assert seen["Qt namespace at first paint"] is False
    # the first story is open; fetching and publishing are still not imported
    assert seen["story"]
    assert "httpx" not in seen["story opened"] and "trafilatura" not in seen["story opened"]
    assert "app" in seen["story opened"]
