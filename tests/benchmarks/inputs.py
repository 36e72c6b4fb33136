"""Realistic generated inputs for the scale benchmarks (deterministic for a seed).

Pages are real sentences, from the dev sets' web pages (WiCE evidence, AttributionBench
references) and the bundled sample snapshots, shuffled into paragraphs; claims are
sentences of the page they cite, lightly paraphrased (a word dropped, a synonym, a
number moved) or, one in ten, a sentence of another page. Without the dev sets the
sample snapshots alone are used.
"""

from __future__ import annotations

import functools
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "citation-support"
SAMPLES = ROOT / "resources" / "samples"

_SPLIT = re.compile(r"(?<=[.!?])\s+|\n")
_SWAPS = {"said": "stated", "company": "firm", "large": "big", "new": "recent", "also": "",
          "announced": "revealed", "people": "residents", "about": "around", "more": "over",
          "the": "the", "first": "initial", "city": "town", "year": "year's"}


@functools.cache
def sentences() -> tuple[str, ...]:
    found: list[str] = []
    wice = DATA / "wice-dev.jsonl"
    if wice.exists():
        for line in wice.read_text(encoding="utf-8").splitlines():
            found += [s for s in json.loads(line)["evidence"] if len(s.split()) >= 4]
    bench = DATA / "attributionbench-dev-gensearch-expertqa.jsonl"
    if bench.exists():
        for line in bench.read_text(encoding="utf-8").splitlines():
            for ref in json.loads(line)["references"]:
                found += [s.strip() for s in _SPLIT.split(ref) if len(s.split()) >= 4]
    for path in sorted(SAMPLES.glob("*.json")):
        for ref in json.loads(path.read_text(encoding="utf-8")).get("references", []):
            text = (ref.get("snapshot") or {}).get("text", "")
            found += [s.strip() for s in _SPLIT.split(text) if len(s.split()) >= 4]
    return tuple(s.replace(" (meta data) ", " ") for s in found)


def page(words: int, seed: int) -> str:
    """A web page of about ``words`` words: paragraphs of one to eight sentences."""
    rng = random.Random(seed)
    pool = sentences()
    paragraphs: list[str] = []
    paragraph: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(pool)
        paragraph.append(sentence)
        count += len(sentence.split())
        if rng.random() < 0.25:
            paragraphs.append(" ".join(paragraph))
            paragraph = []
    paragraphs.append(" ".join(paragraph))
    return "\n".join(p for p in paragraphs if p)


def claims_from(text: str, n: int, seed: int) -> list[str]:
    """``n`` claims a writer could have drawn from ``text``."""
    rng = random.Random(seed)
    found = [s for s in _SPLIT.split(text) if 8 <= len(s.split()) <= 60] or list(sentences()[:50])
    out = []
    for _ in range(n):
        words = rng.choice(found).split()
        roll = rng.random()
        if roll < 0.3 and len(words) > 8:
            del words[rng.randrange(len(words))]
        elif roll < 0.6:
            words = [_SWAPS.get(w, w) for w in words]
        elif roll < 0.7:
            words = [str(int(w) + 1) if w.isdigit() else w for w in words]
        elif roll < 0.8:
            words = rng.choice(sentences()).split()  # a claim this page does not back
        claim = " ".join(w for w in words if w).strip()
        claim = re.sub(r"\[\d+\]", "", claim)
        out.append(claim if claim.endswith((".", "!", "?")) else claim + ".")
    return out


def story(claims: int, pages: list[str], seed: int, title: str = "Generated story") -> dict:
    """A ``copydesk.story/1`` bundle: ``claims`` cited sentences in paragraphs of five,
    claim ``i`` citing page ``i % len(pages)``, each page a bundled snapshot."""
    rng = random.Random(seed)
    per_page = [claims_from(p, -(-claims // len(pages)), seed + i) for i, p in enumerate(pages)]
    lines: list[str] = []
    paragraph: list[str] = []
    for i in range(claims):
        n = i % len(pages)
        paragraph.append(f"{per_page[n][i // len(pages)].rstrip('.')} [{n + 1}].")
        if len(paragraph) == 5 or rng.random() < 0.05:
            lines.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        lines.append(" ".join(paragraph))
    return {
        "format": "copydesk.story/1",
        "id": f"bench-{seed}",
        "title": title,
        "dek": "A generated story for the scale benchmarks.",
        "body": "\n\n".join(lines),
        "references": [
            {"n": i + 1, "publisher": f"Publisher {i + 1}", "title": f"Page {i + 1}",
             "url": f"https://example.org/{seed}/{i + 1}", "snapshot": {"text": p}}
            for i, p in enumerate(pages)
        ],
    }
