"""Fitting the evidence scorer: class-balanced, L2-regularised logistic regression.

Pure Python (Newton's method on a handful of features), so neither training nor the
desk needs numpy. ``tests/benchmarks/quality.py`` drives it: cross-validation, the
transfer runs and ``--fit``, which writes ``weights.json``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .model import Model

#: The features the shipped model uses (names from ``assess.Analysis.features``).
FEATURES: tuple[str, ...] = (
    "cov_pass",
    "cov_pass_idf",
    "cov_src",
    "cov_two",
    "cov_clause_min",
    "bigram",
    "fuzz",
    "num_miss_src",
    "name_miss",
    "quote_miss",
    "negation",
    "log_len",
    "hedge",
    "miss_longest",
)
#: Ridge penalty on the standardised weights; strong enough to keep the model simple.
L2 = 3.0


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the systems here are ~15 x 15)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        d = m[col][col]
        if abs(d) < 1e-12:
            continue
        for r in range(n):
            if r != col:
                f = m[r][col] / d
                if f:
                    row, prow = m[r], m[col]
                    for c in range(col, n + 1):
                        row[c] -= f * prow[c]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def fit_logistic(
    rows: Sequence[Mapping[str, float]],
    labels: Sequence[int],
    features: Sequence[str] = FEATURES,
    l2: float = L2,
    sample_weight: Sequence[float] | None = None,
) -> Model:
    """Fit a logistic regression with balanced class weights; threshold 0.5.

    ``labels`` are 1 for "supported", 0 otherwise.
    """
    n = len(rows)
    k = len(features)
    mean = [sum(r[f] for r in rows) / n for f in features]
    scale = []
    for j, f in enumerate(features):
        var = sum((r[f] - mean[j]) ** 2 for r in rows) / n
        scale.append(math.sqrt(var) if var > 1e-12 else 1.0)
    xs = [[1.0] + [(r[f] - mean[j]) / scale[j] for j, f in enumerate(features)] for r in rows]
    pos = sum(labels)
    neg = n - pos
    base = list(sample_weight) if sample_weight is not None else [1.0] * n
    cw = [base[i] * (n / (2 * pos) if y else n / (2 * neg)) for i, y in enumerate(labels)]
    w = [0.0] * (k + 1)
    for _ in range(50):
        grad = [0.0] * (k + 1)
        hess = [[0.0] * (k + 1) for _ in range(k + 1)]
        for x, y, c in zip(xs, labels, cw, strict=True):
            z = sum(wi * xi for wi, xi in zip(w, x, strict=True))
            p = 1 / (1 + math.exp(-max(-60.0, min(60.0, z))))
            g = c * (p - y)
            h = c * p * (1 - p)
            for i in range(k + 1):
                grad[i] += g * x[i]
                xi = h * x[i]
                hrow = hess[i]
                for j in range(i, k + 1):
                    hrow[j] += xi * x[j]
        for i in range(k + 1):
            for j in range(i):
                hess[i][j] = hess[j][i]
        for i in range(1, k + 1):  # no penalty on the bias
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return Model(
        features=tuple(features),
        weights=tuple(w[1:]),
        bias=w[0],
        mean=tuple(mean),
        scale=tuple(scale),
        threshold=0.5,
        partial_threshold=0.25,
    )


def balanced_accuracy(truth: Sequence[int], pred: Sequence[int]) -> float:
    """Mean of the recall of the positive and of the negative class."""
    tp = sum(1 for t, p in zip(truth, pred, strict=True) if t and p)
    tn = sum(1 for t, p in zip(truth, pred, strict=True) if not t and not p)
    pos = sum(truth)
    neg = len(truth) - pos
    return ((tp / pos if pos else 0.0) + (tn / neg if neg else 0.0)) / 2


def best_threshold(scores: Sequence[float], truth: Sequence[int]) -> float:
    """The cut on ``scores`` that maximises balanced accuracy (midpoint between values)."""
    order = sorted(set(scores))
    if len(order) == 1:
        return order[0]
    cuts = [(a + b) / 2 for a, b in zip(order, order[1:], strict=False)]
    pos = sum(truth)
    neg = len(truth) - pos
    pairs = sorted(zip(scores, truth, strict=True))
    best_cut, best_ba = cuts[0], -1.0
    # sweep: everything at or above the cut is predicted positive
    tp, fp = pos, neg
    i = 0
    for cut in cuts:
        while i < len(pairs) and pairs[i][0] < cut:
            if pairs[i][1]:
                tp -= 1
            else:
                fp -= 1
            i += 1
        ba = ((tp / pos if pos else 0) + ((neg - fp) / neg if neg else 0)) / 2
        if ba > best_ba + 1e-12:
            best_cut, best_ba = cut, ba
    return best_cut


def precision_cut(scores: Sequence[float], truth: Sequence[int], target: float,
                  positive: bool = True) -> float | None:
    """The loosest cut whose calls are right at least ``target`` of the time.

    ``positive``: calls are ``score >= cut`` and right when ``truth`` is 1 (greens);
    otherwise calls are ``score < cut`` and right when ``truth`` is 0 (reds). The cut
    is the one that makes the most calls while the running precision stays at or above
    the target; None when no cut of at least five calls reaches it.
    """
    pairs = sorted(zip(scores, truth, strict=True), reverse=positive)
    right = calls = 0
    best: float | None = None
    for i, (score, label) in enumerate(pairs):
        calls += 1
        right += int(bool(label) == positive)
        nxt = pairs[i + 1][0] if i + 1 < len(pairs) else None
        if nxt == score:
            continue  # a cut cannot split equal scores
        if calls >= 5 and right / calls >= target:
            if nxt is None:
                best = score - 1e-9 if positive else score + 1e-9
            else:
                best = (score + nxt) / 2
    return best


def smoothed_precision_cut(scores: Sequence[float], truth: Sequence[int],
                           target: float) -> float | None:
    """The loosest cut whose greens are expected to be right ``target`` of the time,
    read from a smooth fit of truth on score rather than from the jagged running count.

    The raw running precision from the top jumps by whole rows, so the cut it picks
    moves a lot from one sample to the next; a one-variable logistic fit of ``truth``
    on the score's logit (Platt scaling) gives a calibrated chance per row, and the
    cut is the lowest score at which the mean calibrated chance of the rows above it
    still reaches the target. None when even the top row falls short.
    """
    if not scores or not any(truth) or all(truth):
        return None
    eps = 1e-6
    logits = [math.log(max(eps, min(1 - eps, s)) / (1 - max(eps, min(1 - eps, s))))
              for s in scores]
    platt = fit_logistic([{"z": z} for z in logits], list(truth), features=("z",), l2=1e-3)
    # fit_logistic balances the classes; take the prior back out so the chances are real
    prior = sum(truth) / len(truth)
    shift = math.log(prior / (1 - prior))
    chances = [1 / (1 + math.exp(-max(-60.0, min(60.0, platt.margin({"z": z}) + shift))))
               for z in logits]
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    total = 0.0
    best: float | None = None
    for rank, i in enumerate(order, 1):
        total += chances[i]
        nxt = scores[order[rank]] if rank < len(order) else None
        if nxt == scores[i]:
            continue
        if total / rank >= target:
            best = scores[i] - 1e-9 if nxt is None else (scores[i] + nxt) / 2
    return best


def stratified_folds(labels: Sequence[object], k: int = 5, seed: int = 13) -> list[int]:
    """Fold number per row: rows of each label dealt round-robin in a seeded shuffle."""
    import random

    rng = random.Random(seed)
    fold = [0] * len(labels)
    by_label: dict[object, list[int]] = {}
    for i, y in enumerate(labels):
        by_label.setdefault(y, []).append(i)
    offset = 0
    for y in sorted(by_label, key=str):
        idx = by_label[y]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            fold[i] = (j + offset) % k
        offset += len(idx)
    return fold
