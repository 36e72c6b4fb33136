"""The fitted scorer: a small logistic regression over explainable features.

The weights live in ``weights.json`` next to this file and are written by
``tests/benchmarks/quality.py --fit`` (see docs/evidence.md for provenance).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WEIGHTS_PATH = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class Model:
    """Standardised features → logistic score; thresholds split the verdicts."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float = 0.5  # score at or above: "supported"
    partial_threshold: float = 0.25  # score at or above (and not supported): "partial"
    # Whole web pages and short quoted passages are calibrated apart: the same score
    # is right less often against a long page (more words to match by chance).
    # ``page`` is the model for whole web pages (``page_sentences`` sentences or more),
    # with weights and cuts of its own; None: one model for every source
    page_sentences: int = 0
    page: Model | None = None
    # ``red`` scores the partial/unsupported split: weights fitted on every row, where
    # this model's own are fitted only on the rows that can be green (and so say little
    # about a claim the source hardly touches). None: this model's score decides both.
    red: Model | None = None

    def red_probability(self, values: Mapping[str, float]) -> float:
        return (self.red or self).probability(values)

    def for_source(self, sentences: int) -> Model:
        """The model that judges a source of ``sentences`` sentences."""
        if self.page is not None and self.page_sentences and sentences >= self.page_sentences:
            return self.page
        return self

    def margin(self, values: Mapping[str, float]) -> float:
        z = self.bias
        for name, w, mu, sd in zip(self.features, self.weights, self.mean, self.scale,
                                   strict=True):
            z += w * (values[name] - mu) / sd
        return z

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.margin(values)
        if z < -60:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self, **extra: object) -> str:
        data = {
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "mean": [round(m, 6) for m in self.mean],
            "scale": [round(s, 6) for s in self.scale],
            "threshold": round(self.threshold, 6),
            "partial_threshold": round(self.partial_threshold, 6),
            **({"page_sentences": self.page_sentences,
                "page": json.loads(self.page.to_json())} if self.page is not None else {}),
            **({"red": json.loads(self.red.to_json())} if self.red is not None else {}),
            **extra,
        }
        return json.dumps(data, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Model:
        def floats(key: str) -> tuple[float, ...]:
            value = data[key]
            assert isinstance(value, list)
            return tuple(float(v) for v in value)

        features = data["features"]
        assert isinstance(features, list)
        return cls(
            features=tuple(str(f) for f in features),
            weights=floats("weights"),
            bias=float(data["bias"]),  # type: ignore[arg-type]
            mean=floats("mean"),
            scale=floats("scale"),
            threshold=float(data.get("threshold", 0.5)),  # type: ignore[arg-type]
            partial_threshold=float(data.get("partial_threshold", 0.25)),  # type: ignore[arg-type]
            page_sentences=int(data.get("page_sentences", 0)),  # type: ignore[call-overload]
            page=(cls.from_dict(data["page"])  # type: ignore[arg-type]
                  if isinstance(data.get("page"), dict) else None),
            red=(cls.from_dict(data["red"])  # type: ignore[arg-type]
                 if isinstance(data.get("red"), dict) else None),
        )


#: Used when no weights file ships (a fresh checkout before the first fit): coverage
#: alone, 0.75 of the claim's words in the passage counting as "supported".
FALLBACK = Model(
    features=("cov_pass",), weights=(8.0,), bias=0.0, mean=(0.75,), scale=(1.0,),
    threshold=0.5, partial_threshold=0.2,
)


@lru_cache(maxsize=4)
def load_model(path: Path = WEIGHTS_PATH) -> Model:
    """The shipped model (cached); the fallback when the file is missing."""
    try:
        return Model.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return FALLBACK
