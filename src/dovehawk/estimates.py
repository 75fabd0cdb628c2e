"""Corpus estimates from sentence labels, with cluster-bootstrap and prediction-powered intervals.

Sentences of one article are not independent, so intervals resample whole articles. With a small
hand-labelled random sample, prediction-powered inference (Angelopoulos et al. 2023; the design-based
estimator of Egami et al. 2023 has the same form under random sampling) corrects the classifier's
errors: for each label share p, estimate = mean over the corpus of the predicted indicator minus
the mean, over the labelled sample, of (predicted indicator - human indicator).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS

# per-article count vector layout
FIELDS = ["n"] + [f"stance_{l}" for l in STANCE_LABELS] + [f"sentiment_{l}" for l in SENTIMENT_LABELS]
MEASURES = (
    "share_about_negotiation",
    "favor_share_of_about",
    "against_share_of_about",
    "neutral_share_of_about",
    "mean_sentiment",
    "dove_hawk_index",
)


def counts_of(rows: Iterable[dict]) -> np.ndarray:
    """Count vector (FIELDS order) of the scored sentences among `rows`."""
    v = np.zeros(len(FIELDS))
    for r in rows:
        if str(r.get("scored")) not in ("True", "true", "1"):
            continue
        v[0] += 1
        v[1 + STANCE_LABELS.index(r["stance"])] += 1
        v[1 + len(STANCE_LABELS) + SENTIMENT_LABELS.index(r["sentiment"])] += 1
    return v


def measures(totals: np.ndarray) -> dict[str, float]:
    """Every corpus measure of dovehawk, from summed counts (or estimated proportions, with n = 1).

    The only place they are computed; each name says what it divides by:
    - share_about_negotiation: (favor + against + neutral) / scored sentences;
    - favor_share_of_about, against_share_of_about, neutral_share_of_about: that stance /
      (favor + against + neutral);
    - mean_sentiment: (positive - negative) / scored sentences;
    - dove_hawk_index: (favor - against) / (favor + against).
    Undefined values (nothing to divide by) are NaN here and empty (None) in every output file.

    >>> m = measures(np.array([10, 3, 1, 2, 4, 2, 5, 3]))
    >>> m["share_about_negotiation"], m["favor_share_of_about"], m["dove_hawk_index"]
    (0.6, 0.5, 0.5)
    """
    n = totals[0]
    favor, against, neutral, unrelated = totals[1:5]
    positive, negative = totals[5], totals[6]
    about = favor + against + neutral
    nan = float("nan")
    values = {
        "share_about_negotiation": about / n if n else nan,
        "favor_share_of_about": favor / about if about > 0 else nan,
        "against_share_of_about": against / about if about > 0 else nan,
        "neutral_share_of_about": neutral / about if about > 0 else nan,
        "mean_sentiment": (positive - negative) / n if n else nan,
        "dove_hawk_index": (favor - against) / (favor + against) if favor + against > 0 else nan,
    }
    return {k: float(v) for k, v in values.items()}


def cluster_bootstrap(article_counts: np.ndarray, n_boot: int = 1000, seed: int = 0) -> dict[str, tuple]:
    """Point estimate and 95% percentile interval per measure, resampling articles. One article
    has no interval (resampling it always gives it back: a width of 0 would claim certainty)."""
    rng = np.random.default_rng(seed)
    point = measures(article_counts.sum(0))
    k = len(article_counts)
    if k < 2:  # no article: every measure undefined; one: the value, with no interval
        return {m: (point[m], float("nan"), float("nan")) for m in MEASURES}
    draws = {m: [] for m in MEASURES}
    for _ in range(n_boot):
        total = article_counts[rng.integers(0, k, k)].sum(0)
        for m, v in measures(total).items():
            draws[m].append(v)
    return {m: (point[m], *_interval(draws[m])) for m in MEASURES}


def ppi_bootstrap(
    article_counts: np.ndarray, predicted: np.ndarray, gold: np.ndarray, n_boot: int = 1000, seed: int = 0
) -> dict[str, tuple]:
    """Prediction-powered estimates: corpus counts plus a labelled random sample.

    `predicted` and `gold` are one-hot count vectors (FIELDS order) per labelled sentence; the
    corrected proportion vector is corpus mean(pred) - sample mean(pred - gold).
    """
    rng = np.random.default_rng(seed)

    def estimate(counts, pred, true):
        total = counts.sum(0)
        p = total / total[0]
        rectifier = (pred - true).mean(0)
        q = np.clip(p - rectifier, 0.0, None)  # each label block sums to 1 before clipping
        stance, sentiment = slice(1, 1 + len(STANCE_LABELS)), slice(1 + len(STANCE_LABELS), len(FIELDS))
        for block in (stance, sentiment):
            q[block] = q[block] / q[block].sum() if q[block].sum() > 0 else q[block]
        q[0] = 1.0
        return measures(q)

    k, n = len(article_counts), len(predicted)
    if not k:  # no article: every measure undefined
        return {m: (float("nan"),) * 3 for m in MEASURES}
    point = estimate(article_counts, predicted, gold)
    draws = {m: [] for m in MEASURES}
    for _ in range(n_boot):
        rows = rng.integers(0, n, n)
        for m, v in estimate(article_counts[rng.integers(0, k, k)], predicted[rows], gold[rows]).items():
            draws[m].append(v)
    return {m: (point[m], *_interval(draws[m])) for m in MEASURES}


def _interval(values) -> tuple[float, float]:
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if not len(values):
        return float("nan"), float("nan")
    lo, hi = np.percentile(values, [2.5, 97.5])
    return float(lo), float(hi)


def one_hot(stance: str, sentiment: str) -> np.ndarray:
    v = np.zeros(len(FIELDS))
    v[0] = 1
    v[1 + STANCE_LABELS.index(stance)] = 1
    v[1 + len(STANCE_LABELS) + SENTIMENT_LABELS.index(sentiment)] = 1
    return v
