"""The opt-in accurate model (`--model accurate`): its committed adapter, and the figures quoted from
its evaluation. Loading it needs all-mpnet-base-v2's five packages (`scripts/setup.sh --accurate`);
without them those tests skip, saying so."""

import json
from importlib.util import find_spec
from pathlib import Path

import pytest

from dovehawk.model.predict import accurate_model_path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = accurate_model_path() / "dovehawk_config.json"
pytestmark = [
    pytest.mark.shipped,
    pytest.mark.skipif(not CONFIG.exists(), reason="no accurate model in model/accurate"),
]


def base_installed() -> bool:
    from dovehawk.model.bases import mpnet_parts

    try:
        mpnet_parts()
    except FileNotFoundError:
        return False
    return find_spec("peft") is not None


needs_base = pytest.mark.skipif(
    not base_installed(), reason="all-mpnet-base-v2's packages are not installed (scripts/setup.sh --accurate)"
)


def test_the_accurate_model_is_a_small_adapter_over_mpnet():
    config = json.loads(CONFIG.read_text())
    assert config["base_model"] == "all-mpnet-base-v2"
    assert config["lora"]["rank"] > 0 and config["bf16"] is True
    assert config["int8_fp32_layers"] is None  # labels in bf16, never int8
    size = sum(f.stat().st_size for f in accurate_model_path().rglob("*") if f.is_file())
    # the adapter (a compressed fine-tune, `dovehawk.train.compress`) and the weights it changed whole
    assert size < 40 * 2**20, f"{size / 2**20:.1f} MiB: the adapter should stay small"


def test_quoted_accurate_figures_match_its_evaluation():
    from dovehawk.eval.report import ACCURATE_BLOCK, render_accurate
    from dovehawk.markdown import read_block

    metrics = json.loads((ROOT / "reports" / "accurate" / "metrics.json").read_text())
    config = json.loads(CONFIG.read_text())
    assert metrics["model_version"] == config["version"]
    if (ROOT / "data" / "labels.jsonl").exists():  # evaluated on the corpus as it stands in the repo
        from dovehawk.data import corpus_version

        # (not necessarily the one it trained on: corpus v2.4 only added rows that were never trained
        # on, pending until then, and its test rows are new test rows)
        assert metrics["corpus_version"] == corpus_version()
    for doc in (ROOT / "README.md", ROOT / "model" / "README.md"):
        assert read_block(doc, ACCURATE_BLOCK) == render_accurate(metrics), doc


@needs_base
def test_the_accurate_model_labels_plain_sentences():
    from dovehawk.model import load_model

    model = load_model("accurate")
    suffix = "" if model.model.autocast_bf16 else "+fp32"  # fp32 on a CPU without fast bf16
    assert model.version == json.loads(CONFIG.read_text())["version"] + suffix and not model.quantized
    labels = model.predict(
        [
            "Both sides should return to the negotiating table without delay.",
            "The president rejected any ceasefire talks with the invaders.",
            "The football club signed a new striker on Friday.",
        ]
    )
    assert [r.stance for r in labels] == ["favor", "against", "unrelated"]
    for r in labels:
        assert abs(sum(r.stance_scores.values()) - 1) < 1e-4
