"""Copydesk against anchorcite's lexical scorer on the same inputs (issue 15, item 7).

Run on demand from the repository root:

    .venv/bin/python tests/benchmarks/bench_peer.py [--repeat N] [--quick]

Prints one table. For pages of 1,000, 5,000, 50,000 and ~65,000 (400 KB) words and for
stories of 10, 100 and 1,000 claims citing five 5,000-word pages (``inputs.py``: real
sentences, claims drawn from the page they cite), each side prepares the source once
and then judges every claim against it:

- Copydesk: ``app.evidence.index.index_source(page)`` once, then
  ``app.evidence.assess.assess(claim, index)`` per claim.
- anchorcite 0.1.0: ``CitationAnchorer(scorer=LexicalScorer())``, its source state
  (sentence spans, BM25 over the sentences) built once with ``_source_state`` (the
  cache ``anchor`` fills on its first call; private, but the only way to time the
  preparation apart), then ``anchor(claim, page)`` per claim: the verbatim fast path,
  BM25 retrieval of the top ten sentences, content-token coverage as the support
  score, best sentence over the 0.4 threshold. That is its whole non-model pipeline.

anchorcite is not a dependency of Copydesk, not even an optional one: if
``import anchorcite`` fails in this interpreter, the script creates a virtual
environment under the system temp dir (``<tmp>/copydesk-bench-anchorcite``,
``python -m venv`` then ``pip install anchorcite==0.1.0``) on first use and reuses it
after. The anchorcite side always runs as a worker subprocess of this same file
(``--worker``, standard library and anchorcite only) that reads the inputs this run
generated from a temp file; the parent runs Copydesk in-process and alternates the
two, repeat by repeat and case by case, so both see the same machine load.

Figures: process CPU time (``time.process_time``, each side in its own process),
medians of ``--repeat`` runs (default 5; 3 for the two long pages and the 1,000-claim
story, where anchorcite takes tens of seconds a run). Both sides are warmed once on each
input first (prepare and ten claims: Copydesk's stem cache, anchorcite's regexes), as a
desk that has read pages is. Peak memory is tracemalloc's peak over one separate,
untimed pass of prepare plus all the claims. Ratio = Copydesk claims/s over
anchorcite claims/s (how many times faster Copydesk is; below 1 it is slower).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PAGE_WORDS = (1_000, 5_000, 50_000, 65_000)
STORY_CLAIMS = (10, 100, 1_000)
ANCHORCITE = "anchorcite==0.1.0"
VENV = Path(tempfile.gettempdir()) / "copydesk-bench-anchorcite"

# A case: pages, and claims as (page number, claim text), judged one after the other.
Case = dict[str, Any]


# --------------------------------------------------------------------------- inputs


def make_cases(quick: bool) -> list[Case]:
    sys.path.insert(0, str(HERE))
    import inputs

    cases: list[Case] = []
    for words in PAGE_WORDS[:2] if quick else PAGE_WORDS:
        text = inputs.page(words, seed=words)
        # Fewer claims on the long pages: anchorcite's verbatim pass reads the whole page
        # for every claim, and the medians need several repeats within minutes.
        n = 200 if words <= 5_000 else 60
        claims = inputs.claims_from(text, n, seed=words + 1)
        cases.append({"name": f"page {words:,} words ({len(text) // 1000} KB)",
                      "pages": [text], "claims": [[0, c] for c in claims], "long": words > 5_000})
    articles = [inputs.page(5_000, seed=900 + i) for i in range(5)]
    per_page = [inputs.claims_from(p, 200, seed=1_000 + i) for i, p in enumerate(articles)]
    for n in STORY_CLAIMS[:2] if quick else STORY_CLAIMS:
        claims = [[i % 5, per_page[i % 5][i // 5]] for i in range(n)]
        cases.append({"name": f"story {n:,} claims, five 5k pages", "pages": articles,
                      "claims": claims, "long": n >= 1_000})
    return cases


# --------------------------------------------------------------------------- one side


def run_case(prepare, judge, case: Case, memory: bool, warm: bool = False) -> dict[str, float]:
    """Prepare every page, then judge every claim; CPU seconds of each, or the peak.
    ``warm``: the first ten claims only, untimed use (caches filled, code paths run)."""
    pages, claims = case["pages"], case["claims"][:10] if warm else case["claims"]
    if memory:
        tracemalloc.start()
        try:
            prepared = [prepare(p) for p in pages]
            for n, claim in claims:
                judge(claim, prepared[n], pages[n])
            return {"peak_mb": tracemalloc.get_traced_memory()[1] / 1e6}
        finally:
            tracemalloc.stop()
    start = time.process_time()
    prepared = [prepare(p) for p in pages]
    ready = time.process_time()
    for n, claim in claims:
        judge(claim, prepared[n], pages[n])
    return {"prepare_s": ready - start, "claims_s": time.process_time() - ready}


def copydesk_side() -> tuple[Any, Any]:
    sys.path.insert(0, str(ROOT))
    from app.evidence.assess import assess
    from app.evidence.index import index_source

    return index_source, lambda claim, index, _text: assess(claim, index)


def anchorcite_side() -> tuple[Any, Any]:
    """A fresh anchorer per prepared page set would drop its cache; one anchorer whose
    cache is emptied before each case's preparation is the same and cheaper."""
    from anchorcite import CitationAnchorer, LexicalScorer

    anchorer = CitationAnchorer(scorer=LexicalScorer())

    def prepare(text: str) -> Any:
        anchorer._cache.pop(_key(text), None)  # prepare from scratch each repeat
        return anchorer._source_state("source", text)

    def judge(claim: str, _state: Any, text: str) -> Any:
        return anchorer.anchor(claim, text)  # the state comes from the cache just filled

    return prepare, judge


def _key(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def worker(inputs_path: str) -> None:
    """The anchorcite side: one JSON request a line on stdin, one JSON answer a line."""
    cases = {c["name"]: c for c in json.loads(Path(inputs_path).read_text(encoding="utf-8"))}
    prepare, judge = anchorcite_side()
    for line in sys.stdin:
        request = json.loads(line)
        result = run_case(prepare, judge, cases[request["case"]], request["memory"],
                          request.get("warm", False))
        print(json.dumps(result), flush=True)


# --------------------------------------------------------------------------- anchorcite


def anchorcite_python() -> str:
    """An interpreter that can import anchorcite: this one, or the bench venv."""
    try:
        import anchorcite  # noqa: F401

        return sys.executable
    except ImportError:
        pass
    python = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    check = [str(python), "-c", f"import anchorcite; assert anchorcite.__version__ == "
             f"{ANCHORCITE.split('==')[1]!r}"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return str(python)
    print(f"creating {VENV} with {ANCHORCITE} (once) ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", ANCHORCITE], check=True)
    subprocess.run(check, check=True)
    return str(python)


class Peer:
    def __init__(self, python: str, inputs_path: str) -> None:
        self.process = subprocess.Popen(
            [python, __file__, "--worker", inputs_path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(self, case: Case, memory: bool, warm: bool = False) -> dict[str, float]:
        assert self.process.stdin and self.process.stdout
        request = {"case": case["name"], "memory": memory, "warm": warm}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise SystemExit("the anchorcite worker stopped; see its error above")
        return json.loads(answer)

    def close(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait(timeout=60)


# --------------------------------------------------------------------------- report


def measure(cases: list[Case], peer: Peer, repeat: int) -> dict[str, dict[str, dict]]:
    prepare, judge = copydesk_side()
    sides = {"copydesk": lambda c, m, w=False: run_case(prepare, judge, c, m, w),
             "anchorcite": peer.run}
    runs: dict[str, dict[str, list[dict]]] = {s: {c["name"]: [] for c in cases} for s in sides}
    for case in cases:  # warm both: stems cached, regexes compiled, imports done
        for side in sides.values():
            side(case, False, True)
    for r in range(repeat):
        for case in cases:
            if case["long"] and r >= max(3, repeat // 2):
                continue
            order = list(sides.items()) if r % 2 == 0 else list(sides.items())[::-1]
            for name, side in order:
                runs[name][case["name"]].append(side(case, False))
    out: dict[str, dict[str, dict]] = {s: {} for s in sides}
    for name, side in sides.items():
        for case in cases:
            got = runs[name][case["name"]]
            out[name][case["name"]] = {
                "prepare_ms": statistics.median(g["prepare_s"] for g in got) * 1e3,
                "claims_per_s": len(case["claims"])
                / statistics.median(g["claims_s"] for g in got),
                "peak_mb": side(case, True)["peak_mb"],
                "repeats": len(got),
            }
    return out


def table(cases: list[Case], out: dict[str, dict[str, dict]]) -> str:
    head = ("| input | claims | prepare ms Copydesk / anchorcite | claims/s Copydesk / "
            "anchorcite | ratio | peak MB Copydesk / anchorcite |")
    rows = [head, "|" + "---|" * 6]
    for case in cases:
        c, a = out["copydesk"][case["name"]], out["anchorcite"][case["name"]]
        rows.append(
            f"| {case['name']} | {len(case['claims']):,} "
            f"| {c['prepare_ms']:.1f} / {a['prepare_ms']:.1f} "
            f"| {c['claims_per_s']:,.0f} / {a['claims_per_s']:,.0f} "
            f"| {c['claims_per_s'] / a['claims_per_s']:.1f}x "
            f"| {c['peak_mb']:.1f} / {a['peak_mb']:.1f} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (median)")
    parser.add_argument("--quick", action="store_true", help="the two short pages only")
    parser.add_argument("--worker", metavar="INPUTS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    python = anchorcite_python()
    cases = make_cases(args.quick)
    with tempfile.TemporaryDirectory() as folder:
        inputs_path = str(Path(folder) / "inputs.json")
        Path(inputs_path).write_text(json.dumps(cases), encoding="utf-8")
        peer = Peer(python, inputs_path)
        try:
            out = measure(cases, peer, args.repeat)
        finally:
            peer.close()
    version = subprocess.run([python, "-c", "import anchorcite; print(anchorcite.__version__)"],
                             capture_output=True, text=True).stdout.strip()
    repeats = sorted({r["repeats"] for r in out["copydesk"].values()}, reverse=True)
    print(f"Copydesk at {_revision()} against anchorcite {version} (LexicalScorer), "
          f"process CPU time, medians of {' / '.join(map(str, repeats))} runs"
          " (the long cases fewer)")
    print(table(cases, out))


def _revision() -> str:
    found = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True)
    return found.stdout.strip() or "this tree"


if __name__ == "__main__":
    main()
