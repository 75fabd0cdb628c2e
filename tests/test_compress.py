"""A full fine-tune stored small (`dovehawk.train.compress`): each linear layer's change as a
truncated SVD in LoRA form, other changed encoder weights whole, loaded back over the base."""

import pytest
import torch
from safetensors.torch import load_file

from dovehawk.model import load_model
from dovehawk.model.modeling import DovehawkModel
from dovehawk.train import train
from dovehawk.train.compress import main
from tests.conftest import ROWS, write_tiny_corpus
from tests.test_train import tiny_config

pytest.importorskip("peft", reason="peft (the accurate model's adapter library) is not installed")


@pytest.fixture(scope="module")
def tuned(tiny_base, tmp_path_factory):
    """A full fine-tune of the tiny base with its word embeddings frozen, trained once."""
    folder = tmp_path_factory.mktemp("full")
    config = tiny_config(tiny_base, write_tiny_corpus(folder / "data"), folder / "ckpt", epochs=3)
    config.freeze_embeddings = True
    config.int8_select = False
    return train(config)


def logits(model: DovehawkModel) -> torch.Tensor:
    ids = torch.tensor([[2, 7, 9, 3, 11, 5]])
    return model.encode(ids, torch.ones_like(ids))


def test_full_rank_gives_back_the_fine_tune(tuned, tiny_base, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DOVEHAWK_BASES", str(tiny_base.parent))
    out = tmp_path / "small"
    assert main([str(tuned), "--rank", "32", "--out", str(out), "--version", "small-v1"]) == 0
    assert "100.0% of the linear layers' change kept" in capsys.readouterr().out
    keys = load_file(str(out / "model.safetensors")).keys()
    assert any("lora_A" in k for k in keys) and any(k.startswith("stance_head.") for k in keys)
    assert not any("word_embeddings" in k for k in keys)  # frozen: it comes from the base
    assert any(k.endswith("LayerNorm.weight") for k in keys)  # trained, so stored whole
    assert (out / "train_config.json").read_text() == (tuned / "train_config.json").read_text()
    small, full = DovehawkModel.load(out), DovehawkModel.load(tuned)
    assert small.config.version == "small-v1" and small.config.training["compressed"]["rank"] == 32
    assert torch.allclose(logits(small), logits(full), atol=2e-2)
    labeller = load_model(out)
    texts = [t for t, _, _ in ROWS]
    assert [r.stance for r in labeller.predict(texts)] == [r.stance for r in load_model(tuned).predict(texts)]


def test_a_low_rank_keeps_part_of_the_change(tuned, tiny_base, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DOVEHAWK_BASES", str(tiny_base.parent))
    assert main([str(tuned), "--rank", "1", "--out", str(tmp_path / "r1")]) == 0
    kept = float(capsys.readouterr().out.split("rank 1, ")[1].split("%")[0])
    assert 0 < kept < 100
    base = DovehawkModel.from_base(tiny_base, DovehawkModel.load(tuned).config)
    small, full = logits(DovehawkModel.load(tmp_path / "r1")), logits(DovehawkModel.load(tuned))
    assert (small - full).norm() < (logits(base) - full).norm()  # nearer the fine-tune than the base is


def test_bad_inputs_get_one_line(tuned, tiny_base, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DOVEHAWK_BASES", str(tiny_base.parent))
    assert main([str(tuned), "--out", str(tuned)]) == 2
    assert main([str(tmp_path / "nothing"), "--out", str(tmp_path / "x")]) == 2
    assert main([str(tuned), "--rank", "0", "--out", str(tmp_path / "y")]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line]
    assert len(lines) == 3 and all(line.startswith("error: ") for line in lines)
