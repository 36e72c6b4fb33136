"""Rendering a story for export against the number of "[" in its body (issue 13).

    .venv/bin/python tests/benchmarks/bench_export_markdown.py [--sizes 1000,4000,16000]

Target: linear, i.e. each doubling of the brackets at most about doubles the time
(Python-Markdown alone searches to the end of the text for each unclosed "[": 4,000
took 3.4 s before ``app.publish.brackets``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from app.model import Reference, Story  # noqa: E402
from app.publish.render import render_story, story_markdown  # noqa: E402

SHAPES = {
    "stray [": lambda n: "Text " + "[" * n + " and a claim [1].",
    "nested [[x]]": lambda n: "[" * n + "x" + "]" * n + " [1]",
    "unclosed [a](": lambda n: "see [a](" * n + " [1]",
    "[word] in text": lambda n: "a [stray] bracket word " * n,
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,4000,16000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    refs = (Reference(1, "P", "T", "https://example.org/1"),)
    print(f"{'body':<16}" + "".join(f"{n:>10,} [" for n in sizes) + "   growth/step")
    for name, make in SHAPES.items():
        times = []
        for n in sizes:
            story = Story(title="T", dek="", body=make(n), references=refs)
            start = time.perf_counter()
            render_story(story)
            story_markdown(story)
            times.append(time.perf_counter() - start)
        growth = max(b / a for a, b in zip(times, times[1:], strict=False)) if len(times) > 1 else 0
        step = sizes[1] / sizes[0] if len(sizes) > 1 else 0
        print(f"{name:<16}" + "".join(f"{t * 1000:>10.1f}ms" for t in times)
              + f"   x{growth:.1f} per x{step:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
