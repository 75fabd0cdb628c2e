import json

import pytest
import torch

from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS
from dovehawk.model import load_model

SENTENCES = ["Talks resume.", "The minister rejected any talks as a dangerous trap.", "Delegations met."]


def test_checkpoint_round_trips_label_maps_and_temperature(tiny_checkpoint):
    config = json.loads((tiny_checkpoint / "dovehawk_config.json").read_text())
    assert config["stance_labels"] == list(STANCE_LABELS)
    assert config["sentiment_labels"] == list(SENTIMENT_LABELS)
    model = load_model(tiny_checkpoint)
    assert model.config.stance_temperature == 1.5
    assert model.config.context_window == 1
    assert model.version == "tiny-test"


def test_predict_returns_records_in_input_order_with_probabilities(tiny_checkpoint):
    model = load_model(tiny_checkpoint)
    labels = model.predict(SENTENCES, contexts=[None, SENTENCES[0], ""])
    assert [r.text for r in labels] == SENTENCES
    for r in labels:
        assert abs(sum(r.stance_scores.values()) - 1) < 1e-5
        assert abs(sum(r.sentiment_scores.values()) - 1) < 1e-5
        assert r.stance == max(r.stance_scores, key=r.stance_scores.get)
        assert set(r.stance_scores) == set(STANCE_LABELS)
    assert labels[1].context == SENTENCES[0] and labels[0].context is None
    with pytest.raises(AttributeError):
        labels[0].stance = "favor"  # frozen record
    # batching and sorting must not change a sentence's result
    alone = model.predict([SENTENCES[1]], contexts=[SENTENCES[0]])[0]
    assert alone.stance_scores == pytest.approx(labels[1].stance_scores, abs=1e-5)


def test_context_changes_the_scores(tiny_checkpoint):
    model = load_model(tiny_checkpoint)
    with_ctx, without = model.predict([SENTENCES[2]] * 2, contexts=[SENTENCES[1], None])
    assert with_ctx.stance_scores != without.stance_scores


def test_predict_rejects_bad_arguments(tiny_checkpoint):
    model = load_model(tiny_checkpoint)
    with pytest.raises(TypeError):
        model.predict("a single string")
    with pytest.raises(ValueError):
        model.predict(["a", "b"], contexts=[None])
    assert model.predict([]) == []


def test_label_document_offsets_and_contexts(tiny_checkpoint):
    model = load_model(tiny_checkpoint)
    text = "Ceasefire talks open\nDelegations met in Geneva. Mr. Smith said the U.S. agreed."
    doc = model.label_document(text)
    assert [s.text for s in doc] == [
        "Ceasefire talks open",
        "Delegations met in Geneva.",
        "Mr. Smith said the U.S. agreed.",
    ]
    for s in doc:
        assert text[s.start : s.end] == s.text
    assert doc[0].context is None and doc[1].context == doc[0].text
    # label_document and predict with the previous sentence as context agree
    direct = model.predict([d.text for d in doc], contexts=[d.context for d in doc])
    for a, b in zip(doc, direct):
        assert a.stance_scores == pytest.approx(b.stance_scores, abs=1e-5)


def test_int8_is_opt_in_until_validated_and_rechecks_near_ties(tiny_checkpoint):
    assert not load_model(tiny_checkpoint).quantized  # tiny checkpoint: int8_fp32_layers is None
    fp32 = load_model(tiny_checkpoint, quantize=False)
    int8 = load_model(tiny_checkpoint, quantize=True)
    assert int8.version.endswith("+int8") and int8.int8_encoder is not None
    a, b = fp32.encode(SENTENCES), int8.encode(SENTENCES)
    assert not torch.equal(a, b) and torch.allclose(a, b, atol=0.1)  # int8 really ran, and is close
    # a margin above 1 rechecks every sentence: without context its logits are then exactly fp32's
    int8.config.int8_recheck_margin = 1.01
    for x, y in zip(fp32.logits(SENTENCES, [None] * 3), int8.logits(SENTENCES, [None] * 3)):
        assert torch.allclose(x, y, atol=1e-5)
    int8.config.int8_recheck_margin = 0.0
    assert not torch.allclose(fp32.logits(SENTENCES, [None] * 3)[0], int8.logits(SENTENCES, [None] * 3)[0], atol=1e-5)
    text = "Ceasefire talks open\nDelegations met in Geneva. Mr. Smith said the U.S. agreed."
    int8.config.int8_recheck_margin = 1.01  # the document path rechecks too (first sentence: no context)
    x, y = int8.label_document(text), fp32.label_document(text)
    assert [(d.start, d.end) for d in x] == [(d.start, d.end) for d in y]
    assert x[0].stance_scores == pytest.approx(y[0].stance_scores, abs=1e-5)


def test_missing_checkpoint_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no dovehawk checkpoint"):
        load_model(tmp_path)


def with_window(checkpoint, folder, window: int):
    """The tiny checkpoint, copied with another context window."""
    import shutil

    shutil.copytree(checkpoint, folder)
    config = json.loads((folder / "dovehawk_config.json").read_text())
    config["context_window"] = window
    (folder / "dovehawk_config.json").write_text(json.dumps(config))
    return load_model(folder)


def test_a_window_0_checkpoint_ignores_contexts_on_every_path(tiny_checkpoint, tmp_path):
    model = with_window(tiny_checkpoint, tmp_path / "w0", 0)
    with_ctx, without = model.predict([SENTENCES[2]] * 2, contexts=[SENTENCES[1], None])
    # equal up to float rounding: two rows of one batch may differ in the last bits on some CPUs
    assert with_ctx.stance_scores == pytest.approx(without.stance_scores, abs=1e-5) and with_ctx.context is None
    s, _ = model.logits([SENTENCES[2]] * 2, [SENTENCES[1], None])
    assert torch.allclose(s[0], s[1], atol=1e-6)
    doc = model.label_document(" ".join(SENTENCES))
    assert all(d.context is None for d in doc)


def test_context_of_several_sentences_is_the_mean_of_their_vectors(tiny_checkpoint, tmp_path):
    model = with_window(tiny_checkpoint, tmp_path / "w2", 2)
    doc = model.label_document(" ".join(SENTENCES))
    assert doc[2].context == f"{SENTENCES[0]} {SENTENCES[1]}"
    direct = model.predict([doc[2].text], contexts=[[SENTENCES[0], SENTENCES[1]]])[0]
    assert direct.stance_scores == pytest.approx(doc[2].stance_scores, abs=1e-5)


def test_training_encodes_the_same_contexts_as_labelling(tiny_checkpoint):
    from dovehawk.model.modeling import ModelConfig
    from dovehawk.train.trainer import encode_rows

    model = load_model(tiny_checkpoint)
    rows = [
        {
            "doc_id": "d",
            "position": i,
            "text": t,
            "context": SENTENCES[i - 1] if i else "",
            "stance": "neutral",
            "sentiment": "neutral",
        }
        for i, t in enumerate(SENTENCES)
    ]
    two = encode_rows(rows, model.tokenizer, ModelConfig(context_window=2))
    assert [len(e["ctx"]) for e in two] == [0, 1, 2]
    assert [len(e["ctx"]) for e in encode_rows(rows, model.tokenizer, ModelConfig(context_window=0))] == [0, 0, 0]


def test_label_document_does_not_label_text_that_is_not_english(tiny_checkpoint):
    model = load_model(tiny_checkpoint)
    russian = "Делегации встретились в Женеве и договорились продолжить переговоры на следующей неделе."
    doc = model.label_document(russian)
    assert doc and all(not d.scored and d.stance is None and d.stance_scores == {} for d in doc)
    english = "The delegations met in Geneva on Monday and agreed to meet again next week in the same place."
    mixed = model.label_document(f"{english}\n{russian}\n{english}")
    assert [d.scored for d in mixed] == [True, False, True]
    assert mixed[2].context == english  # the unscored sentence is not anyone's context
    assert model.config.splitter == "blingfire" and model.config.language_min_words == 8


def test_building_the_int8_encoder_prints_no_advice(tiny_checkpoint, tmp_path, monkeypatch, capfd, caplog):
    import logging

    monkeypatch.setenv("DOVEHAWK_CACHE", str(tmp_path / "cache"))
    handlers = list(logging.getLogger().handlers)
    with caplog.at_level(logging.INFO):
        load_model(tiny_checkpoint, quantize=True).encode(SENTENCES)
    assert list((tmp_path / "cache").glob("encoder-*.onnx"))  # built here, not read from a cache
    # ONNX Runtime's advice to pre-process, logged through the root logger on every quantisation
    assert not [r for r in caplog.records if "pre-process" in r.getMessage()]
    assert "pre-process" not in capfd.readouterr().err
    assert logging.getLogger().handlers == handlers and logging.root.manager.disable == logging.NOTSET
