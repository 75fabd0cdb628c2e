"""`python experiments/offsets.py`: cross-fitted per-class offsets on dev."""

import doctest

import numpy as np

from tests.experiments import load

offsets = load("offsets")


def synthetic(shift: float, n: int = 400, seed: int = 0):
    """Three-class logits with gold signal; `shift` pushes every row towards class 0."""
    rng = np.random.default_rng(seed)
    gold = rng.integers(0, 3, n)
    logits = rng.normal(0, 1, (n, 3))
    logits[np.arange(n), gold] += 1.5
    logits[:, 0] += shift
    docs = [f"d{i // 2}" for i in range(n)]
    return logits, gold, docs


def test_offsets_recover_a_biased_head():
    logits, gold, docs = synthetic(shift=2.0)
    gains = offsets.cross_fitted_gains(logits, gold, docs, temperature=1.0, halvings=3)
    assert min(gains["nll"]) > 0.05 and min(gains["macro_f1"]) > 0.05


def test_offsets_do_not_help_a_balanced_head():
    logits, gold, docs = synthetic(shift=0.0)
    gains = offsets.cross_fitted_gains(logits, gold, docs, temperature=1.0, halvings=3)
    assert np.mean(gains["nll"]) < 0.02 and np.mean(gains["macro_f1"]) < 0.02


def test_doctests():
    assert doctest.testmod(offsets).failed == 0
