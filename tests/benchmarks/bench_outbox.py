"""Outbox benchmark (issue 7): 1,000 queued exports to a local webhook that fails 30%
of requests; every story must reach it exactly once.

    .venv/bin/python tests/benchmarks/bench_outbox.py [--stories 1000] [--fail 0.3]

The receiver answers 503 to 30% of requests (every third-ish, deterministic) and
deduplicates on the Idempotency-Key, counting how often each key was applied. The
sender waits out its backoff (full jitter, base 20 ms, cap 200 ms here instead of the
production 2 s / 15 min, so the run measures the machinery rather than the sleeps).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from app import workflow  # noqa: E402
from app.library import Library, import_story  # noqa: E402
from app.parse import parse_story  # noqa: E402
from app.publish import credentials  # noqa: E402
from app.publish import outbox as ob  # noqa: E402
from app.publish.secrets import MemorySecretStore  # noqa: E402
from app.publish.targets import TargetConfig  # noqa: E402
from app.publish.targets_store import save_target  # noqa: E402
from tests.app.helpers import bundle  # noqa: E402
from tests.servers.support import WebhookReceiver  # noqa: E402

SECRET = "bench-secret"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--fail", type=float, default=0.3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, WebhookReceiver() as receiver:
        receiver.state.behaviour.fail_ratio = args.fail
        receiver.state.behaviour.secret = SECRET
        library = Library(Path(tmp) / "bench.sqlite3")
        secrets = MemorySecretStore()
        target = TargetConfig("hook", "webhook", receiver.url)
        credentials.store(secrets, target, SECRET)
        save_target(library, target)

        t0 = time.perf_counter()
        ids = []
        for i in range(args.stories):
            data = bundle(id=f"bench-{i:05d}")
            data["body"] += f"\n\nStory number {i} of the run."
            story = parse_story(json.dumps(data), f"bench-{i}.json")
            story_id = import_story(library, story, "bench").story_id
            workflow.approve(library, story_id, "ana")
            ids.append(story_id)
        t1 = time.perf_counter()
        enqueue_times = []
        for story_id in ids:
            s = time.perf_counter()
            ob.enqueue_export(library, story_id, "hook", "ana")
            enqueue_times.append(time.perf_counter() - s)
        t2 = time.perf_counter()
        report = ob.send_pending(library, secrets, backoff=ob.Backoff(0.02, 0.2),
                                 wait_for_retries=True, max_wait=3600)
        t3 = time.perf_counter()

        rows = ob.outbox_rows(library)
        sent = sum(1 for r in rows if r.state == "sent")
        attempts = [r.attempts for r in rows]
        published = sum(1 for i in ids if workflow.story_state(library, i).status == "published")
        accepted = receiver.state.accepted
        exactly_once = sum(1 for n in accepted.values() if n == 1)
        print(f"stories queued             {len(ids)}")
        print(f"import + approve           {t1 - t0:.1f} s")
        print(f"enqueue (gate, render, manifest, outbox row): {t2 - t1:.1f} s, "
              f"median {statistics.median(enqueue_times) * 1000:.1f} ms per story")
        print(f"send until the outbox is empty: {t3 - t2:.1f} s "
              f"({len(ids) / (t3 - t2):.0f} stories/s)")
        print(f"HTTP requests              {receiver.state.requests} "
              f"({receiver.state.requests - len(ids)} failed with 503 and retried)")
        print(f"attempts per export        mean {statistics.mean(attempts):.2f}, "
              f"max {max(attempts)}")
        print(f"rows sent                  {sent} / {len(rows)}; stories published {published}")
        print(f"distinct stories received  {len(accepted)}; applied exactly once {exactly_once}")
        print(f"report                     {report.describe()}")
        ok = sent == len(ids) == len(accepted) == exactly_once == published
        print("RESULT", "all delivered exactly once" if ok else "MISMATCH")
        library.close()
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
