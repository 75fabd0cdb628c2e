"""Per-label offsets: fitted to the NLL on dev (`dovehawk.metrics.fit_offsets`), saved with the
checkpoint's config and applied wherever dovehawk turns logits into labels and probabilities."""

import json

import pytest
import torch

from dovehawk.metrics import fit_offsets


def test_fit_offsets_recovers_a_shifted_prior_and_temperature():
    torch.manual_seed(0)
    true_logits = torch.randn(6000, 4) * 2
    gold = torch.distributions.Categorical(logits=true_logits).sample().tolist()
    shift = torch.tensor([0.6, 0.9, -0.3, -1.2])  # a model that over-predicts the first two labels
    t, offsets = fit_offsets(true_logits * 2 + shift, gold)
    assert t == pytest.approx(2.0, rel=0.1)
    expected = -(shift / 2 - (shift / 2).mean())
    assert offsets == pytest.approx(expected.tolist(), abs=0.1)
    assert sum(offsets) == pytest.approx(0.0, abs=1e-3)


def test_config_scaled_applies_temperature_then_offsets_and_checks_their_length():
    from dovehawk.model import ModelConfig

    config = ModelConfig(stance_temperature=2.0, stance_offsets=[0.0, 0.0, 0.0, 1.0])
    logits = torch.tensor([[2.0, 0.0, 0.0, 0.0]])
    assert config.scaled("stance", logits).tolist() == [[1.0, 0.0, 0.0, 1.0]]
    assert config.scaled("sentiment", logits[:, :3]).tolist() == [[2.0, 0.0, 0.0]]  # no offsets: T = 1
    with pytest.raises(ValueError, match="stance_offsets has 2 values for 4 labels"):
        ModelConfig(stance_offsets=[0.0, 1.0])


def test_recorded_offsets_change_the_labels_and_probabilities(tiny_checkpoint, tmp_path):
    import shutil

    import dovehawk
    from dovehawk.train.offsets import record_offsets

    folder = tmp_path / "ckpt"
    shutil.copytree(tiny_checkpoint, folder)
    sentences = ["Talks resumed on Monday.", "The army shelled the town.", "Rain is expected."]
    before = dovehawk.load_model(folder).predict(sentences)
    # a large offset on `unrelated` makes it every sentence's label, and its probability near 1
    record_offsets(folder, {"stance": (1.0, [-5.0, -5.0, -5.0, 15.0])}, {"heads": ["stance"]}, "tiny-offsets")
    labeller = dovehawk.load_model(folder)
    after = labeller.predict(sentences)
    assert labeller.config.version == "tiny-offsets"
    assert [r.stance for r in after] == ["unrelated"] * 3
    assert all(r.stance_scores["unrelated"] > 0.99 for r in after)
    assert [r.sentiment for r in after] == [r.sentiment for r in before]  # the other head is untouched
    saved = json.loads((folder / "dovehawk_config.json").read_text())
    assert saved["training"]["offsets"] == {"heads": ["stance"]} and saved["sentiment_offsets"] is None


def test_offsets_command_writes_a_fit_that_refitting_reproduces(tiny_checkpoint, tmp_path, monkeypatch, capsys):
    """`python -m dovehawk.train.offsets --write` end to end on a stand-in real dev: the fit is
    recorded, and running it again on the recorded checkpoint gives the same numbers (it fits the
    raw logits, not the logits the first fit already shifted)."""
    import shutil

    import dovehawk.data
    from dovehawk.train import offsets

    from .conftest import ROWS

    dev = [
        {"text": t, "context": "", "doc_id": f"d{i}", "position": 0, "stance": s, "sentiment": m, "origin": "real"}
        for i, (t, s, m) in enumerate(ROWS * 3)
    ] + [{"text": "We wrote this one.", "stance": "favor", "sentiment": "neutral", "origin": "written"}]
    monkeypatch.setattr(dovehawk.data, "load_corpus", lambda *a, **k: {"dev": dev})
    monkeypatch.setattr(dovehawk.data, "corpus_version", lambda *a, **k: "stand-in")
    folder = tmp_path / "ckpt"
    shutil.copytree(tiny_checkpoint, folder)
    assert offsets.main(["--model", str(folder), "--heads", "stance", "--version", "tiny-fit", "--write"]) == 0
    first = json.loads((folder / "dovehawk_config.json").read_text())
    assert first["version"] == "tiny-fit"
    assert first["training"]["offsets"] == {"heads": ["stance"], "dev_rows": 24, "corpus_version": "stand-in"}
    assert len(first["stance_offsets"]) == 4 and first["sentiment_offsets"] is None
    assert offsets.main(["--model", str(folder), "--heads", "stance", "--write"]) == 0
    second = json.loads((folder / "dovehawk_config.json").read_text())
    assert second["stance_offsets"] == first["stance_offsets"]
    assert second["stance_temperature"] == first["stance_temperature"]
    assert "stance: temperature" in capsys.readouterr().out


def test_offsets_command_refuses_a_folder_without_a_checkpoint(tmp_path, capsys):
    from dovehawk.train import offsets

    assert offsets.main(["--model", str(tmp_path)]) == 2
    assert "no dovehawk checkpoint" in capsys.readouterr().err
