"""The shipped checkpoint and the figures quoted from its evaluation."""

import json
from pathlib import Path

import pytest

from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS
from dovehawk.model import load_model, shipped_model_path

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [
    pytest.mark.shipped,
    pytest.mark.skipif(
        not (shipped_model_path() / "dovehawk_config.json").exists(), reason="no shipped checkpoint in model/v1"
    ),
]


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_shipped_config_and_size():
    config = json.loads((shipped_model_path() / "dovehawk_config.json").read_text())
    assert config["stance_labels"] == list(STANCE_LABELS)
    assert config["sentiment_labels"] == list(SENTIMENT_LABELS)
    assert config["context_window"] == 1
    assert 0.2 < config["stance_temperature"] < 5 and 0.2 < config["sentiment_temperature"] < 5
    assert config["training"]["corpus_version"]
    size = sum(p.stat().st_size for p in shipped_model_path().rglob("*") if p.is_file())
    assert size < 50 * 2**20


def test_int8_is_the_validated_default(model):
    # the checkpoint records which layers stay fp32 in int8 (chosen on dev by training)
    assert model.config.int8_fp32_layers is not None and model.quantized
    assert model.version == model.config.version + "+int8"
    assert model.config.training["int8_selection"][-1]["dev_agreement_stance"] >= 0.98


@pytest.mark.parametrize("quantize", [None, False])
def test_unmistakable_sentences(model, quantize):
    m = load_model(quantize=False) if quantize is False else model
    cases = [  # written for this test
        ("We call for an immediate ceasefire and peace talks.", "favor", None),
        ("A drone strike killed three people in the city overnight.", "unrelated", "negative"),
        ("Delegations from both sides met in Istanbul on Tuesday for a second round of talks.", "neutral", None),
        ("The national football team celebrated a wonderful victory in the final.", "unrelated", "positive"),
    ]
    labels = m.predict([c[0] for c in cases])
    for (text, stance, sentiment), label in zip(cases, labels):
        assert label.stance == stance, text
        if sentiment:
            assert label.sentiment == sentiment, text


# Plain phrasings v1.1 got wrong; the third written batch (w12, w13) was written to cover such
# phrasings, so this guards against regressions rather than measuring accuracy (eval does that).
@pytest.mark.parametrize(
    "text, stance",
    [
        ("Both sides must return to the negotiating table.", "favor"),
        ("The government ruled out a ceasefire.", "against"),
    ],
)
def test_plain_phrasings(model, text, stance):
    assert model.predict([text])[0].stance == stance


def test_challenge_set(model):
    # 156 plain sentences with agreed blind stance labels, never trained on (docs/releasing.md).
    # The floor is v1.2's stance macro-F1 there (0.916) less the 0.02 a new version may lose.
    from dovehawk.eval.challenge import load_challenge, score

    assert score(model, load_challenge())["stance"]["macro_f1"] >= 0.89


def test_context_resolves_a_pronoun(model):
    # "It collapsed within a week." is about a truce only because of the sentence before
    with_truce, alone = model.predict(
        ["It collapsed within a week."] * 2,
        contexts=["A ceasefire between the two armies took effect on Monday.", None],
    )
    assert with_truce.stance != "unrelated"
    assert with_truce.stance_scores["unrelated"] < alone.stance_scores["unrelated"]


def test_quoted_figures_match_the_evaluation():
    from dovehawk.eval.report import BLOCK, render_summary
    from dovehawk.markdown import read_block

    metrics = json.loads((ROOT / "reports" / "metrics.json").read_text())
    config = json.loads((shipped_model_path() / "dovehawk_config.json").read_text())
    assert metrics["model_version"] == config["version"]
    assert metrics["corpus_version"] == config["training"]["corpus_version"]
    if (ROOT / "data" / "labels.jsonl").exists():  # trained on the corpus as it stands in the repo
        from dovehawk.data import corpus_version

        assert config["training"]["corpus_version"] == corpus_version()
    for doc in (ROOT / "README.md", ROOT / "model" / "README.md"):
        assert read_block(doc, BLOCK) == render_summary(metrics), doc
