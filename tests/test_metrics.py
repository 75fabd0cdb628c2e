import numpy as np
import pytest
import torch

from dovehawk.metrics import (
    bootstrap_macro_f1,
    expected_calibration_error,
    fit_temperature,
    head_metrics,
)


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


def test_document_summary_and_summarize_give_the_same_measures_under_the_same_names():
    from dovehawk.estimates import counts_of, measures
    from dovehawk.labelling import summarise_document

    rows = [
        {"doc_id": "d", "scored": True, "stance": s, "sentiment": "neutral"}
        for s in ("favor", "favor", "against", "unrelated", "unrelated", "neutral")
    ]
    doc = summarise_document(rows)
    corpus = measures(counts_of(rows))
    assert doc["favor_share_of_about"] == round(corpus["favor_share_of_about"], 4) == 0.5  # 2 of 4, not 2 of 6
    assert doc["share_about_negotiation"] == round(4 / 6, 4)
    assert "share_favor" not in doc
    none = summarise_document([{"doc_id": "e", "scored": True, "stance": "unrelated", "sentiment": "neutral"}])
    assert none["dove_hawk_index"] is None and none["favor_share_of_about"] is None


def _labelled_file(path, docs):
    """A dovehawk output file: docs is (doc_id, outlet, [(stance, scored)]) per document."""
    import json

    with open(path, "w", encoding="utf-8") as f:
        for doc_id, outlet, sentences in docs:
            for i, (stance, scored) in enumerate(sentences):
                row = {"doc_id": doc_id, "sentence_index": i, "text": "x", "outlet": outlet, "scored": scored}
                row.update(stance=stance if scored else "", sentiment="neutral" if scored else "")
                f.write(json.dumps(row) + "\n")
    return str(path)


def test_summarise_counts_only_documents_with_a_scored_sentence_as_articles(tmp_path):
    from dovehawk.summarize import summarise

    path = _labelled_file(
        tmp_path / "l.jsonl",
        [
            ("en1", "A", [("favor", True), ("against", True)]),
            ("en2", "A", [("unrelated", True), ("favor", True)]),
            ("ru", "A", [("", False), ("", False)]),  # not English: no scored sentence
            ("mixed", "A", [("favor", True), ("", False)]),  # one scored sentence: an article
            ("only-ru", "B", [("", False)]),  # a group with no article at all
        ],
    )
    table, _ = summarise([path], ["outlet"], n_boot=50)
    a, b = table
    assert (a["outlet"], a["n_articles"], a["n_unscored_docs"], a["n_sentences"]) == ("A", 3, 1, 5)
    assert a["favor_share_of_about"] == 0.75  # 3 favor of 4 about negotiation
    assert (b["outlet"], b["n_articles"], b["n_unscored_docs"], b["n_sentences"]) == ("B", 0, 1, 0)
    assert b["share_about_negotiation"] is None and b["share_about_negotiation_lo"] is None


def test_summarise_intervals_do_not_resample_unscored_documents(tmp_path):
    from dovehawk.summarize import summarise

    scored = [(f"d{i}", "A", [("favor" if i % 2 else "against", True), ("unrelated", True)]) for i in range(6)]
    unscored = [(f"ru{i}", "A", [("", False)]) for i in range(20)]
    alone, _ = summarise([_labelled_file(tmp_path / "a.jsonl", scored)], ["outlet"], n_boot=200)
    with_ru, _ = summarise([_labelled_file(tmp_path / "b.jsonl", scored + unscored)], ["outlet"], n_boot=200)
    columns = [k for k in alone[0] if k.endswith(("_lo", "_hi")) or k in ("n_articles", "dove_hawk_index")]
    assert {k: with_ru[0][k] for k in columns} == {k: alone[0][k] for k in columns}
    assert with_ru[0]["n_unscored_docs"] == 20 and alone[0]["n_unscored_docs"] == 0
