import json

import pytest
import torch

from dovehawk.model import load_model
from dovehawk.train import TrainConfig, train
from dovehawk.train.config import parse_args
from tests.conftest import ROWS


def tiny_config(tiny_base, tiny_corpus, out, **kw):
    values = dict(
        base_model=str(tiny_base),
        data_dir=str(tiny_corpus),
        output_dir=str(out),
        epochs=12,
        patience=100,
        batch_size=4,
        lr=3e-3,
        head_lr=1e-2,
        warmup=0.0,
        dropout=0.0,
        head_hidden=32,
        newsmtsc_rows=0,
        seed=1,
        freeze_embeddings=False,
    )
    values.update(kw)
    return TrainConfig(**values)


def test_overfits_eight_rows_and_saves_config(tiny_base, tiny_corpus, tmp_path):
    out = train(tiny_config(tiny_base, tiny_corpus, tmp_path / "ckpt"))
    model = load_model(out)
    texts = [t for t, _, _ in ROWS]
    contexts = [None if i % 2 == 0 else texts[i - 1] for i in range(len(texts))]
    labels = model.predict(texts, contexts=contexts)
    assert [r.stance for r in labels] == [s for _, s, _ in ROWS]
    assert [r.sentiment for r in labels] == [s for _, _, s in ROWS]
    saved = json.loads((out / "dovehawk_config.json").read_text())
    assert saved["training"]["config"]["epochs"] == 12
    assert saved["training"]["corpus_version"]
    assert saved["stance_temperature"] > 0 and saved["sentiment_temperature"] > 0
    assert json.loads((out / "train_config.json").read_text())["seed"] == 1


def test_training_is_deterministic(tiny_base, tiny_corpus, tmp_path):
    from safetensors.torch import load_file

    a = train(tiny_config(tiny_base, tiny_corpus, tmp_path / "a", epochs=2))
    b = train(tiny_config(tiny_base, tiny_corpus, tmp_path / "b", epochs=2))
    wa, wb = load_file(str(a / "model.safetensors")), load_file(str(b / "model.safetensors"))
    assert all(torch.equal(wa[k], wb[k]) for k in wa)


def test_config_from_flags_and_file(tmp_path, tiny_base):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"epochs": 3, "base_model": str(tiny_base)}))
    config = parse_args(["--config", str(path), "--batch-size", "8", "--freeze-embeddings", "false"])
    assert (config.epochs, config.batch_size, config.freeze_embeddings) == (3, 8, False)


def test_weight_averaging_is_tried_on_dev_and_recorded(tiny_base, tiny_corpus, tmp_path):
    from dovehawk.train.trainer import average_states

    a, b = (
        {"w": torch.tensor([1.0, 3.0]), "n": torch.tensor([7])},
        {"w": torch.tensor([3.0, 5.0]), "n": torch.tensor([7])},
    )
    averaged = average_states([a, b])
    assert torch.equal(averaged["w"], torch.tensor([2.0, 4.0])) and torch.equal(averaged["n"], torch.tensor([7]))
    out = train(tiny_config(tiny_base, tiny_corpus, tmp_path / "avg", epochs=3, average_last=2, int8_select=False))
    history = json.loads((out / "dovehawk_config.json").read_text())["training"]["history"]
    assert [h["epoch"] for h in history] == [1, 2, 3, "average of epochs 2-3"]
    mean = [(h["dev_stance_macro_f1"] + h["dev_sentiment_macro_f1"]) / 2 for h in history]
    assert history[-1]["kept"] == (mean[-1] > max(mean[:-1]))  # kept only when it beats every epoch
    best = json.loads((out / "dovehawk_config.json").read_text())["training"]["best_dev_mean_macro_f1"]
    assert best == pytest.approx(max(mean))


def test_newsmtsc_rows_with_stance_are_always_trained_on():
    from dovehawk.train.trainer import training_rows

    rows = (
        [{"source": "written", "stance": "favor", "id": i} for i in range(3)]
        + [{"source": "newsmtsc", "stance": None, "id": 10 + i} for i in range(5)]
        + [{"source": "newsmtsc", "stance": "unrelated", "id": 20 + i} for i in range(4)]
    )
    picked = [r["id"] for r in training_rows(rows, newsmtsc_rows=6, seed=1)]
    assert picked[:7] == [0, 1, 2, 20, 21, 22, 23]
    assert len(picked) == 9 and all(10 <= i < 15 for i in picked[7:])
    assert training_rows(rows, 6, 1) == training_rows(rows, 6, 1)
    assert [r["id"] for r in training_rows(rows, newsmtsc_rows=2, seed=1)] == [0, 1, 2, 20, 21, 22, 23]


def test_init_from_keeps_the_checkpoints_architecture_and_inference_settings(tiny_corpus, tmp_path, capsys):
    from dovehawk.cli import main
    from dovehawk.model import DovehawkModel, ModelConfig
    from tests.conftest import make_tokenizer, tiny_encoder_config

    torch.manual_seed(0)
    start = tmp_path / "start"
    tokenizer = make_tokenizer(tmp_path / "tok")
    DovehawkModel(
        ModelConfig(head_hidden=64, max_length=48, context_window=2, version="tiny-64"),
        tiny_encoder_config(len(tokenizer)),
    ).save(start, tokenizer)
    out = tmp_path / "tuned"
    # The training defaults differ (heads 256 wide, max_length 128, window 1): the checkpoint's must win.
    assert (
        main(
            [
                "train",
                "--init-from",
                str(start),
                "--data-dir",
                str(tiny_corpus),
                "--output-dir",
                str(out),
                "--epochs",
                "1",
                "--batch-size",
                "4",
                "--newsmtsc-rows",
                "0",
                "--average-last",
                "0",
                "--int8-select",
                "false",
                "--freeze-embeddings",
                "false",
            ]
        )
        == 0
    )
    capsys.readouterr()
    tuned = load_model(out)
    assert (tuned.config.head_hidden, tuned.config.max_length, tuned.config.context_window) == (64, 48, 2)
    widths = {tuple(p.shape) for n, p in tuned.model.named_parameters() if not n.startswith("encoder.")}
    assert any(64 in shape for shape in widths) and not any(256 in shape for shape in widths)
    assert tuned.config.version == "run-tuned"
    assert tuned.config.training["config"]["init_from"] == "tiny-64 (start)"  # no machine path
    assert len(tuned.predict(["Both governments must return to the negotiating table now."])) == 1


def test_a_run_records_its_own_version_and_no_machine_path(tiny_base, tiny_corpus, tmp_path):
    config = tiny_config(tiny_base, tiny_corpus, tmp_path / "mine", epochs=1, int8_select=False)
    config.version = ""
    config.__post_init__()
    out = train(config)
    saved = json.loads((out / "dovehawk_config.json").read_text())
    assert saved["version"] == "run-mine"  # not the released version
    assert str(tiny_base) not in (out / "train_config.json").read_text()
    assert str(tiny_base) not in json.dumps(saved)
