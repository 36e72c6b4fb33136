"""Render a desk joined to a newsroom to a PNG, against a throwaway PostgreSQL:
``python -m tests.ui.newsroom_screenshot docs/newsroom-desk.png``.

Ana (the admin) imports the bundled samples and gives the best-sourced one to Sam;
Ana and Dana comment on the claim Sam will look at, Ana resolves hers, and Dana opens
the story to edit it. Sam's desk then syncs, selects a citation, replies to Dana's
thread through the panel, and is grabbed with the lock banner and the threads in view.
Needs PostgreSQL's binaries, as tests/newsroom does (tests/newsroom/pg.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.ui.newsroom_screenshot")
    parser.add_argument("output", nargs="?", default="docs/newsroom-desk.png")
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="copydesk-nrshot-"))
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["COPYDESK_THEME"] = "dark" if args.dark else "light"
    # This process is Sam's desk: its keyring is the file the join below writes.
    os.environ["PYTHON_KEYRING_BACKEND"] = "tests.servers.support.FileKeyring"
    os.environ["COPYDESK_TEST_KEYRING"] = str(root / "Sam" / "keyring.json")

    from tests.newsroom.conftest import make_newsroom
    from tests.newsroom.pg import remove, start_postgres

    server = start_postgres()
    try:
        return _shoot(make_newsroom(server, root), root, Path(args.output))
    finally:
        remove(server)


def _shoot(newsroom, root: Path, out: Path) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEventLoop

    from app.reviewers import enrol_every_name
    from app.samples import sample_story_files
    from ui.main import build_desk, make_application
    from ui.settings import DeskSettings

    ana = newsroom.desk("Ana")
    dana = newsroom.desk("Dana", role="editor", admin_desk=ana)
    sam = newsroom.desk("Sam", admin_desk=ana)
    for path in sample_story_files():
        ana.run("import", str(path))
    ranked = ana.sql(
        "SELECT s.id FROM stories s LEFT JOIN story_references r ON r.story_id = s.id "
        "LEFT JOIN snapshots n ON n.id = r.snapshot_id AND n.status = 'ok' "
        "GROUP BY s.id ORDER BY COUNT(n.id) DESC, s.title")
    story_id, other = ranked[0][0], ranked[1][0]
    ana.run("assign", story_id, "Sam")
    ana.run("assign", other, "Dana")
    ana.sync()

    app = make_application()

    def wait(done: Callable[[], object], what: str, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout_s:.0f} s for {what}")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.02)

    enrol_every_name(True)  # Sam's first decision would register his key; none is made
    settings = DeskSettings.at(str(root / "settings.ini"))
    settings.reviewer_name = "Sam"
    desk = build_desk(str(sam.db), settings)
    desk.window.resize(1400, 900)
    desk.window.show()
    nr = desk.newsroom
    wait(lambda: nr.state == "synced", "the first sync")
    desk.open_story(story_id)
    wait(lambda: desk.current is not None and desk.current.report is not None, "the check")
    c = desk.current
    preference = ("contradicted", "partial", "supported", "unsupported")
    keys = sorted((k for k in desk.order if (cit := c.citation(k)) and cit.evidence_span),
                  key=lambda k: preference.index(c.citation(k).effective_verdict)
                  if c.citation(k).effective_verdict in preference else 9)
    key = keys[0] if keys else desk.order[0]
    claim = str(key[0])

    # the others, at their own computers
    ana.sync()
    made = ana.run("comment", story_id, "Is the snapshot from January still current?",
                   "--claim", claim)
    ana.run("comment", story_id, "--resolve", made.stdout.split("\t")[0])
    ana.sync()
    dana.sync()
    dana.run("comment", story_id, "The source gives a different figure here. Which one "
             "do we print?", "--claim", claim)
    dana.sync()
    dana.run("lock", story_id, "--edit")

    panel = desk.comments.panel
    nr.sync_now()
    wait(lambda: nr.sync_task is None and nr.state == "synced", "a sync")
    desk.citations.select_citation(key)
    wait(lambda: panel.threads.topLevelItemCount() == 2, "the threads")
    wait(lambda: nr.bar.presence.text().startswith("Dana"), "the lock banner")
    thread = next(panel.threads.topLevelItem(i) for i in range(2)
                  if panel.threads.topLevelItem(i).text(0).startswith("Dana"))
    panel.threads.setCurrentItem(thread)
    panel.text.setText("I'll check the council's own page and come back.")
    added: list[str] = []
    desk.comments.comment_added.connect(added.append)
    panel.reply.click()
    wait(lambda: added and nr.state == "synced" and nr.pending == 0, "the reply's sync")
    panel.threads.setCurrentItem(panel.threads.topLevelItem(1))
    wait(lambda: nr.bar.presence.text().startswith("Dana"), "the lock banner again")
    time.sleep(0.3)
    app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    ok = desk.window.grab().save(str(out))
    print(f"{'saved' if ok else 'FAILED to save'} {out}")
    desk.shutdown()
    desk.library.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
