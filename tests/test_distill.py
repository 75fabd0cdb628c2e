"""Distillation: soft targets from a teacher checkpoint, and a pool that can never hold dev or test text."""

import json

import pytest
import torch

from dovehawk.data import hash_split, read_jsonl, story_words
from dovehawk.train import train
from dovehawk.train.trainer import distill_rows, soft_loss
from tests.conftest import ROOT, SHARED
from tests.test_train import tiny_config


def test_soft_loss_on_one_hot_targets_is_plain_cross_entropy():
    logits = torch.tensor([[2.0, -1.0, 0.5], [0.1, 0.2, 0.3], [1.0, 1.0, -3.0]])
    batch = [{"soft": {"stance": [0.0, 1.0, 0.0]}}, {"soft": None}, {"soft": {"stance": [1.0, 0.0, 0.0]}}]
    expected = torch.nn.functional.cross_entropy(logits[[0, 2]], torch.tensor([1, 0]))
    assert torch.isclose(soft_loss(logits, batch, "stance"), expected)
    assert soft_loss(logits, [{"soft": None}], "stance") is None


def teacher_file(path, ids, stance, sentiment, pool=False):
    path.write_text(
        "".join(
            json.dumps({"item_id": i, "pool": pool, "stance": stance, "sentiment": sentiment, "teacher": "t-1"}) + "\n"
            for i in ids
        )
    )
    return path


def test_a_teacher_pulls_the_student_and_is_recorded(tiny_base, tiny_corpus, tmp_path):
    ids = [f"train-{i}" for i in range(8)]
    # A teacher sure that every train row is `unrelated` and `negative`, weighted far above the labels.
    soft = teacher_file(tmp_path / "t.jsonl", ids, [0.0, 0.0, 0.0, 1.0], [0.0, 1.0, 0.0])
    kw = dict(epochs=3, average_last=0, int8_select=False)
    plain = train(tiny_config(tiny_base, tiny_corpus, tmp_path / "plain", **kw))
    taught = train(
        tiny_config(tiny_base, tiny_corpus, tmp_path / "taught", distill=str(soft), distill_weight=50.0, **kw)
    )
    from dovehawk.model import load_model
    from tests.conftest import ROWS

    texts = [t for t, _, _ in ROWS]
    share = {
        name: sum(r.stance == "unrelated" for r in load_model(out).predict(texts)) / len(texts)
        for name, out in (("plain", plain), ("taught", taught))
    }
    assert share["taught"] > share["plain"]
    record = json.loads((taught / "dovehawk_config.json").read_text())["training"]
    assert record["distill_rows"] == 8
    assert record["config"]["distill"] == "t-1 (t.jsonl)"  # the teacher's version and the file's name


def test_a_pool_row_of_dev_or_test_is_refused(tmp_path):
    dev = [{"item_id": "gdelt/a.txt/0-10", "doc_id": "gdelt/a.txt"}]
    for clash in ("gdelt/a.txt/0-10", "gdelt/a.txt/20-40"):  # the row itself, or another sentence of its document
        path = teacher_file(tmp_path / "t.jsonl", [clash], [0.25] * 4, [1 / 3] * 3, pool=True)
        with pytest.raises(ValueError, match="dev or test"):
            distill_rows(str(path), [], dev)
    path = teacher_file(tmp_path / "t.jsonl", ["elsewhere/b.txt/0-10"], [0.25] * 4, [1 / 3] * 3, pool=True)
    with pytest.raises(ValueError, match="not in the sources"):
        distill_rows(str(path), [], dev, source_dir=tmp_path)


def test_init_from_drops_offsets_fitted_to_the_old_weights(tiny_corpus, tmp_path):
    from dovehawk.model import DovehawkModel, ModelConfig, load_model
    from tests.conftest import make_tokenizer, tiny_encoder_config

    torch.manual_seed(0)
    tokenizer = make_tokenizer(tmp_path / "tok")
    config = ModelConfig(head_hidden=32, version="tiny", stance_offsets=[0.0, -0.5, 0.0, 0.8])
    DovehawkModel(config, tiny_encoder_config(len(tokenizer))).save(tmp_path / "start", tokenizer)
    from dovehawk.train import TrainConfig

    out = train(
        TrainConfig(
            init_from=str(tmp_path / "start"),
            base_model="",
            data_dir=str(tiny_corpus),
            output_dir=str(tmp_path / "tuned"),
            epochs=1,
            batch_size=4,
            newsmtsc_rows=0,
            average_last=0,
            int8_select=False,
        )
    )
    assert load_model(out).config.stance_offsets is None


@pytest.mark.corpus
@pytest.mark.skipif(not SHARED.is_dir(), reason=f"third-party sources not found at {SHARED}")
def test_the_pool_holds_only_units_that_can_only_be_train():
    from dovehawk.train.distill import pool

    units = pool(400, SHARED, ROOT / "data")
    assert len(units) == 400
    known = read_jsonl(ROOT / "data" / "labels_v2.jsonl") + read_jsonl(
        ROOT / "data" / "v2" / "pending" / "labels_v2.jsonl"
    )
    touched = {r["item_id"] for r in known} | {
        r["item_id"] for r in read_jsonl(ROOT / "data" / "v2" / "selection.jsonl")
    }
    outside_docs = {r["item_id"].rsplit("/", 1)[0] for r in known if r["split"] != "train"}
    assert not any(u["item_id"] in touched for u in units)
    docs = [u for u in units if not u["item_id"].startswith("headlines/")]
    heads = [u for u in units if u["item_id"].startswith("headlines/")]
    assert docs and heads
    assert not any(u["doc_id"] in outside_docs for u in docs)
    assert all(hash_split(u["item_id"]) == "train" for u in heads)
    # no pool headline is a near-duplicate of a dev or test headline of the same day
    from dovehawk.sources import real_news_texts

    outside = [r["item_id"] for r in known if r["split"] != "train" and r["item_id"].startswith("headlines/")]
    texts = real_news_texts(SHARED, outside)
    by_day = {}
    for u in texts.values():
        by_day.setdefault(u["date"], []).append(story_words(u["text"]))
    for u in heads:
        words = story_words(u["text"])
        assert not any(w and len(words & w) / len(words | w) >= 0.5 for w in by_day.get(u["date"], ()) if words)


def test_the_committed_pool_stays_out_of_dev_and_test():
    # v2.5 trained on these units with the teacher's labels: a later labelling round must not put
    # one of them, or a sentence of its document, in dev or test
    pool = {r["item_id"] for r in read_jsonl(ROOT / "data" / "v2" / "distill_pool.jsonl")}
    assert len(pool) == 10000
    labels = read_jsonl(ROOT / "data" / "labels_v2.jsonl") + read_jsonl(
        ROOT / "data" / "v2" / "pending" / "labels_v2.jsonl"
    )
    outside = [r for r in labels if r["split"] != "train"]
    assert not pool & {r["item_id"] for r in outside}
    docs = {r["item_id"].rsplit("/", 1)[0] for r in outside if not r["item_id"].startswith("headlines/")}
    assert not {i.rsplit("/", 1)[0] for i in pool if not i.startswith("headlines/")} & docs


def test_a_teacher_file_without_a_probability_per_label_is_refused(tmp_path):
    path = teacher_file(tmp_path / "t.jsonl", ["train-0"], [0.5, 0.5], [1 / 3] * 3)
    with pytest.raises(ValueError, match="a probability per label"):
        distill_rows(str(path), [{"item_id": "train-0"}], [])


def test_a_focused_pool_takes_the_highest_scores_of_each_half():
    from dovehawk.train.distill import focused

    units = [{"item_id": f"statements/d{i}/0-9"} for i in range(4)] + [{"item_id": f"headlines/h{i}"} for i in range(4)]
    scores = [0.1, 0.9, 0.5, 0.2, 0.3, 0.8, 0.05, 0.7]
    assert [u["item_id"] for u in focused(units, scores, 4)] == [
        "statements/d1/0-9",
        "statements/d2/0-9",
        "headlines/h1",
        "headlines/h3",
    ]
    # too few document sentences: headlines fill the rest
    few = focused(units[3:], scores[3:], 4)
    assert [u["item_id"] for u in few] == ["statements/d3/0-9", "headlines/h0", "headlines/h1", "headlines/h3"]


def test_a_second_pool_never_repeats_the_first():
    from dovehawk.train.distill import pool

    first = {u["item_id"] for u in pool(60, SHARED, ROOT / "data")}
    second = {u["item_id"] for u in pool(60, SHARED, ROOT / "data", skip=first)}
    assert len(second) == 60 and not first & second
