"""Newsroom benchmark (issue 14): many desks deciding at once through one PostgreSQL.

    .venv/bin/python tests/benchmarks/bench_newsroom.py [--desks 50] [--decisions 200]
        [--sync-every 5]

Starts a throwaway PostgreSQL on loopback (tests/newsroom/pg.py; as root it runs as the
``postgres`` user), creates a newsroom and one login per desk, and runs every desk as a
thread with its own library file and its own connection per sync. Each desk takes its
own story through review: 200 signed decisions alternating "request changes" and
"reopen" (valid whatever the other desks do, so every decision counts), syncing after
every ``--sync-every`` decisions. Printed: decisions per second arriving on the
server, and the time from a decision being saved on its desk to its first arrival on
ANOTHER desk (median, 95th percentile, max). Ends with a check that every saved event
is on the server exactly once and every desk holds the same log head.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import keyring  # noqa: E402

from app import workflow  # noqa: E402
from app.library import Library, import_story  # noqa: E402
from app.newsroom.connection import connect  # noqa: E402
from app.newsroom.desk import join_newsroom  # noqa: E402
from app.newsroom.server import add_reviewer  # noqa: E402
from app.newsroom.sync import sync  # noqa: E402
from app.parse import parse_story  # noqa: E402
from tests.app.helpers import bundle  # noqa: E402
from tests.newsroom.pg import remove, start_postgres  # noqa: E402
from tests.servers.support import MemoryKeyring  # noqa: E402


class Passwords:
    """One desk's keyring entry for the newsroom password, in memory."""

    def __init__(self) -> None:
        self.entries: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.entries.get(key)

    def set(self, key: str, secret: str) -> None:
        self.entries[key] = secret

    def delete(self, key: str) -> None:
        self.entries.pop(key, None)


class Arrivals:
    """When each event was saved, and when another desk first pulled it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.saved: dict[str, tuple[float, str]] = {}
        self.arrived: dict[str, float] = {}

    def save(self, event_id: str, desk: str) -> None:
        with self.lock:
            self.saved[event_id] = (time.perf_counter(), desk)

    def seen(self, event_ids: list[str], desk: str, now: float) -> None:
        with self.lock:
            for event_id in event_ids:
                origin = self.saved.get(event_id)
                if origin and origin[1] != desk and event_id not in self.arrived:
                    self.arrived[event_id] = now - origin[0]


def run_desk(name: str, path: Path, store: Passwords, decisions: int, sync_every: int,
             arrivals: Arrivals, errors: list[str]) -> None:
    try:
        with Library(path) as library:
            pulled = 0
            for k in range(decisions):
                action = "request_changes" if k % 2 == 0 else "reopen"
                workflow.decide(library, f"story-{name}", action, name, f"round {k}")
                seq = library.conn.execute("SELECT MAX(event_seq) FROM newsroom_outbox"
                                           ).fetchone()[0]
                event_id = library.conn.execute(
                    "SELECT event_id FROM newsroom_outbox WHERE event_seq = ?", [seq]
                ).fetchone()[0]
                arrivals.save(event_id, name)
                if (k + 1) % sync_every == 0 or k == decisions - 1:
                    sync(library, store=store)
                    now = time.perf_counter()
                    rows = library.conn.execute(
                        "SELECT server_seq, event_id FROM newsroom_log WHERE server_seq > ?",
                        [pulled]).fetchall()
                    if rows:
                        pulled = max(r[0] for r in rows)
                        arrivals.seen([r[1] for r in rows], name, now)
    except Exception as error:  # reported in the table, not lost in a thread
        errors.append(f"{name}: {type(error).__name__}: {error}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--desks", type=int, default=50)
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument("--sync-every", type=int, default=5)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    server = start_postgres()
    root = Path(tempfile.mkdtemp(prefix="copydesk-bench-newsroom-"))
    try:
        server.psql("CREATE DATABASE bench")
        server.psql("CREATE ROLE bench_admin LOGIN CREATEROLE PASSWORD 'pw-admin'")
        server.psql("GRANT CREATE ON DATABASE bench TO bench_admin")
        t0 = time.perf_counter()
        admin_store = Passwords()
        with Library(root / "admin.sqlite3") as admin:
            join_newsroom(admin, server.url("bench_admin", "bench"), "pw-admin", "Admin",
                          create=True, store=admin_store)
        names = [f"desk{i:02d}" for i in range(args.desks)]
        with connect(server.url("bench_admin", "bench"), "pw-admin", autocommit=True) as conn:
            for name in names:
                add_reviewer(conn, name, f"pw-{name}", name, "editor")
        stores: dict[str, Passwords] = {}
        for name in names:
            stores[name] = Passwords()
            with Library(root / f"{name}.sqlite3") as library:
                join_newsroom(library, server.url(name, "bench"), f"pw-{name}", name,
                              store=stores[name])
                story = parse_story(json.dumps(bundle(id=f"story-{name}")), "story.json")
                import_story(library, story, "story.json", actor=name)
                sync(library, store=stores[name])
        setup = time.perf_counter() - t0

        arrivals = Arrivals()
        errors: list[str] = []
        threads = [threading.Thread(target=run_desk, args=(
            name, root / f"{name}.sqlite3", stores[name], args.decisions, args.sync_every,
            arrivals, errors)) for name in names]
        t1 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t1
        # a last round so every desk holds everything, then the checks
        for name in names:
            with Library(root / f"{name}.sqlite3") as library:
                sync(library, store=stores[name])
                now = time.perf_counter()
                ids = [r[0] for r in library.conn.execute("SELECT event_id FROM newsroom_log")]
                arrivals.seen(ids, name, now)
        with server.connect("bench") as conn:
            total, distinct = conn.execute(
                "SELECT count(*), count(DISTINCT event_id) FROM copydesk.events").fetchone()
            head = conn.execute("SELECT seq, head FROM copydesk.chain").fetchone()
        desk_heads = []  # one per desk: the line counts desks, not distinct heads
        for name in names:
            with Library(root / f"{name}.sqlite3") as library:
                desk_heads.append(tuple(library.conn.execute(
                    "SELECT pulled_seq, head FROM newsroom_desk").fetchone()))
        heads = set(desk_heads)
        missing = [e for e in arrivals.saved if e not in arrivals.arrived]
    finally:
        remove(server)
    made = len(arrivals.saved)
    latencies = sorted(arrivals.arrived.values())
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    print(f"{'desks':<34}{args.desks}")
    print(f"{'decisions per desk':<34}{args.decisions}")
    print(f"{'sync every':<34}{args.sync_every} decisions")
    print(f"{'setup (newsroom, logins, joins)':<34}{setup:.1f} s")
    print(f"{'decisions made':<34}{made}")
    print(f"{'wall time':<34}{elapsed:.1f} s")
    print(f"{'throughput':<34}{made / elapsed:.0f} decisions/s")
    if latencies:
        print(f"{'decision -> other desk, median':<34}{statistics.median(latencies) * 1000:.0f} ms")
        print(f"{'decision -> other desk, p95':<34}{p95 * 1000:.0f} ms")
        print(f"{'decision -> other desk, max':<34}{latencies[-1] * 1000:.0f} ms")
    print(f"{'server events (distinct ids)':<34}{total} ({distinct})")
    print(f"{'desks with the server head':<34}{sum(h == tuple(head) for h in desk_heads)} "
          f"of {args.desks} ({len(heads)} distinct heads)")
    print(f"{'never arrived elsewhere':<34}{len(missing)}")
    for error in errors[:5]:
        print(f"error: {error}")
    return 1 if errors or missing or total != distinct or len(heads) != 1 else 0


if __name__ == "__main__":
    sys.exit(main())
