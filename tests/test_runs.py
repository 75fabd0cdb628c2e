"""`python experiments/runs.py`: dev comparison of training runs from their checkpoint records."""

import json

import pytest

from tests.experiments import load

main, run_record = load("runs").main, load("runs").run_record


def fake_checkpoint(path, seed, corpus, epochs, average=None, **settings):
    history = [
        {"epoch": i + 1, "dev_stance_macro_f1": s, "dev_sentiment_macro_f1": t} for i, (s, t) in enumerate(epochs)
    ]
    best = max((s + t) / 2 for s, t in epochs)
    if average:
        s, t = average
        history.append(
            {
                "epoch": "average of epochs 1-2",
                "dev_stance_macro_f1": s,
                "dev_sentiment_macro_f1": t,
                "kept": (s + t) / 2 > best,
            }
        )
        best = max(best, (s + t) / 2)
    path.mkdir()
    (path / "dovehawk_config.json").write_text(
        json.dumps(
            {
                "version": f"v-{seed}",
                "training": {
                    "config": {"seed": seed, "threads": 1, **settings},
                    "corpus_version": corpus,
                    "history": history,
                    "best_dev_mean_macro_f1": best,
                    "minutes": 1.0,
                },
            }
        )
    )
    return path


def test_kept_weights_and_seed_spread(tmp_path, capsys):
    a = fake_checkpoint(tmp_path / "a", 1, "c1", [(0.7, 0.6), (0.8, 0.7)], average=(0.9, 0.7))
    b = fake_checkpoint(tmp_path / "b", 2, "c1", [(0.7, 0.6), (0.8, 0.7)], average=(0.7, 0.7))
    assert run_record(a)["kept"] == "average of epochs 1-2" and run_record(a)["dev_mean"] == pytest.approx(0.8)
    assert run_record(b)["kept"] == 2 and run_record(b)["dev_mean"] == pytest.approx(0.75)
    assert main([str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "corpus c1, defaults: 2 runs, dev mean macro-F1 0.7750, range 0.7500-0.8000" in out


def test_runs_group_by_recipe_not_seed(tmp_path, capsys):
    a = fake_checkpoint(tmp_path / "a", 1, "c1", [(0.7, 0.6)], patience=2)
    b = fake_checkpoint(tmp_path / "b", 2, "c1", [(0.8, 0.6)], label_smoothing=0.1)
    c = fake_checkpoint(tmp_path / "c", 3, "c1", [(0.9, 0.6)], label_smoothing=0.1, output_dir="x")
    assert main([str(a), str(b), str(c)]) == 0
    out = capsys.readouterr().out
    assert "corpus c1, defaults: 1 runs, dev mean macro-F1 0.6500" in out
    assert "corpus c1, label_smoothing=0.1: 2 runs, dev mean macro-F1 0.7250, range 0.7000-0.7500" in out


def test_not_a_checkpoint_is_a_clear_error(tmp_path):
    with pytest.raises(SystemExit, match="not a dovehawk checkpoint"):
        main([str(tmp_path)])
