"""A scripted day: two, then ten desks, each a separate process with its own library.

Offline periods, the server stopped (between syncs and in the middle of them), a desk
killed with SIGKILL in the middle of a push. At the end: every event a desk saved is on
the server exactly once, and every desk holds the same stories, states and log head.
"""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from tests.newsroom.desks import finish, side_by_side

NAMES = ["Ana", "Ben", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ida", "Jo"]
STORIES = ["bridge", "ferry", "tram", "park"]

MANY_COMMENTS = """
from app.library import Library
from app.newsroom.collab import add_comment
with Library() as library:
    for i in range({count}):
        add_comment(library, "bridge", 0, "note %d from {name}" % i, "{name}")
"""


def server_events(watch) -> int:
    return int(watch.execute("SELECT count(*) FROM copydesk.events").fetchone()[0])


def wait_for(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.002)


@pytest.mark.parametrize("size", [2, 10])
def test_a_day_in_the_newsroom(newsroom, size):
    ana = newsroom.desk("Ana")
    roles = ["editor" if i % 3 == 0 else "checker" for i in range(1, size)]
    others = newsroom.add_desks(ana, NAMES[1:size], roles)
    desks = [ana, *others]

    # Morning: Ana brings in the stories; every desk takes the queue.
    files = []
    for story in STORIES:
        path = ana.home / f"{story}.json"
        from tests.app.helpers import bundle

        path.write_text(json.dumps(bundle(id=story, title=f"The {story} story")))
        files.append(str(path))
    ana.run("import", *files)
    ana.sync()
    side_by_side(desks, "sync")
    assert all(set(d.states()) == set(STORIES) for d in desks)

    # Offline: every desk decides and comments without reaching the server.
    finish([desk.start("review", STORIES[i % len(STORIES)], "--approve", "--despite-open")
            for i, desk in enumerate(desks)])
    finish([desk.start("comment", STORIES[(i + 1) % len(STORIES)], f"checked by {desk.name}",
                       "--claim", "0") for i, desk in enumerate(desks)])
    # ... and the server is down when they try.
    newsroom.postgres.stop()
    codes = side_by_side(desks, "sync", ok=False)
    assert set(codes) == {1}
    assert all(d.pending() >= 2 for d in desks)

    # The server comes back, and goes away again while the desks are syncing: it stops
    # the moment the first of their events arrives (one event per round trip, so every
    # push takes several), with most of the day's work still on its way.
    newsroom.postgres.start()
    on_the_way = sum(d.pending() for d in desks)
    with newsroom.postgres.connect(newsroom.database) as watch:
        before = server_events(watch)
        running = [d.start("sync", env={"COPYDESK_SYNC_BATCH": "1"}) for d in desks]
        wait_for(lambda: server_events(watch) > before, "the first event of the syncs")
        newsroom.postgres.stop_now()
    said = [p.communicate(timeout=120)[1] for p in running]
    assert {p.returncode for p in running} <= {0, 1}
    assert 1 in {p.returncode for p in running}
    newsroom.postgres.start()
    with newsroom.postgres.connect(newsroom.database) as watch:
        arrived = server_events(watch) - before
    # stopped in the middle of the desks' syncs: some of the work had not arrived, or a
    # desk was cut off while it pulled
    assert arrived > 0
    assert arrived < on_the_way or any("went away mid-sync" in err for err in said)

    # A desk killed in the middle of a long push.
    victim = desks[-1]
    victim.script(MANY_COMMENTS.format(count=300, name=victim.name))
    with newsroom.postgres.connect(newsroom.database) as watch:
        push = victim.start("sync", env={"COPYDESK_SYNC_BATCH": "10"})
        wait_for(lambda: watch.execute(
            "SELECT count(*) FROM copydesk.events WHERE login = %s AND action = 'comment'",
            [victim.login]).fetchone()[0] >= 12, "the victim's second batch")
        os.kill(push.pid, signal.SIGKILL)
        push.communicate()
    assert push.returncode == -signal.SIGKILL
    assert 0 < victim.pending() < 300 + 2

    # Evening: everyone syncs until the newsroom is quiet.
    side_by_side(desks, "sync")
    side_by_side(desks, "sync")

    server_ids = {r[0]: int(r[1]) for r in newsroom.server(
        "SELECT event_id, count(*) FROM copydesk.events GROUP BY event_id")}
    for desk in desks:
        assert desk.pending() == 0
        saved = desk.saved()
        missing = [i for i in saved if server_ids.get(i) != 1]
        assert not missing, f"{desk.name}: {len(missing)} saved event(s) not on the server once"
    chain = newsroom.server("SELECT seq, head FROM copydesk.chain")[0]
    stories = newsroom.server("SELECT id, status, revision FROM copydesk.stories ORDER BY id")
    want = {row[0]: (row[1], row[2]) for row in stories}
    for desk in desks:
        assert desk.head() == (int(chain[0]), chain[1]), desk.name
        assert desk.states() == want, desk.name
        assert desk.sql("SELECT COUNT(*) FROM comments")[0][0] == int(
            newsroom.server("SELECT count(*) FROM copydesk.comments")[0][0])
    # each story was approved by the desks that approved it, each counted once
    approvals = newsroom.server("SELECT story_id, count(*), count(DISTINCT login) "
                                "FROM copydesk.approvals GROUP BY story_id")
    assert all(r[1] == r[2] for r in approvals)
