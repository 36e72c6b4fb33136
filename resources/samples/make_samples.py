"""Build the bundled sample stories from the public citation-support data.

    .venv/bin/python resources/samples/make_samples.py [--data DIR] [--check]

Reads ``../shared/data/citation-support/`` (relative to the repository root) and writes
one story bundle (``copydesk.story/1``) per sample into this folder. The output is
deterministic: running it again gives the same bytes, and ``--check`` says whether the
committed files still match the data (exit 1 if not).

Nothing here is invented. Bodies are the AI-written answers (AttributionBench) or the
Wikipedia sentences (WiCE) as the datasets hold them; the only change to a body is
adding ``[n]`` markers to Stanford-GenSearch answers, whose rows say which link each
sentence cites but keep no markers in the text. Snapshots are the passages or pages
the datasets recorded. Where a dataset does not record something (a page title, a
WiCE page's URL, when a page was retrieved), the field is left empty. The human labels
(attributable / supported ...) are kept under ``provenance`` so the evidence scorer can
be compared with them; Copydesk's parser ignores that key.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "citation-support"
ATTRIBUTIONBENCH = "attributionbench-dev-gensearch-expertqa.jsonl"
WICE = "wice-dev.jsonl"

AB_LICENCE = ("AttributionBench (OSU-NLP-Group, Apache-2.0), dev_all_subset_balanced.jsonl "
              "at b33329b29946b791649cf66d33e10b5a5bbdc44d; underlying {subset} data MIT. "
              "Quoted passages remain their publishers'.")
WICE_LICENCE = ("WiCE (ryokamoi/wice) dev.jsonl at ddeb6c183665e2a20c5f03c5aa07f03888b9870f: "
                "annotations ODC-BY 1.0; claim sentences from the English Wikipedia article "
                "\"{article}\" (CC BY-SA 4.0); cited pages as archived by Common Crawl "
                "(Common Crawl terms of use).")


@dataclass
class Reference:
    n: int
    url: str
    publisher: str
    title: str = ""
    passages: list[str] = field(default_factory=list)

    def bundle(self) -> dict[str, object]:
        text = "\n\n".join(self.passages)
        return {
            "n": self.n, "publisher": self.publisher, "title": self.title, "url": self.url,
            "snapshot": {
                "text": text,
                "fetched_at": "",  # the datasets do not record when pages were retrieved
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "how": "bundled",
            },
        }


def domain(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def bundle(story_id: str, title: str, dek: str, body: str, references: list[Reference],
           provenance: dict[str, object]) -> dict[str, object]:
    return {
        "format": "copydesk.story/1",
        "id": story_id,
        "title": title,
        "dek": dek,
        "body": body,
        "references": [r.bundle() for r in sorted(references, key=lambda r: r.n)],
        "provenance": provenance,
    }


# --- AttributionBench, ExpertQA rows: answers with [n] markers and "[n] URL\n\npassage" ---

_EXPERTQA_REF = re.compile(r"^\[(\d+)\]\s+(\S+)\s*\n(.*)$", re.S)


def expertqa_story(rows: list[dict], question: str, story_id: str, title: str,
                   dek: str) -> dict[str, object]:
    picked = [r for r in rows if r["src_dataset"] == "ExpertQA" and r["question"] == question]
    responses = {r["response"] for r in picked}
    if len(responses) != 1:
        raise SystemExit(f"{story_id}: expected one answer to {question!r}, got {len(responses)}")
    response = responses.pop()
    references: dict[int, Reference] = {}
    for row in picked:
        for raw in row["references"]:
            match = _EXPERTQA_REF.match(raw)
            if not match:
                raise SystemExit(f"{story_id}: unexpected reference shape {raw[:60]!r}")
            n, url, passage = int(match[1]), match[2], _clean(match[3])
            ref = references.setdefault(n, Reference(n, url, domain(url)))
            if ref.url != url:
                raise SystemExit(f"{story_id}: [{n}] has two URLs")
            if passage and passage not in ref.passages:
                ref.passages.append(passage)
    cited = {int(m) for m in re.findall(r"\[(\d+)\]", response)}
    if cited - set(references):
        raise SystemExit(f"{story_id}: markers {sorted(cited - set(references))} have no source")
    return bundle(story_id, title, dek, _body(response), list(references.values()), {
        "dataset": "AttributionBench dev, ExpertQA subset",
        "licence": AB_LICENCE.format(subset="ExpertQA"),
        "question": question,
        "labels": [{"row": r["id"], "claim": r["claim"].strip(),
                    "label": r["attribution_label"]} for r in sorted(picked, key=_row_id)],
    })


# --- AttributionBench, Stanford-GenSearch rows: a claim, its links and quoted passages -------


def gensearch_story(rows: list[dict], question: str, response_start: str, story_id: str,
                    title: str, dek: str) -> dict[str, object]:
    picked = [r for r in rows if r["src_dataset"] == "Stanford-GenSearch"
              and r["question"] == question and r["response"].startswith(response_start)]
    response = picked[0]["response"]
    if any(r["response"] != response for r in picked):
        raise SystemExit(f"{story_id}: rows disagree on the answer text")
    # Number the links in the order their claims appear in the answer.
    picked.sort(key=lambda r: response.find(r["claim"].strip()))
    references: dict[str, Reference] = {}
    body = response
    for row in picked:
        claim = row["claim"].strip()
        if claim not in body:
            raise SystemExit(f"{story_id}: claim not found in the answer: {claim!r}")
        numbers = []
        for url, passage in zip(row["citation_links"], row["references"], strict=True):
            ref = references.get(url)
            if ref is None:
                ref = references[url] = Reference(len(references) + 1, url, domain(url))
            passage = _clean(passage)
            if passage and passage not in ref.passages:
                ref.passages.append(passage)
            numbers.append(ref.n)
        markers = "".join(f"[{n}]" for n in numbers)
        # The marker goes before the sentence's closing punctuation, as in generated news.
        cited = claim[:-1] + f" {markers}" + claim[-1] if claim[-1] in ".!?" else \
            f"{claim} {markers}"
        body = body.replace(claim, cited, 1)
    return bundle(story_id, title, dek, _body(body), list(references.values()), {
        "dataset": "AttributionBench dev, Stanford-GenSearch subset",
        "licence": AB_LICENCE.format(subset="Stanford-GenSearch"),
        "question": question,
        "note": "[n] markers added by make_samples.py from each row's citation_links; "
                "the answer text is otherwise unchanged.",
        "labels": [{"row": r["id"], "claim": r["claim"].strip(),
                    "label": r["attribution_label"]} for r in sorted(picked, key=_row_id)],
    })


# --- WiCE: a Wikipedia sentence and the whole web page it cites ------------------------------


@dataclass(frozen=True)
class WiceClaim:
    row_id: str
    publisher: str  # named from the page itself: WiCE keeps no URL
    lead_in: str = ""  # the sentence before the claim in the article, when it needs it


def wice_story(rows: list[dict], article: str, claims: list[WiceClaim], story_id: str,
               title: str, dek: str) -> dict[str, object]:
    by_id = {r["meta"]["id"]: r for r in rows}
    sections: dict[str, list[str]] = {}
    references: list[Reference] = []
    labels = []
    for n, wanted in enumerate(claims, start=1):
        row = by_id[wanted.row_id]
        if row["meta"]["claim_title"] != article:
            raise SystemExit(f"{story_id}: {wanted.row_id} is not from {article!r}")
        if wanted.lead_in and wanted.lead_in not in row["meta"]["claim_context"]:
            raise SystemExit(f"{story_id}: lead-in not in the article context: {wanted.lead_in!r}")
        page_title, lines = "", []
        for line in row["evidence"]:
            if line.startswith("(meta data) TITLE:"):
                page_title = line.split(":", 1)[1].strip()
            elif not line.startswith("(meta data) "):
                lines.append(line)
        references.append(Reference(n, "", wanted.publisher, page_title,
                                    ["\n".join(lines).strip()]))
        claim = row["claim"].strip()
        sentence = claim[:-1] + f" [{n}]" + claim[-1] if claim[-1] in ".!?" else f"{claim} [{n}]"
        paragraph = f"{wanted.lead_in} {sentence}".strip()
        section = row["meta"]["claim_section"].rstrip(".").replace(".:", ": ")
        sections.setdefault(section, []).append(paragraph)
        labels.append({"row": wanted.row_id, "claim": claim, "n": n, "label": row["label"]})
    body = "\n\n".join(f"## {name}\n\n" + "\n\n".join(paras) for name, paras in sections.items())
    return bundle(story_id, title, dek, body, references, {
        "dataset": "WiCE dev (entailment_retrieval/claim)",
        "licence": WICE_LICENCE.format(article=article),
        "wikipedia_article": article,
        "note": "WiCE records the cited page's text but not its URL, so the references "
                "have no url; publisher is named from the page's own text.",
        "labels": labels,
    })


def _row_id(row: dict) -> str:
    return str(row["id"])


def _clean(text: str) -> str:
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _body(text: str) -> str:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    return "\n\n".join(p for p in paragraphs if p)


# --- the samples ------------------------------------------------------------------------------

Sample = Callable[[list[dict], list[dict]], dict[str, object]]

SAMPLES: dict[str, Sample] = {
    "sources-before-printing.json": lambda ab, wice: expertqa_story(
        ab, "How many sources you must have before printing a story?",
        "sample-sources-before-printing",
        "How many sources must you have before printing a story?",
        "An AI-written answer to a question about newsroom practice, citing five web pages "
        "(in the dataset it comes from, human annotators judged two of its five citations "
        "to back their sentence).",
    ),
    "asteroid-impact-risk.json": lambda ab, wice: expertqa_story(
        ab, "Will there be an event of asteroid collision with earth in near future?",
        "sample-asteroid-impact-risk",
        "Will an asteroid hit Earth in the near future?",
        "An AI-written answer on asteroid impact risk citing Space.com, the ATLAS project, "
        "NASA and Wikipedia (in the dataset it comes from, human annotators judged two of "
        "its four citations backed).",
    ),
    "britain-cafe-culture.json": lambda ab, wice: gensearch_story(
        ab, "Why doesn't Britain have a café culture?", "The British don't have",
        "sample-britain-cafe-culture",
        "Why doesn't Britain have a café culture?",
        "A generative search engine's answer citing The Guardian, BBC News and The Times "
        "(in the dataset it comes from, human annotators judged only the last of its three "
        "citations to back its sentence).",
    ),
    "starbucks-abroad.json": lambda ab, wice: wice_story(
        wice, "Starbucks",
        [
            WiceClaim("dev02692", "Jamaica Observer",  # byline: ...@jamaicaobserver.com
                      lead_in="In May 2017, Starbucks announced it was commencing operations "
                              "in Jamaica, where the first store is to open in the resort "
                              "city of Montego Bay."),
            WiceClaim("dev00940", "Azeri America"),  # page title: "... – AZERI AMERICA"
            WiceClaim("dev00989", "Forbes",  # page text: "Shahnaz told Forbes.com"
                      lead_in="Starbucks launched action against an Indian cosmetics "
                              "business run by Shahnaz Husain, after she applied to register "
                              "the name Starstruck for coffee and related products."),
        ],
        "sample-starbucks-abroad",
        "Starbucks abroad: Jamaica, Azerbaijan and a trademark fight in India",
        "Sentences from Wikipedia's Starbucks article, each with the whole web page it "
        "cites (human annotators judged one supported, one partly supported, one not "
        "supported).",
    ),
}


def render(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"the citation-support folder (default: {DEFAULT_DATA})")
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--check", action="store_true",
                        help="compare with the files in --out instead of writing them")
    args = parser.parse_args(argv)
    try:
        ab = load_jsonl(args.data / ATTRIBUTIONBENCH)
        wice = load_jsonl(args.data / WICE)
    except FileNotFoundError as error:
        print(f"make_samples: {error.filename}: not found (give --data)", file=sys.stderr)
        return 2
    stale = []
    for name, build in SAMPLES.items():
        text = render(build(ab, wice))
        target = args.out / name
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    if stale:
        print("make_samples: out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
