"""Metrics shared by training (dev selection) and evaluation: F1, bootstrap CIs, calibration."""

from __future__ import annotations

import numpy as np
import torch


def head_metrics(gold: list[int], pred: list[int], labels: list[str]) -> dict:
    """Per-class precision / recall / F1, macro-F1, accuracy and the confusion matrix (rows: gold).

    >>> head_metrics([0, 1, 1], [0, 1, 0], ["a", "b"])["macro_f1"]
    0.6667
    """
    n = len(labels)
    cm = np.zeros((n, n), dtype=int)
    for g, p in zip(gold, pred):
        cm[g, p] += 1
    per_class, f1s = {}, []
    for i, label in enumerate(labels):
        tp, fp, fn = cm[i, i], cm[:, i].sum() - cm[i, i], cm[i, :].sum() - cm[i, i]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {
            "precision": round(float(precision), 4),
            "recall": round(float(recall), 4),
            "f1": round(float(f1), 4),
            "support": int(cm[i, :].sum()),
        }
        if cm[i, :].sum() or cm[:, i].sum():
            f1s.append(f1)
    return {
        "macro_f1": round(float(np.mean(f1s)) if f1s else 0.0, 4),
        "accuracy": round(float(np.trace(cm) / max(1, cm.sum())), 4),
        "per_class": per_class,
        "confusion": cm.tolist(),
        "n": int(cm.sum()),
    }


def macro_f1(gold, pred, n_labels: int) -> float:
    gold, pred = np.asarray(gold), np.asarray(pred)
    f1s = []
    for c in range(n_labels):
        tp = np.sum((gold == c) & (pred == c))
        fp = np.sum((gold != c) & (pred == c))
        fn = np.sum((gold == c) & (pred != c))
        if tp + fp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s)) if f1s else 0.0


def bootstrap_macro_f1(gold, pred, groups, n_labels: int, n_boot: int = 1000, seed: int = 0):
    """95% interval of macro-F1, resampling whole documents (`groups`) with replacement."""
    gold, pred, groups = np.asarray(gold), np.asarray(pred), np.asarray(groups)
    docs = np.unique(groups)
    index = {d: np.flatnonzero(groups == d) for d in docs}
    rng = np.random.default_rng(seed)
    scores = []
    for _ in range(n_boot):
        rows = np.concatenate([index[d] for d in rng.choice(docs, size=len(docs), replace=True)])
        scores.append(macro_f1(gold[rows], pred[rows], n_labels))
    lo, hi = np.percentile(scores, [2.5, 97.5])
    return round(float(lo), 4), round(float(hi), 4)


def expected_calibration_error(probs: np.ndarray, gold, n_bins: int = 10) -> float:
    """ECE of the top-class confidence over equal-width bins."""
    probs, gold = np.asarray(probs), np.asarray(gold)
    if len(gold) == 0:
        return 0.0
    conf, pred = probs.max(1), probs.argmax(1)
    correct = (pred == gold).astype(float)
    bins = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        mask = bins == b
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - conf[mask].mean())
    return round(float(ece), 4)


def fit_temperature(logits: torch.Tensor, gold: list[int]) -> float:
    """The temperature T minimising the NLL of softmax(logits / T) on held-out data (dev)."""
    if len(gold) == 0:
        return 1.0
    logits = logits.detach().float()
    target = torch.tensor(gold)
    log_t = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(logits / log_t.exp(), target)
        loss.backward()
        return loss

    optimizer.step(closure)
    return round(float(log_t.detach().exp().clamp(0.05, 20.0)), 4)


def fit_offsets(logits: torch.Tensor, gold: list[int]) -> tuple[float, list[float]]:
    """The temperature T and per-label offsets b (centred: they sum to 0) minimising the NLL of
    softmax(logits / T + b) on held-out data (real dev): temperature scaling plus a label-prior
    correction. Unlike a temperature alone, the offsets can change the argmax label."""
    z = logits.detach().float().clone()
    target = torch.tensor(gold)
    log_t = torch.zeros(1, requires_grad=True)
    bias = torch.zeros(z.shape[1], requires_grad=True)
    optimizer = torch.optim.LBFGS([log_t, bias], lr=0.1, max_iter=300)

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(z / log_t.exp() + bias, target)
        loss.backward()
        return loss

    if len(gold):
        optimizer.step(closure)
    b = bias.detach()
    return round(float(log_t.detach().exp().clamp(0.05, 20.0)), 4), [round(v, 4) for v in (b - b.mean()).tolist()]
