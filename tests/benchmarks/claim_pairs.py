"""How the checker does on hand-written claim/source pairs (run on demand).

    python tests/benchmarks/claim_pairs.py                 # the pairs in tests/data/
    python tests/benchmarks/claim_pairs.py FILE.jsonl ...  # any other pair files
    python tests/benchmarks/claim_pairs.py --show FILE     # also list every miss

Each line of a pair file is {"claim", "source", "expect": "contradicted" | "supported",
"source_value"} (``source_value``: the words of the source that state the true value,
for a contradiction; ``id`` and ``kind`` are used when present). Prints, per file: the
contradictions that are not green, those called ``contradicted`` with the source's
value named in the verdict, the faithful paraphrases that stay green and those wrongly
called ``contradicted``; then the same per kind.

"The source's value named" is read leniently: the figures of ``source_value`` (or,
when it has none, its first word of four letters or more) must appear in what the
verdict says the source says, however the phrase around them is cut.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.evidence import assess, index_source  # noqa: E402

DEFAULT_FILES = [ROOT / "tests" / "data" / "claim_pairs.jsonl",
                 ROOT / "tests" / "data" / "claim_pairs_fresh.jsonl"]


def value_parts(source_value: str, claim: str = "") -> list[str]:
    """What the verdict must quote for the source's value to count as named: its count
    word ("doubled"), else its figures that the claim does not give itself, else its
    first word of four letters or more."""
    counted = re.findall(r"\b(?:twice|doubled?|tripled?|quadrupled?|halved|\w+fold)\b",
                         source_value.casefold())
    if counted:
        return counted[:1]
    figures = [f.replace(",", "").rstrip(".") for f in re.findall(r"\d[\d,.]*", source_value)]
    own = {f.replace(",", "").rstrip(".") for f in re.findall(r"\d[\d,.]*", claim)}
    if figures:
        return [f for f in figures if f not in own] or figures
    words = [w for w in re.findall(r"[a-z]+", source_value.casefold()) if len(w) > 3]
    return words[:1] or [source_value.casefold()]


def judge(pair: dict) -> str:
    """One of: "named", "contradicted", "not green", "green" (for a contradiction);
    "green", "not green", "contradicted" (for a paraphrase)."""
    a = assess(pair["claim"], index_source(pair["source"]))
    if pair["expect"] != "contradicted":
        return {"supported": "green", "contradicted": "contradicted"}.get(a.verdict, "not green")
    if a.verdict == "supported":
        return "green"
    if a.verdict != "contradicted":
        return "not green"
    said = " ".join(source for _, source in a.contradictions).casefold().replace(",", "")
    return "named" if all(p in said for p in value_parts(pair.get("source_value", ""),
                                                       pair["claim"])) \
        else "contradicted"


def read_pairs(path: Path) -> list[dict]:
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            pair = json.loads(line)
            if not isinstance(pair, dict) or not {"claim", "source", "expect"} <= pair.keys():
                raise ValueError("needs claim, source and expect")
        except ValueError as error:
            print(f"claim_pairs: {path}:{number}: skipped ({error})", file=sys.stderr)
            continue
        pairs.append(pair)
    return pairs


def report(path: Path, show: bool) -> None:
    pairs = read_pairs(path)
    results = [(pair, judge(pair)) for pair in pairs]
    contra = Counter(r for p, r in results if p["expect"] == "contradicted")
    para = Counter(r for p, r in results if p["expect"] != "contradicted")
    nc, npara = sum(contra.values()), sum(para.values())
    print(f"\n=== {path} ({len(pairs)} pairs)")
    print(f"contradictions: {nc - contra['green']}/{nc} not green, "
          f"{contra['named'] + contra['contradicted']} contradicted, "
          f"{contra['named']} naming the source's value")
    print(f"paraphrases:    {para['green']}/{npara} green, "
          f"{para['contradicted']} called contradicted")
    by_kind: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for pair, result in results:
        by_kind[(pair["expect"], pair.get("kind", "?"))][result] += 1
    for (expect, kind), counts in sorted(by_kind.items()):
        good = (sum(counts.values()) - counts["green"] if expect == "contradicted"
                else counts["green"])
        print(f"  {expect:<13} {kind:<30} {good}/{sum(counts.values())}")
    if show:
        for pair, result in results:
            bad = result == "green" if pair["expect"] == "contradicted" else result != "green"
            if bad or (pair["expect"] == "contradicted" and result != "named"):
                a = assess(pair["claim"], index_source(pair["source"]))
                print(f"- {pair.get('id', '?')} [{result}] {pair['claim']}\n    {a.explanation}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--show", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    files = args.files or DEFAULT_FILES
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        print(f"claim_pairs: {', '.join(missing)}: no such file", file=sys.stderr)
        return 2
    for path in files:
        report(path, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
