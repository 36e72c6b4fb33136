"""Core benchmarks (issue 2): run on demand, print a table.

    .venv/bin/python tests/benchmarks/bench_core.py [--stories 10000]
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

from app.check import check_story  # noqa: E402
from app.library import Library, import_story, list_stories  # noqa: E402
from app.parse import load_story_file, parse_story  # noqa: E402

WORDS = ("council harbour bridge repairs traffic mayor budget million percent contract "
         "engineers steel cables inspection report residents ferry commuters delay safety "
         "officials announced week month cost project city river tolls vote").split()


def generated_digest(rng: random.Random, words: int, references: int, title: str) -> str:
    lines = [title, "A generated story for the benchmark."]
    count = 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(3, 7)):
            length = rng.randint(12, 28)
            text = " ".join(rng.choice(WORDS) for _ in range(length)).capitalize()
            if rng.random() < 0.3:
                text += f" {rng.randint(2, 99)}%"
            sentences.append(f"{text} [{rng.randint(1, references)}].")
            count += length
        lines.append(" ".join(sentences))
        if rng.random() < 0.15:
            lines.append("Section " + rng.choice(WORDS).capitalize())
    lines.append("References")
    lines += [f"[{n}] Publisher {n} — Page {n} — https://example.org/{n}"
              for n in range(1, references + 1)]
    return "\n".join(lines)


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(7)
    rows = []

    sample = load_story_file(REPO / "resources/samples/muse-spark-digest.txt")
    check_story(sample)
    t = timed(lambda: check_story(sample), 50)
    rows.append(("check the digest sample (in-process)", statistics.median(t) * 1000, "ms", 20))

    big_text = generated_digest(rng, 20_000, 200, "Harbour bridge budget")
    big = parse_story(big_text, "big.txt")
    t = timed(lambda: check_story(parse_story(big_text, "big.txt")), 5)
    rows.append((f"parse + check a 20,000-word story, 200 refs ({len(big.references)})",
                 statistics.median(t) * 1000, "ms", 300))

    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder) / "bench.sqlite3")
        stories = [
            parse_story(generated_digest(rng, rng.randint(300, 900), 6,
                                         f"Story {i} about the {rng.choice(WORDS)}"), f"{i}.txt")
            for i in range(args.stories)
        ]
        start = time.perf_counter()
        for story in stories:
            import_story(library, story)
        elapsed = time.perf_counter() - start
        rows.append((f"import {args.stories:,} generated stories", elapsed, "s", 20))
        queries = [rng.choice(WORDS) + " " + rng.choice(WORDS) for _ in range(40)]
        t = timed(lambda: list_stories(library, query=queries[rng.randrange(40)], limit=100), 40)
        rows.append(("FTS query, first 100 hits (median of 40)", statistics.median(t) * 1000,
                     "ms", 20))
        library.close()

    print(f"{'measure':<58} {'value':>10}  {'target':>8}")
    for name, value, unit, target in rows:
        mark = "ok" if value <= target else "OVER"
        print(f"{name:<58} {value:>8.1f} {unit:<2} <= {target:>4} {unit:<2} {mark}")


if __name__ == "__main__":
    main()
