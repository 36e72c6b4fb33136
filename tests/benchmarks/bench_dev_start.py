"""How long ``packaging/dev run`` takes to a usable desk when nothing needs installing
(issue 13: it reinstalled on every start, 16 s to a window the second time).

    .venv/bin/python tests/benchmarks/bench_dev_start.py [--runs 5]

"Usable" is the moment bench_ui.py calls "story": the window painted, the library
loaded and the first story's text shown; the desk then quits. A ``sitecustomize``
module on PYTHONPATH, in a temporary folder, adds that quit to the desk as it starts;
nothing in the program is changed for it. Each row is the median of the runs, from the
shell's start of the command to the process's exit (``time.perf_counter`` around it).
Target: <= 2 s for ``packaging/dev run`` (README).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Loaded by Python at start (site), in the copydesk process only: it waits for ui.main
# to be imported, then makes the desk quit once its first story is shown.
HOOK = r'''
import importlib.abc, importlib.util, sys

class _AfterImport(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "ui.main":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            _patch(module)
        spec.loader.exec_module = exec_module
        return spec

def _patch(main):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    original = main.Desk.__init__
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        def quit_soon(*_):
            self.window.story_view.viewport().repaint()
            QTimer.singleShot(0, QApplication.quit)
        def loaded():
            if self.controller.current is not None:
                quit_soon()
            else:
                self.controller.story_opened.connect(quit_soon)
        self.loaded.connect(loaded)
        QTimer.singleShot(60_000, QApplication.quit)
    main.Desk.__init__ = __init__

sys.meta_path.insert(0, _AfterImport())
'''


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=120)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        hook = Path(folder) / "hook"
        hook.mkdir()
        (hook / "sitecustomize.py").write_text(HOOK)
        db = Path(folder) / "library.sqlite3"
        env = {**os.environ, "PYTHONPATH": str(hook),
               "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "XDG_CONFIG_HOME": folder, "XDG_DATA_HOME": folder, "XDG_STATE_HOME": folder}
        commands = {
            "packaging/dev run": [str(ROOT / "packaging" / "dev"), "run", "--db", str(db)],
            ".venv/bin/copydesk": [str(ROOT / ".venv" / "bin" / "copydesk"), "--db", str(db)],
        }
        timed(commands["packaging/dev run"], env)  # installs if needed; first-run samples
        print(f"{'command (to a usable desk)':<30}{'median':>9}{'min':>8}{'max':>8}")
        for name, command in commands.items():
            times = [timed(command, env) for _ in range(runs)]
            print(f"{name:<30}{statistics.median(times):>8.2f}s{min(times):>7.2f}s"
                  f"{max(times):>7.2f}s")
    return 0


if __name__ == "__main__":
    if shutil.which("bash") is None:
        sys.exit("bash is needed")
    sys.exit(main())
