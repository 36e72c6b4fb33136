"""``copydesk --self-test``: prove a build works end to end, offscreen, then exit 0.

Opens a bundled sample, runs the checks, renders the story in a text document,
and writes and reads a temporary library. Prints one line per step.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QApplication

    from app import __version__
    from app.check import check_story
    from app.library import Library, list_stories, load_story
    from app.parse import load_story_file
    from app.resources import sample_story_files
    from app.samples import import_samples_if_empty

    def step(name: str, ok: bool, detail: str = "") -> None:
        print(f"self-test: {name}: {'ok' if ok else 'FAILED'}{' — ' + detail if detail else ''}",
              flush=True)
        if not ok:
            raise SystemExit(1)

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    step("Qt", True, f"copydesk {__version__}, platform {app.platformName()}")
    samples = sample_story_files()
    step("bundled samples", bool(samples), f"{len(samples)} files")
    story = load_story_file(samples[0])
    report = check_story(story)
    step("check", report.summary["claims"] > 0,
         f"“{story.title}”: {report.summary['claims']} claims, {len(report.findings)} findings")
    import markdown
    document = QTextDocument()
    document.setHtml(markdown.markdown(story.body))
    rendered = document.toPlainText()
    step("render", len(rendered) > 100, f"{len(rendered)} characters")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "self-test.sqlite3"
        with Library(path) as library:
            imported = import_samples_if_empty(library)
        with Library(path) as library:
            rows = list_stories(library)
            again = load_story(library, rows[0].id) if rows else None
        step("library", len(rows) == len(imported) > 0 and again is not None,
             f"{len(rows)} stories written and read back")
    step("done", True, f"{time.perf_counter() - started:.2f} s")
    return 0
