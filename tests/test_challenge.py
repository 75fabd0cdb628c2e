"""The plain-sentence challenge set: well formed, double-labelled, and apart from the training data."""

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
    a = agreement(load_challenge())
    assert 0 < a["stance"]["agreement"] <= 1 and a["stance"]["kept"] == len(gold(load_challenge(), "stance"))


def test_no_challenge_sentence_is_in_the_written_training_data():
    written = [words(r["text"]) for r in read_jsonl(ROOT / "data" / "written.jsonl")]
    for r in load_challenge():
        assert nearest(r["text"], written) < NEAR, r["text"]


def test_nearest_overlap():
    assert nearest("Talks resume on Monday.", [words("talks resume on monday"), words("rain")]) == 1.0
    assert nearest("Talks resume on Monday.", [words("Heavy rain fell.")]) == 0.0
