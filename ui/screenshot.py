"""Render the desk to a PNG: ``python -m ui.screenshot docs/screenshot.png [--dark]``.

It builds a throwaway library from the bundled samples, opens a sample whose sources
are snapshotted, selects a citation that has an evidence passage, and grabs the window.
Runs offscreen unless a display is set (then it uses the real window system).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshot")
    parser.add_argument("output", nargs="?", default="docs/screenshot.png")
    parser.add_argument("--dark", action="store_true", help="use the dark palette")
    parser.add_argument("--story", help="story id to show (default: a sample with snapshots)")
    parser.add_argument("--size", default="1400x900")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["COPYDESK_THEME"] = "dark" if args.dark else "light"

    from PySide6.QtCore import QTimer

    from ui.main import build_desk, make_application
    from ui.settings import DeskSettings

    app = make_application()
    folder = Path(tempfile.mkdtemp(prefix="copydesk-shot-"))
    settings = DeskSettings.at(str(folder / "settings.ini"))
    settings.reviewer_name = "Sam Reviewer"
    desk = build_desk(str(folder / "library.sqlite3"), settings)
    width, height = (int(x) for x in args.size.split("x"))
    desk.window.resize(width, height)
    desk.window.show()
    state = {"picked": False, "code": 1}

    def pick_story(_results: object = None) -> None:
        from app.library import list_stories, load_story

        desk.model.reload()
        rows = list_stories(desk.library)
        wanted = args.story
        if not wanted:
            def snapped(story_id: str) -> int:
                story = load_story(desk.library, story_id)
                return sum(1 for r in story.references if r.snapshot and r.snapshot.usable)
            wanted = max(rows, key=lambda r: (snapped(r.id), r.title)).id
        desk.story_checked.connect(select_citation)
        desk.open_story(wanted)

    def select_citation(_story_id: str) -> None:
        if state["picked"]:
            return
        state["picked"] = True
        c = desk.current
        assert c is not None
        preference = ("contradicted", "partial", "supported", "unsupported")
        candidates = [(k, cit) for k in desk.order
                      if (cit := c.citation(k)) and cit.evidence_span]
        candidates.sort(key=lambda pair: preference.index(pair[1].effective_verdict)
                        if pair[1].effective_verdict in preference else 9)
        if candidates:
            desk.citations.select_citation(candidates[0][0])
        QTimer.singleShot(400, grab)

    def grab() -> None:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        ok = desk.window.grab().save(str(out))
        print(f"{'saved' if ok else 'FAILED to save'} {out}")
        state["code"] = 0 if ok else 1
        desk.window.close()
        app.quit()

    from app.library import count_stories
    from ui.desk.controller import import_samples

    if count_stories(desk.library) == 0:
        desk.runner.start("samples", import_samples, desk.db_path,
                          on_success=pick_story, cancellable=False)
    else:
        pick_story()
    QTimer.singleShot(60_000, app.quit)  # never hang a build
    app.exec()
    return int(state["code"])


if __name__ == "__main__":
    sys.exit(main())
