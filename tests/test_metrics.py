import numpy as np
import pytest
import torch

from dovehawk.eval.metrics import (
    bootstrap_macro_f1,
    expected_calibration_error,
    fit_temperature,
    head_metrics,
)
from dovehawk.labels import dove_hawk_index


def test_head_metrics_known_values():
    m = head_metrics([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], ["a", "b", "c"])
    assert m["per_class"]["a"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert m["per_class"]["b"]["f1"] == pytest.approx(0.8)
    assert m["macro_f1"] == pytest.approx((0.5 + 0.8 + 0.0) / 3, abs=1e-4)
    assert m["confusion"] == [[1, 1, 0], [0, 2, 0], [1, 0, 0]]


def test_fit_temperature_recovers_overconfidence():
    torch.manual_seed(0)
    true_logits = torch.randn(4000, 4) * 2
    gold = torch.distributions.Categorical(logits=true_logits).sample().tolist()
    t = fit_temperature(true_logits * 3, gold)  # logits three times too sharp
    assert t == pytest.approx(3.0, rel=0.15)


def test_ece_zero_for_perfectly_calibrated_bins_and_high_for_overconfident():
    probs = np.array([[1.0, 0.0]] * 10)
    assert expected_calibration_error(probs, [0] * 10) == 0.0
    assert expected_calibration_error(probs, [1] * 10) == 1.0


def test_bootstrap_interval_brackets_the_point_estimate():
    rng = np.random.default_rng(0)
    gold = rng.integers(0, 3, 300)
    pred = np.where(rng.random(300) < 0.7, gold, rng.integers(0, 3, 300))
    groups = np.repeat(np.arange(60), 5)
    lo, hi = bootstrap_macro_f1(gold, pred, groups, 3, n_boot=200)
    point = head_metrics(gold.tolist(), pred.tolist(), ["a", "b", "c"])["macro_f1"]
    assert lo < point < hi and hi - lo < 0.3


def test_dove_hawk_index():
    assert dove_hawk_index(3, 1) == 0.5
    assert dove_hawk_index(0, 2) == -1.0
    assert dove_hawk_index(0, 0) is None
