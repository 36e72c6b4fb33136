"""Review desk benchmark (run on demand): ``python tests/benchmarks/bench_ui.py``.

* cold start to the first painted window with the sample library, as a ratio to a bare
  PySide6 window measured in the same run (each in a fresh process, median of 5);
* opening a story: from ``open_story`` to the checked story rendered (median of 10);
* a 100,000-story library: queue shown (model counted, first page fetched and painted)
  and the resident memory of that process.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
ENV = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
       "PYTHONPATH": str(ROOT)}

BARE = r"""
import time; t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("bare")); w.resize(1400, 900); w.show()
def done():
    w.repaint(); print(time.perf_counter() - t0); app.quit()
QTimer.singleShot(0, done); app.exec()
"""

DESK = r"""
import sys, time; t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from ui.main import build_desk, make_application
from ui.settings import DeskSettings
app = make_application()
desk = build_desk(sys.argv[1], DeskSettings.at(sys.argv[2]))
desk.window.resize(1400, 900); desk.window.show(); desk.start(None)
def done():
    desk.window.repaint(); print(time.perf_counter() - t0, flush=True)
    desk.window.close(); app.quit()
QTimer.singleShot(0, done); app.exec()
import os; os._exit(0)
"""

OPEN = r"""
import sys, time, json, statistics
from PySide6.QtCore import QEventLoop, QTimer
from ui.main import build_desk, make_application
from ui.settings import DeskSettings
from app.library import list_stories
app = make_application()
desk = build_desk(sys.argv[1], DeskSettings.at(sys.argv[2]))
desk.window.resize(1400, 900); desk.window.show()
ids = [r.id for r in list_stories(desk.library)]
times = {}
for round_ in range(10):
    for story_id in ids:
        loop = QEventLoop()
        desk.story_checked.connect(loop.quit)
        t = time.perf_counter()
        desk.open_story(story_id)
        QTimer.singleShot(10_000, loop.quit)
        loop.exec()
        desk.story_checked.disconnect(loop.quit)
        desk.window.story_view.viewport().repaint()
        times.setdefault(story_id, []).append(time.perf_counter() - t)
        desk.current = None
print(json.dumps({k: statistics.median(v) for k, v in times.items()}), flush=True)
desk.window.close()
import os; os._exit(0)  # see ui/main.py: PySide6 6.12 can crash in finalisation
"""

BIG = r"""
import sys, time, json
t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from ui.main import make_application
app = make_application()
from app.library import Library
from ui.queue_model import StoryQueueModel
from ui.views.panels import QueuePanel
t = time.perf_counter()
library = Library(sys.argv[1])
model = StoryQueueModel(library)
panel = QueuePanel(); panel.table.setModel(model); panel.fit_columns()
panel.resize(400, 900); panel.show(); model.fetchMore(); panel.table.viewport().repaint()
shown = time.perf_counter() - t
# scroll to the bottom the way a user would, a page at a time
t = time.perf_counter()
pages = 0
while model.canFetchMore() and pages < 50:
    panel.table.scrollToBottom(); app.processEvents(); pages += 1
scroll = (time.perf_counter() - t) / max(pages, 1)
rss = 0
for line in open("/proc/self/status"):
    if line.startswith("VmRSS:"):
        rss = int(line.split()[1]) / 1024
print(json.dumps({"shown": shown, "rows": model.total, "rss_mb": rss,
                  "scroll_page": scroll, "loaded": model.rowCount()}), flush=True)
import os; os._exit(0)
"""


def run(code: str, *args: str) -> str:
    out = subprocess.run([PY, "-c", code, *args], env=ENV, capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return out.stdout.strip().splitlines()[-1]


def make_big_library(path: Path, n: int = 100_000) -> None:
    code = r"""
import sys, json
from app.library import Library
lib = Library(sys.argv[1])
summary = json.dumps({"supported": 3, "partial": 1, "unsupported": 1, "unavailable": 0,
                      "dangling": 0, "claims": 5, "citations": 5})
with lib.transaction() as conn:
    conn.executemany(
        "INSERT INTO stories (id, title, dek, body, status, revision, updated_at, summary) "
        "VALUES (?, ?, '', ?, ?, ?, ?, ?)",
        [(f"s{i:07d}", f"Story number {i} about harbours and cargo", "Body text [1].",
          ("new", "in_review", "approved")[i % 3], f"r{i}",
          f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00Z", summary)
         for i in range(int(sys.argv[2]))])
"""
    subprocess.run([PY, "-c", code, str(path), str(n)], env=ENV, cwd=ROOT, check=True)


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="copydesk-bench-"))
    try:
        sample_db = work / "samples.sqlite3"
        # warm the sample library once (first run imports the samples)
        run(DESK, str(sample_db), str(work / "s.ini"))
        bare = [float(run(BARE)) for _ in range(5)]
        desk = [float(run(DESK, str(sample_db), str(work / "s.ini"))) for _ in range(5)]
        opens = json.loads(run(OPEN, str(sample_db), str(work / "s2.ini")))
        big_db = work / "big.sqlite3"
        t = time.perf_counter()
        make_big_library(big_db)
        build = time.perf_counter() - t
        big = json.loads(run(BIG, str(big_db)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    b, d = statistics.median(bare), statistics.median(desk)
    rows = [
        ("bare PySide6 window, first paint (median of 5)", f"{b * 1000:.0f} ms", ""),
        ("desk with the sample library, first paint (median of 5)", f"{d * 1000:.0f} ms", ""),
        ("cold start ratio desk / bare", f"{d / b:.2f}", "<= 2.0"),
        ("open a story, slowest sample (median of 10)",
         f"{max(opens.values()) * 1000:.0f} ms", "<= 100 ms"),
        ("open a story, fastest sample (median of 10)",
         f"{min(opens.values()) * 1000:.0f} ms", ""),
        (f"100,000-story library (built in {build:.1f} s): queue shown",
         f"{big['shown'] * 1000:.0f} ms", "<= 300 ms"),
        ("  scrolling: one more page of 200 rows", f"{big['scroll_page'] * 1000:.1f} ms", ""),
        ("  resident memory after loading "
         f"{big['loaded']:,} rows", f"{big['rss_mb']:.0f} MB", "<= 300 MB"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'value':>10}  target")
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>10}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
