"""Do the evidence primitives give the same output as an earlier revision's? Run on demand:

    .venv/bin/python tests/benchmarks/equivalence.py [--baseline REV] [--quick]

The verdicts are calibrated on the tokens, stems, sentence splits, numbers and BM25
scores of ``app/evidence/text.py`` and ``app/evidence/index.py``; a faster version must
give the same ones. This loads those two files as they were at ``REV`` (default
``cbb68d1``, before the speed work), with the pure-Python Snowball stemmer they ran
with then, and compares them with the working tree's on

* the bundled samples (story bodies and snapshots, ``resources/samples``),
* every source and claim of the dev sets in ``../shared/data/citation-support``
  (WiCE evidence sentences, joined by newlines and by spaces; AttributionBench
  reference texts),
* generated whole pages of 1,000 to 50,000 words and random strings of odd characters.

It compares ``tokenize``, ``split_sentences``, ``extract_numbers``, ``claim_numbers``,
every field of ``SourceIndex``, ``bm25`` for each claim (floats within 1e-9) and the
analysis ``assess`` makes (features, passage, explanations) with either index. Then
whole reports: ``check_story`` now (indexes, assessments and reports kept between
calls) against the ``app/check.py`` of ``--check-baseline`` (default ``f7ce9ca^``,
before anything was kept), first time, again, with an override and after an edit.
Prints one line per kind of input and exits 1 on the first difference, naming it.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import importlib.util
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.evidence import index as new_index  # noqa: E402
from app.evidence import text as new_text  # noqa: E402
from app.evidence.assess import analyse  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "citation-support"
SAMPLES = ROOT / "resources" / "samples"
FIELDS = ("text", "folded", "sentences", "sentence_stems", "sentence_words",
          "sentence_numbers", "sentence_negated", "passage_len", "avg_len", "idf", "stems",
          "words", "numbers", "vocabulary", "postings")


class Different(Exception):
    pass


def load_baseline(rev: str, folder: Path):
    """``text`` and ``index`` of ``rev`` as the package ``baseline_evidence``."""
    package = folder / "baseline_evidence"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("text", "index"):
        source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:app/evidence/{name}.py"],
                                check=True, capture_output=True, text=True).stdout
        # the stemmer those files ran with: pure Python (PyStemmer was not installed)
        source = source.replace('_STEMMER = snowballstemmer.stemmer("english")',
                                "from snowballstemmer.english_stemmer import EnglishStemmer\n"
                                "_STEMMER = EnglishStemmer()")
        (package / f"{name}.py").write_text(source)
    sys.path.insert(0, str(folder))
    old_index = importlib.import_module("baseline_evidence.index")
    if not hasattr(old_index.SourceIndex, "best_passages"):
        # what the working tree's ``best_passages`` promises, by its definition, so the
        # analyses below can run on the old index too
        old_index.SourceIndex.best_passages = lambda self, query, k: sorted(
            self.bm25(query).items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    return importlib.import_module("baseline_evidence.text"), old_index


def plain(value: object) -> object:
    """Dataclass instances as tuples of their fields (the two revisions' classes differ)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple(plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, list | tuple):
        return (isinstance(value, tuple), [plain(v) for v in value])
    return value


def same(what: str, old: object, new: object) -> None:
    if plain(old) != plain(new):
        raise Different(f"{what}: {str(old)[:300]!r} != {str(new)[:300]!r}")


FIXED: list[str] = []  # inputs the baseline raised on and the working tree reads


def compare_text(old_text, text: str, where: str) -> None:
    for name, args in (("tokenize", (text, 7)), ("split_sentences", (text,)),
                       ("extract_numbers", (text,)), ("claim_numbers", (text,)),
                       ("content_stems", (text,)), ("fold_alnum", (text,))):
        try:
            old = getattr(old_text, name)(*args)
        except Exception as error:  # a crash of the baseline: the new one must not
            getattr(new_text, name)(*args)
            FIXED.append(f"{where}: {name} ({type(error).__name__}: {error})")
            continue
        same(f"{where}: {name}", old, getattr(new_text, name)(*args))


def compare_index(old_index, text: str, claims: list[str], where: str) -> None:
    a, b = old_index.index_source(text), new_index.index_source(text)
    for name in FIELDS:
        same(f"{where}: SourceIndex.{name}", getattr(a, name), getattr(b, name))
    same(f"{where}: passages", [(p.first, p.last, p.start, p.end) for p in a.passages],
         [(p.first, p.last, p.start, p.end) for p in b.passages])
    for claim in claims:
        query = [t.stem for t in new_text.tokenize(claim) if t.content]
        sa, sb = a.bm25(query), b.bm25(query)
        same(f"{where}: bm25 passages for {claim[:60]!r}", set(sa), set(sb))
        for pid, score in sa.items():
            if abs(score - sb[pid]) > 1e-9:
                raise Different(f"{where}: bm25 {claim[:60]!r} passage {pid}: "
                                f"{score!r} != {sb[pid]!r}")
        same(f"{where}: analysis of {claim[:60]!r}", analyse(claim, a), analyse(claim, b))


def compare_reports(rev: str, folder: Path, quick: bool) -> int:
    """``check_story`` of the working tree (indexes, assessments and reports kept)
    against ``app/check.py`` of ``rev`` (one index per snapshot per call, nothing
    kept), both with this tree's scorer: the same reports, first time and again."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:app/check.py"],
                            check=True, capture_output=True, text=True).stdout
    path = folder / "baseline_check.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("baseline_check", path)
    assert spec and spec.loader
    baseline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(baseline)
    from app.check import check_story, forget_checks
    from app.model import Override
    from app.parse import load_story_file, parse_story

    sys.path.insert(0, str(Path(__file__).parent))
    from inputs import page, story

    stories = [load_story_file(p) for p in sorted(SAMPLES.glob("*.json"))]
    stories.append(load_story_file(SAMPLES / "muse-spark-digest.txt"))
    pages = [page(2_000 if quick else 20_000, seed=70 + i) for i in range(4)]
    for n in (30, 120) if quick else (30, 400):
        stories.append(parse_story(json.dumps(story(n, pages, seed=n)), f"story-{n}.json"))
    forget_checks()
    for s in stories:
        where = f"report of {s.title[:50]!r}"
        expected = baseline.check_story(s)
        same(where, expected, check_story(s))
        same(f"{where}, again", expected, check_story(s))
        claim = next((c for c in expected.claims if c.citations), None)
        if claim is not None:
            overrides = {(claim.index, claim.citations[0].n):
                         Override("partial", "checked by hand", "bench", "2026-01-01T00:00:00Z")}
            same(f"{where}, overridden", baseline.check_story(s, overrides),
                 check_story(s, overrides))
        edited = dataclasses.replace(s, body=s.body.replace(" the ", " a ", 1))
        same(f"{where}, edited", baseline.check_story(edited), check_story(edited))
    return len(stories)


def _split(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text) if len(s.split()) >= 5]


def samples() -> list[tuple[str, str, list[str]]]:
    out = []
    for path in sorted(SAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        body = re.sub(r"\[\d+\]", "", data.get("body", ""))
        for ref in data.get("references", []):
            snapshot = (ref.get("snapshot") or {}).get("text", "")
            if snapshot:
                out.append((f"{path.name} [{ref['n']}]", snapshot, _split(body)))
    digest = (SAMPLES / "muse-spark-digest.txt").read_text(encoding="utf-8")
    out.append(("muse-spark-digest.txt", digest, _split(re.sub(r"\[\d+\]", "", digest))[:40]))
    return out


def dev_rows(quick: bool) -> list[tuple[str, str, list[str]]]:
    out = []
    wice = DATA / "wice-dev.jsonl"
    if wice.exists():
        for i, line in enumerate(wice.read_text(encoding="utf-8").splitlines()):
            r = json.loads(line)
            out.append((f"wice row {i}", "\n".join(r["evidence"]), [r["claim"]]))
            out.append((f"wice row {i} (spaces)", " ".join(r["evidence"]), [r["claim"]]))
    bench = DATA / "attributionbench-dev-gensearch-expertqa.jsonl"
    if bench.exists():
        for i, line in enumerate(bench.read_text(encoding="utf-8").splitlines()):
            r = json.loads(line)
            claim = re.sub(r"\[\d+\]", "", r["claim"]).strip()
            out.append((f"attributionbench row {i}", "\n\n".join(r["references"]), [claim]))
    return out[::10] if quick else out


def generated(quick: bool) -> list[tuple[str, str, list[str]]]:
    sys.path.insert(0, str(Path(__file__).parent))
    from inputs import claims_from, page

    sizes = (1_000, 5_000) if quick else (1_000, 5_000, 50_000)
    out = []
    for words in sizes:
        text = page(words, seed=words)
        out.append((f"generated page of {words:,} words", text, claims_from(text, 30, words)))
    return out


ODD = ("aAzZ09 .,;:!?'’\"“”()[]$€£¥%-–—\n\t\u00a0İıſKßﬁ٣²½_&/#…"
       + "janfebmayseptusdrsinr " + " nine fıve MİLLİON bn ")


def odd_strings(count: int) -> list[tuple[str, str, list[str]]]:
    rng = random.Random(15)
    out = []
    for i in range(count):
        n = rng.choice((5, 40, 300, 2_000))
        text = "".join(rng.choice(ODD) for _ in range(n))
        out.append((f"random string {i}", text, [text[:80]]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="cbb68d1", metavar="REV")
    parser.add_argument("--quick", action="store_true", help="one row in ten, smaller pages")
    parser.add_argument("--check-baseline", default="f7ce9ca^", metavar="REV",
                        help="app/check.py to compare reports with (default: the one "
                        "before indexes and assessments were kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        old_text, old_index = load_baseline(args.baseline, Path(folder))
        groups = [("bundled samples", samples()), ("dev sets", dev_rows(args.quick)),
                  ("generated pages", generated(args.quick)),
                  ("random strings", odd_strings(100 if args.quick else 600))]
        try:
            for name, cases in groups:
                t0 = time.perf_counter()
                for where, text, claims in cases:
                    compare_text(old_text, text, where)
                    for claim in claims:
                        compare_text(old_text, claim, f"{where}, claim")
                    if FIXED and FIXED[-1].startswith(where):
                        continue  # the baseline cannot index it
                    compare_index(old_index, text, claims, where)
                print(f"{name:<16} {len(cases):>5} texts identical "
                      f"({time.perf_counter() - t0:.1f} s)")
            t0 = time.perf_counter()
            count = compare_reports(args.check_baseline, Path(folder), args.quick)
            print(f"{'check reports':<16} {count:>5} stories identical "
                  f"({time.perf_counter() - t0:.1f} s), with {args.check_baseline}'s check.py")
        except Different as error:
            print(f"DIFFERENT {error}")
            return 1
    print(f"same as {args.baseline}: tokens, stems, sentences, numbers, SourceIndex, bm25, "
          "analyses")
    if FIXED:
        print(f"{len(FIXED)} inputs the baseline raised on are read now, e.g. {FIXED[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
