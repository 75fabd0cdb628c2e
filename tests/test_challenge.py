"""The plain-sentence challenge set: well formed, double-labelled, and apart from the training data."""

import json
from pathlib import Path

from dovehawk.data import read_jsonl
from dovehawk.eval.challenge import NEAR, agreement, gold, load_challenge, nearest, words
from dovehawk.labels import HEADS

ROOT = Path(__file__).resolve().parents[1]


def test_rows_are_valid_and_double_labelled():
    rows = load_challenge()
    assert len({r["id"] for r in rows}) == len(rows) >= 150
    for r in rows:
        for head, labels in HEADS.items():
            assert {r[f"{head}_writer"], r[f"{head}_1"], r[f"{head}_2"]} <= set(labels), r["id"]
    kept = gold(rows, "stance")
    assert len(kept) >= 120
    assert min(sum(g == label for _, g in kept) for label in HEADS["stance"]) >= 30


def test_gold_keeps_only_agreed_labels():
    rows = [{"stance_1": "favor", "stance_2": "favor"}, {"stance_1": "favor", "stance_2": "neutral"}]
    assert gold(rows, "stance") == [(0, "favor")]


def test_agreement_is_computed_from_the_two_annotators():
    stance = [
        ("favor", "favor", "favor"),
        ("against", "against", "against"),
        ("favor", "neutral", "favor"),
        ("neutral", "neutral", "favor"),
    ]  # (annotator 1, annotator 2, writer)
    sentiment = ["positive", "negative", "neutral", "neutral"]
    rows = [
        {"stance_1": a, "stance_2": b, "stance_writer": w, "sentiment_1": s, "sentiment_2": s, "sentiment_writer": s}
        for (a, b, w), s in zip(stance, sentiment)
    ]
    a = agreement(rows)
    assert a["n"] == 4
    # alpha by hand: 2 of 8 pairable values disagree; 42 of the 56 ordered value pairs differ: 1 - 7 * 2 / 42
    assert a["stance"] == {
        "alpha": 0.667,
        "agreement": 0.75,
        "kept": 3,
        "kept_matches_writer": 0.667,
        "kept_labels": {"favor": 1, "against": 1, "neutral": 1},
    }
    assert a["sentiment"]["alpha"] == 1.0 and a["sentiment"]["kept_matches_writer"] == 1.0


def test_no_challenge_sentence_is_in_the_written_training_data():
    written = [words(r["text"]) for r in read_jsonl(ROOT / "data" / "written.jsonl")]
    for r in load_challenge():
        assert nearest(r["text"], written) < NEAR, r["text"]


def test_nearest_overlap():
    assert nearest("Talks resume on Monday.", [words("talks resume on monday"), words("rain")]) == 1.0
    assert nearest("Talks resume on Monday.", [words("Heavy rain fell.")]) == 0.0


def test_evaluate_scores_a_mode_once_where_the_default_is_fp32(tiny_checkpoint, tmp_path):
    from dovehawk.eval.challenge import evaluate

    path = tmp_path / "challenge.jsonl"
    rows = load_challenge()[:12]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = evaluate(tiny_checkpoint, path)
    assert list(result) == ["fp32"]  # the tiny checkpoint has no int8: its default is fp32, scored once
    assert result["fp32"]["version"] == "tiny-test"
    assert 0.0 <= result["fp32"]["stance"]["macro_f1"] <= 1.0
