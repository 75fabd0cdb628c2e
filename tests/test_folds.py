"""Cross-fitted teachers (`dovehawk train --fold K/N`, `python -m dovehawk.train.distill --fold
K/N`): folds keep whole documents and stories, a fold's teacher trains on its fold only, and it
labels only the rows outside it."""

import json

import pytest

from dovehawk.data import load_corpus
from dovehawk.train import train
from dovehawk.train.config import TrainConfig, fold_of, parse_fold
from dovehawk.train.distill import rows_to_label
from tests.test_train import tiny_config


def test_a_fold_is_k_of_n():
    assert parse_fold("") is None and parse_fold("1/3") == (1, 3)
    for bad in ("2/2", "0/1", "a/b", "1", "-1/2"):
        with pytest.raises(ValueError, match="K/N"):
            parse_fold(bad)
    with pytest.raises(ValueError, match="K/N"):
        TrainConfig(fold="3/2")


def test_folds_keep_documents_and_stories_whole():
    rows = [{"source": "s", "doc_id": f"d{i // 3}", "item_id": f"s/d{i // 3}/{i}"} for i in range(300)]
    by_doc = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], set()).add(fold_of(r, 2))
    assert all(len(folds) == 1 for folds in by_doc.values())
    assert {f for folds in by_doc.values() for f in folds} == {0, 1}  # both folds are used
    one, two = ({"source": "h", "doc_id": f"headlines/{i}", "story": "headlines/story"} for i in (1, 2))
    assert fold_of(one, 2) == fold_of(two, 2)  # near-duplicate headlines of one story: one fold


def test_a_folds_teacher_trains_on_its_fold_and_labels_the_rest(tiny_base, tiny_corpus, tmp_path):
    rows = load_corpus(data_dir=tiny_corpus)["train"]
    k = next(k for k in (0, 1) if any(fold_of(r, 2) == k for r in rows))
    mine = [r for r in rows if fold_of(r, 2) == k]
    config = tiny_config(tiny_base, tiny_corpus, tmp_path / "ckpt", epochs=1, fold=f"{k}/2", int8_select=False)
    record = json.loads((train(config) / "dovehawk_config.json").read_text())["training"]
    assert record["train_rows"] == len(mine) and record["config"]["fold"] == f"{k}/2"
    labelled = rows_to_label(rows, (k, 2))
    assert {r["item_id"] for r in labelled} == {r["item_id"] for r in rows} - {r["item_id"] for r in mine}
    assert rows_to_label(rows) == [r for r in rows if r["source"] != "newsmtsc"]


def test_a_fold_with_no_rows_is_refused(tiny_base, tiny_corpus, tmp_path):
    rows = load_corpus(data_dir=tiny_corpus)["train"]
    empty = next(k for k in range(50) if not any(fold_of(r, 50) == k for r in rows))
    config = tiny_config(tiny_base, tiny_corpus, tmp_path / "ckpt", fold=f"{empty}/50")
    with pytest.raises(ValueError, match="holds no train rows"):
        train(config)


def test_a_teacher_can_label_only_the_rows_of_a_later_round(tmp_path):
    from dovehawk.train.distill import stratum_ids

    (tmp_path / "labels_v2.jsonl").write_text(
        "".join(json.dumps({"item_id": i, "stratum": s}) + "\n" for i, s in [("a/0", "model2"), ("b/0", "model3")])
    )
    only = stratum_ids(tmp_path, "model3")
    assert only == {"b/0"} and stratum_ids(tmp_path, "") is None
    rows = [{"item_id": i, "source": "statements"} for i in ("a/0", "b/0")]
    assert rows_to_label(rows, only=only) == [rows[1]]
    with pytest.raises(SystemExit, match="no rows of stratum"):
        stratum_ids(tmp_path, "model9")
