"""The accurate model's machinery on a tiny random base: a LoRA adapter trained under bf16, saved as
the adapter and heads only, loaded back over its base (found by name), and the base's packages."""

import json

import pytest
import torch
from safetensors.torch import load_file

from dovehawk.model import load_model
from dovehawk.model.bases import find_base, mpnet_parts
from dovehawk.train import train
from tests.conftest import ROWS, write_tiny_corpus
from tests.test_train import tiny_config

pytest.importorskip("peft", reason="peft (the accurate model's adapter library) is not installed")


@pytest.fixture(scope="module")
def trained(tiny_base, tmp_path_factory):
    """A LoRA checkpoint over the tiny base (fp32, so the tiny run is quick), trained once."""
    folder = tmp_path_factory.mktemp("lora")
    config = tiny_config(tiny_base, write_tiny_corpus(folder / "data"), folder / "ckpt", lora_rank=4, lora_alpha=8)
    config.lr = 1e-2
    config.epochs = 20
    config.int8_select = False
    return train(config)


@pytest.fixture()
def adapter(trained, tiny_base, monkeypatch):
    """The checkpoint, with `$DOVEHAWK_BASES` making its base findable by name."""
    monkeypatch.setenv("DOVEHAWK_BASES", str(tiny_base.parent))
    return trained


def test_a_lora_checkpoint_stores_only_the_adapter_and_heads(adapter, tiny_base):
    saved = json.loads((adapter / "dovehawk_config.json").read_text())
    assert saved["lora"] == {"rank": 4, "alpha": 8, "dropout": 0.1} and saved["bf16"] is False
    assert saved["base_model"] == tiny_base.name  # a name, never this machine's path
    keys = load_file(str(adapter / "model.safetensors")).keys()
    encoder_keys = [k for k in keys if k.startswith("encoder.")]
    assert encoder_keys and all("lora_" in k for k in encoder_keys)
    assert any(k.startswith("stance_head.") for k in keys)


def test_a_lora_checkpoint_loads_over_its_base_and_learns(adapter):
    model = load_model(adapter)
    assert not hasattr(model.model.encoder, "merge_and_unload")  # merged: a plain encoder at inference
    texts = [t for t, _, _ in ROWS]
    contexts = [None if i % 2 == 0 else texts[i - 1] for i in range(len(texts))]
    stances = [r.stance for r in model.predict(texts, contexts=contexts)]
    assert sum(p == s for p, (_, s, _) in zip(stances, ROWS)) >= 6  # 8 rows, 20 epochs of a rank-4 adapter


def test_merged_adapter_gives_the_same_logits_as_the_unmerged_one(adapter):
    from dovehawk.model.modeling import DovehawkModel

    merged = DovehawkModel.load(adapter)
    config = merged.config
    unmerged = DovehawkModel.from_base(find_base(config.base_model), config)
    unmerged.add_lora(4, 8, 0.1)
    unmerged.load_state_dict(
        {k: v.float() for k, v in load_file(str(adapter / "model.safetensors")).items()}, strict=False
    )
    unmerged.eval()
    ids = torch.tensor([[2, 7, 9, 3]])
    mask = torch.ones_like(ids)
    a, b = merged.encode(ids, mask), unmerged.encode(ids, mask)
    assert torch.allclose(a, b, atol=1e-4)


@pytest.fixture(scope="module")
def bf16_checkpoint(tiny_base, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bf16")
    return train(tiny_config(tiny_base, write_tiny_corpus(folder / "data"), folder / "ckpt", bf16=True, epochs=1))


def test_bf16_is_trained_saved_and_used_for_labelling(bf16_checkpoint, monkeypatch):
    out = bf16_checkpoint
    saved = json.loads((out / "dovehawk_config.json").read_text())
    assert saved["bf16"] is True and "int8_selection" not in saved  # int8 is not validated for bf16
    monkeypatch.setenv("DOVEHAWK_BF16", "1")  # as on a CPU with fast bf16
    model = load_model(out)
    assert not model.quantized and model.model.autocast_bf16 and model.version == saved["version"]
    ids = torch.tensor([[2, 7, 9, 3]])
    mask = torch.ones_like(ids)
    in_bf16 = model.model.encode(ids, mask)
    model.model.autocast_bf16 = False
    in_fp32 = model.model.encode(ids, mask)
    assert in_bf16.dtype == torch.float32 and not torch.equal(in_bf16, in_fp32)
    with pytest.raises(ValueError, match="bf16"):
        load_model(out, quantize=True)
    assert torch.allclose(in_bf16, in_fp32, atol=0.1)


def test_bf16_falls_back_to_fp32_on_a_cpu_without_it_or_when_asked(bf16_checkpoint, monkeypatch):
    import warnings

    version = json.loads((bf16_checkpoint / "dovehawk_config.json").read_text())["version"]
    monkeypatch.setenv("DOVEHAWK_BF16", "0")  # as on a CPU without fast bf16 (emulated, ~100x slower)
    with pytest.warns(UserWarning, match="no fast bfloat16"):
        model = load_model(bf16_checkpoint)
    assert not model.model.autocast_bf16 and model.version == version + "+fp32"
    monkeypatch.setenv("DOVEHAWK_BF16", "1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        asked = load_model(bf16_checkpoint, quantize=False)  # --fp32: full precision, no warning
    assert not asked.model.autocast_bf16 and asked.version == version + "+fp32"
    sentences = ["Talks resumed on Monday.", "Rain is expected."]
    assert [r.stance for r in asked.predict(sentences)] == [r.stance for r in model.predict(sentences)]


def test_an_adapter_whose_base_is_missing_says_what_to_install(adapter, monkeypatch):
    monkeypatch.delenv("DOVEHAWK_BASES")
    with pytest.raises(FileNotFoundError, match="not found"):
        load_model(adapter)


def test_an_adapter_on_the_wrong_base_is_refused(adapter, tmp_path, monkeypatch):
    from transformers import AutoModel, BertConfig

    wrong = tmp_path / "bases" / json.loads((adapter / "dovehawk_config.json").read_text())["base_model"]
    other = BertConfig(vocab_size=200, hidden_size=48, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64)
    AutoModel.from_config(other).save_pretrained(wrong)
    monkeypatch.setenv("DOVEHAWK_BASES", str(wrong.parent))
    with pytest.raises((ValueError, RuntimeError)):
        load_model(adapter)


def test_lora_cannot_start_from_a_checkpoint(tiny_base, tiny_corpus, tmp_path):
    with pytest.raises(ValueError, match="init-from"):
        tiny_config(tiny_base, tiny_corpus, tmp_path / "x", lora_rank=4, init_from=str(tmp_path))


def test_mpnet_without_its_packages_names_them(monkeypatch):
    from importlib import metadata

    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", missing)
    monkeypatch.delenv("DOVEHAWK_BASES", raising=False)
    with pytest.raises(FileNotFoundError, match="setup.sh --accurate"):
        mpnet_parts()


def test_the_cli_names_a_missing_accurate_base_in_one_line(adapter, monkeypatch, capsys):
    from dovehawk.cli import main

    monkeypatch.delenv("DOVEHAWK_BASES")
    assert main(["label", "--model", str(adapter)]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not found" in err[0]


def test_the_accurate_summary_sits_beside_the_default_and_judges_targets():
    from dovehawk.eval.report import render_accurate

    def head(f1):
        return {
            "macro_f1": f1,
            "macro_f1_ci95": [f1 - 0.02, f1 + 0.02],
            "ece_before_scaling": 0.1,
            "ece_after_scaling": 0.02,
        }

    def part(n, stance, sentiment):
        return {"n": n, "stance": head(stance), "sentiment": head(sentiment)}

    mine = {
        "news prose": part(600, 0.73, 0.7),
        "headlines": part(2000, 0.8, 0.76),
        "written by the team": part(50, 0.9, 0.8),
    }
    metrics = {
        "model_version": "acc",
        "corpus_version": "c0",
        "n_test": 2600,
        "training": {"train_rows": 10, "epochs_run": 1, "minutes": 3.0},
        "bf16": {
            "heads": {"stance": head(0.79), "sentiment": head(0.74)},
            "subsets": mine,
            "challenge": {"stance": {"macro_f1": 0.97}, "sentiment": {"macro_f1": 0.9}},
        },
        "default": {
            "model_version": "v9",
            "heads": {"stance": head(0.7), "sentiment": head(0.76)},
            "subsets": {"news prose": part(600, 0.59, 0.72)},
        },
    }
    text = render_accurate(metrics)
    assert "| **real-text test set** | 2600 | 0.790 (0.770-0.810) | 0.740 (0.720-0.760) | 0.700 (0.680-0.720) |" in text
    assert "| headlines | 2000 | 0.800 (0.780-0.820) | 0.760 (0.740-0.780) | - | - |" in text
    assert "real-text stance 0.790 vs 0.78: met; real-text sentiment 0.740 vs 0.75: MISSED" in text
    assert "news prose stance 0.730 vs 0.72: met" in text and "written-sentence stance 0.900 vs 0.80: met" in text
    del metrics["default"]
    assert "(default)" not in render_accurate(metrics)


def test_loading_an_adapter_shows_no_weight_loading_bar(adapter, capfd):
    from transformers.utils import logging as hf_logging

    from dovehawk.model.modeling import DovehawkModel

    capfd.readouterr()
    DovehawkModel.load(adapter)
    assert "Loading weights" not in capfd.readouterr().err
    assert hf_logging.is_progress_bar_enabled()  # left as it was
