"""Audit log benchmark (issue 6): append 100,000 events, verify the chain; print a table.

    .venv/bin/python tests/benchmarks/bench_audit.py [--events 100000] [--stories 1000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from app import audit, workflow  # noqa: E402
from app.library import Library, import_story  # noqa: E402
from app.parse import parse_story  # noqa: E402

ACTIONS = ("approve", "request_changes", "edit", "override", "reopen")
STORY = """# Council approves budget {n}

The council approved a budget of {n} million euros [1]. The mayor said it was fair [2].

## References

[1] City Gazette — Budget passed — https://example.org/budget
[2] Town Times — Mayor speaks — https://example.org/mayor
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=1_000)
    args = parser.parse_args()
    rng = random.Random(6)
    rows: list[tuple[str, float, str, str]] = []
    # decisions are signed with keys from the keyring (issue 14): an in-memory one here,
    # so the figures are the signing and anchoring cost without a keyring daemon's
    import keyring

    from app import reviewers
    from tests.servers.support import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    reviewers.enrol_every_name(True)  # ana, bo and cy decide on this one desk

    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder) / "bench.sqlite3")
        story_ids = [f"story-{i:05d}" for i in range(args.stories)]
        revision = "ab" * 32

        batch = 1_000
        start = time.perf_counter()
        for first in range(0, args.events, batch):
            with library.transaction():
                for _ in range(min(batch, args.events - first)):
                    action = rng.choice(ACTIONS)
                    audit.append_event(
                        library, story_id=rng.choice(story_ids), revision=revision,
                        actor=rng.choice(("ana", "bo", "cy")), action=action,
                        note="a note saying why" if action != "approve" else "",
                        data={"from": "in_review", "to": "approved", "version": 2},
                    )
        elapsed = time.perf_counter() - start
        rows.append((f"append {args.events:,} events, 1,000 per transaction",
                     args.events / elapsed, "events/s", ""))

        single = 2_000
        start = time.perf_counter()
        for _ in range(single):
            audit.append_event(library, story_id=rng.choice(story_ids), revision=revision,
                               actor="ana", action="approve")
        elapsed = time.perf_counter() - start
        rows.append((f"append {single:,} events, one transaction each (WAL commit)",
                     single / elapsed, "events/s", ""))

        total = audit.event_count(library)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            report = audit.verify_chain(library)
            times.append(time.perf_counter() - start)
            assert report.ok and report.count == total, report
        best = min(times)
        rows.append((f"verify the chain and signatures of {total:,} events (best of 3)",
                     total / best, "events/s", ">= 50,000"))
        rows.append(("  ... wall time", best, "s", ""))
        # what `copydesk audit verify` does the next time on the same desk: signatures
        # of events it verified before, and that provably did not change, are skipped
        from app import trust

        trust.record_verified(library, report.count, report.head)
        audit.append_event(library, story_id=story_ids[0], revision=revision, actor="ana",
                           action="approve")
        times = []
        for _ in range(3):
            start = time.perf_counter()
            report = audit.verify_chain(library)
            times.append(time.perf_counter() - start)
            assert report.ok and report.previously_verified == total, report
        best = min(times)
        rows.append(("verify again on the desk that verified it (+1 event)", (total + 1) / best,
                     "events/s", ">= 50,000"))
        rows.append(("  ... wall time", best, "s", ""))

        segment_times = []
        for _ in range(50):
            story_id = rng.choice(story_ids)
            start = time.perf_counter()
            segment = audit.story_segment(library, story_id)
            assert audit.verify_segment(segment) is None
            segment_times.append(time.perf_counter() - start)
        rows.append((f"extract + verify one story's segment (~{total // args.stories} events)",
                     statistics.median(segment_times) * 1000, "ms", ""))

        ids = [import_story(library, parse_story(STORY.format(n=n), f"{n}.md"), f"{n}.md",
                            actor="bench").story_id for n in range(20)]
        decisions = 1_000
        start = time.perf_counter()
        for i in range(decisions):
            story_id = ids[i % len(ids)]
            state = workflow.story_state(library, story_id)
            if state.status == "approved":
                workflow.request_changes(library, story_id, "bo", "again",
                                         expected_version=state.version)
            elif state.status == "changes_requested":
                workflow.reopen(library, story_id, "bo", "again", expected_version=state.version)
            else:
                workflow.approve(library, story_id, "ana", expected_version=state.version)
        elapsed = time.perf_counter() - start
        rows.append((f"{decisions:,} workflow decisions (state, check, write, event)",
                     decisions / elapsed, "decisions/s", ""))
        library.close()

    print(f"{'measure':<62} {'value':>12}  {'unit':<12} {'target':>10}")
    for name, value, unit, target in rows:
        print(f"{name:<62} {value:>12,.1f}  {unit:<12} {target:>10}")


if __name__ == "__main__":
    main()
