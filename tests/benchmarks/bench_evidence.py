"""Speed of the evidence scorer, on one core. Run on demand:

    python tests/benchmarks/bench_evidence.py

Prints a table: indexing a snapshot, verifying a digest-sized story (46 cited claims
against four sources of about 1,000 words, indexing included) and throughput in claims
per second against 5,000-word sources. Sources are real web pages from the WiCE set when
``../shared/data/citation-support/`` is there, otherwise deterministic generated text;
claims are the sentences of the bundled sample digest. No asserts: targets are printed
beside the figures (<= 100 ms per story, >= 300 claims/s).
"""

from __future__ import annotations

import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.evidence import assess, index_source  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "muse-spark-digest.txt"
WICE = ROOT.parent / "shared" / "data" / "citation-support" / "wice-dev.jsonl"


def claims(n: int) -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8") if SAMPLE.exists() else ""
    body = re.sub(r"\[\d+(?:\s*,\s*\d+)*\]", "", text)
    found = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", body) if len(s.split()) >= 6]
    if not found:
        found = ["Meta announced the release of Muse Spark on April 8, 2026, its first model."]
    return [found[i % len(found)] for i in range(n)]


def _pages() -> list[str]:
    if not WICE.exists():
        return []
    pages = []
    for line in WICE.read_text(encoding="utf-8").splitlines():
        pages.append(" ".join(json.loads(line)["evidence"]).replace(" (meta data)", "\n"))
    return pages


def source(words: int, seed: int) -> str:
    """A source text of about ``words`` words: real pages glued together, or generated."""
    rng = random.Random(seed)
    pages = _pages()
    if pages:
        out: list[str] = []
        while len(out) < words:
            out.extend(rng.choice(pages).split())
        return " ".join(out[:words])
    vocab = (SAMPLE.read_text(encoding="utf-8").split() if SAMPLE.exists()
             else ["the", "model", "was", "released", "by", "the", "company", "in", "April"])
    sentences = []
    total = 0
    while total < words:
        n = rng.randint(8, 30)
        sentences.append(" ".join(rng.choice(vocab) for _ in range(n)).capitalize() + ".")
        total += n
    return " ".join(sentences)


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``fn`` in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    story_sources = [source(1000, seed) for seed in range(4)]
    story_claims = claims(46)

    def verify_story() -> None:
        indexes = [index_source(s) for s in story_sources]
        for i, claim in enumerate(story_claims):
            assess(claim, indexes[i % 4])

    big = [source(5000, 100 + seed) for seed in range(3)]
    big_indexes = [index_source(s) for s in big]
    many = claims(300)

    def throughput() -> None:
        for i, claim in enumerate(many):
            assess(claim, big_indexes[i % 3])

    rows = []
    rows.append(("index one 1,000-word source", timed(lambda: index_source(story_sources[0])) * 1e3,
                 "ms", ""))
    rows.append(("index one 5,000-word source", timed(lambda: index_source(big[0])) * 1e3,
                 "ms", ""))
    verify_story()  # warm caches (stemmer, model) once, as the desk would
    story = timed(verify_story) * 1e3
    rows.append(("digest story: 46 claims x 4 sources of 1,000 words, indexing included",
                 story, "ms", "<= 100"))
    t = timed(throughput, repeat=3)
    rows.append(("throughput vs 5,000-word sources (indexes built)", len(many) / t,
                 "claims/s", ">= 300"))
    amortised = timed(lambda: ([index_source(s) for s in big], throughput()), repeat=3)
    rows.append(("throughput incl. indexing the three 5,000-word sources", len(many) / amortised,
                 "claims/s", ""))
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'figure':>10}  {'unit':<9} target")
    for what, value, unit, target in rows:
        print(f"{what:<{width}}  {value:>10.1f}  {unit:<9} {target}")
    print(f"(sources: {'WiCE web pages' if _pages() else 'generated text'}; python "
          f"{sys.version.split()[0]}; one process, one core)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
