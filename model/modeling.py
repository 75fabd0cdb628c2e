"""One encoder, two heads, and a light context layer over neighbouring sentence vectors.

Each sentence is encoded once (mean-pooled token states). The context of a sentence is the mean
vector of its `context_window` preceding sentences, which in a document are sentences we encode
anyway, so context costs almost nothing at labelling time. Heads read [s, c, s*c, has_context].
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from torch import nn
from transformers import AutoConfig, AutoModel

from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS

CONFIG_FILE = "dovehawk_config.json"
WEIGHTS_FILE = "model.safetensors"
ENCODER_DIR = "encoder"


@dataclass
class ModelConfig:
    """Everything inference needs, saved beside the weights (never read from training defaults)."""

    stance_labels: list[str] = field(default_factory=lambda: list(STANCE_LABELS))
    sentiment_labels: list[str] = field(default_factory=lambda: list(SENTIMENT_LABELS))
    max_length: int = 128
    context_window: int = 1
    head_hidden: int = 256
    dropout: float = 0.1
    stance_temperature: float = 1.0
    sentiment_temperature: float = 1.0
    # Per-label offsets added to the temperature-scaled logits (one per label, in label order), fitted
    # with the temperature to the NLL on real dev (`python -m dovehawk.train.offsets`): a correction
    # for the training mix's label prior, which holds far more stance-bearing rows than real text.
    # None: no offsets.
    stance_offsets: list[float] | None = None
    sentiment_offsets: list[float] | None = None
    version: str = "dovehawk-untrained"
    base_model: str = ""
    # Layers whose feed-forward output stays fp32 in the int8 encoder; None: int8 not validated, so
    # labelling defaults to fp32 (set by training or `python -m dovehawk.train.int8_selection --write`).
    int8_fp32_layers: list[int] | None = None
    # With int8, sentences whose calibrated top-two probabilities (either head) are closer than this
    # are recomputed in fp32: near-ties are where int8 rounding would flip a label.
    int8_recheck_margin: float = 0.05
    # Inference settings of label_document: the sentence splitter and the English check's thresholds.
    splitter: str = "blingfire"
    language_min_words: int = 8
    language_min_latin: float = 0.7
    language_min_stopwords: float = 0.12
    # A low-rank adapter (LoRA, via peft) over a frozen base encoder: {"rank", "alpha", "dropout"}.
    # Such a checkpoint stores only the adapter and the heads; the base encoder (`base_model`) is
    # found installed at load time (`dovehawk.model.bases`). None: the whole encoder is stored.
    lora: dict | None = None
    # Run the encoder under bfloat16 autocast (trained that way; fast on CPUs with AMX or AVX512-BF16).
    bf16: bool = False
    # Filled by training: the training config, corpus version and metrics, for the record.
    training: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.context_window < 0:
            raise ValueError("context_window must be >= 0")
        if self.max_length < 8:
            raise ValueError("max_length must be >= 8")
        for head in ("stance", "sentiment"):
            offsets, labels = getattr(self, f"{head}_offsets"), getattr(self, f"{head}_labels")
            if offsets is not None and len(offsets) != len(labels):
                raise ValueError(f"{head}_offsets has {len(offsets)} values for {len(labels)} labels")

    def scaled(self, head: str, logits: torch.Tensor) -> torch.Tensor:
        """Calibrated logits of `head` ("stance" or "sentiment"): divided by its temperature, plus its
        offsets; their softmax is the probabilities dovehawk reports, their argmax the label."""
        out = logits / getattr(self, f"{head}_temperature")
        offsets = getattr(self, f"{head}_offsets")
        return out if offsets is None else out + torch.tensor(offsets, dtype=out.dtype)

    @classmethod
    def from_dict(cls, data: dict) -> ModelConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@contextlib.contextmanager
def _no_progress_bar():
    """transformers' progress bars off inside the block, as they were after it."""
    from transformers.utils import logging as hf_logging

    enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if enabled:
            hf_logging.enable_progress_bar()


class Head(nn.Module):
    def __init__(self, dim: int, hidden: int, n_labels: int, dropout: float):
        super().__init__()
        self.net = nn.Sequential(
            nn.Dropout(dropout),
            nn.Linear(3 * dim + 1, hidden),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, n_labels),
        )

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return self.net(features)


_NATIVE_BF16: bool | None = None


def native_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 matrices at least about as fast as fp32 (AMX or
    AVX512-BF16: Intel Xeons since Cooper Lake, AMD Zen 4). Elsewhere bf16 is emulated, some 100x
    slower, so a bf16 checkpoint labels in fp32 instead. Measured once per process on a small
    product (milliseconds); `DOVEHAWK_BF16=1` or `0` decides instead."""
    global _NATIVE_BF16
    forced = os.environ.get("DOVEHAWK_BF16")
    if forced in ("0", "1"):
        return forced == "1"
    if _NATIVE_BF16 is None:
        import time

        pairs = {
            dtype: (torch.ones(64, 512, dtype=dtype), torch.ones(512, 512, dtype=dtype))
            for dtype in (torch.float32, torch.bfloat16)
        }
        for a, b in pairs.values():  # warm-up of both first: the process's first product also starts
            a @ b  # the thread pool, which must not count against whichever dtype is timed first

        def seconds(dtype) -> float:
            a, b = pairs[dtype]
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                a @ b
                best = min(best, time.perf_counter() - start)
            return best

        _NATIVE_BF16 = seconds(torch.bfloat16) <= 2 * seconds(torch.float32)
    return _NATIVE_BF16


class DovehawkModel(nn.Module):
    """Encoder + stance head + sentiment head.

    >>> from transformers import BertConfig
    >>> enc = BertConfig(vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
    ...                  intermediate_size=64)
    >>> m = DovehawkModel(ModelConfig(), enc)
    >>> ids = torch.tensor([[2, 5, 3]]); mask = torch.ones_like(ids)
    >>> v = m.encode(ids, mask); tuple(m.heads_forward(v, torch.zeros_like(v), torch.zeros(1))[0].shape)
    (1, 4)
    """

    def __init__(self, config: ModelConfig, encoder_config, encoder=None):
        super().__init__()
        self.config = config
        # Whether `encode` runs under bf16 autocast: as trained (`config.bf16`), unless the labeller
        # turns it off (`--fp32`, or a CPU without fast bf16: `native_bf16`).
        self.autocast_bf16 = config.bf16
        self.encoder = encoder if encoder is not None else AutoModel.from_config(encoder_config)
        dim = encoder_config.hidden_size
        self.stance_head = Head(dim, config.head_hidden, len(config.stance_labels), config.dropout)
        self.sentiment_head = Head(dim, config.head_hidden, len(config.sentiment_labels), config.dropout)

    def encode(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Mean-pooled token states, one vector per sentence (fp32, also under `bf16`)."""
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.autocast_bf16):
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        states = states.float()
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        return (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)

    def add_lora(self, rank: int, alpha: float, dropout: float = 0.1) -> None:
        """Freeze the encoder and train a low-rank adapter on every linear layer instead."""
        from peft import LoraConfig, get_peft_model

        self.config.lora = {"rank": rank, "alpha": alpha, "dropout": dropout}
        settings = LoraConfig(r=rank, lora_alpha=alpha, lora_dropout=dropout, target_modules="all-linear")
        with warnings.catch_warnings():  # peft asks transformers a deprecated question; not the user's concern
            warnings.simplefilter("ignore", FutureWarning)
            self.encoder = get_peft_model(self.encoder, settings)

    def merge_lora(self) -> None:
        """Fold the adapter into the encoder's weights (inference: one plain encoder, int8 as usual)."""
        if hasattr(self.encoder, "merge_and_unload"):
            self.encoder = self.encoder.merge_and_unload()

    def heads_forward(self, sentence: torch.Tensor, context: torch.Tensor, has_context: torch.Tensor):
        """Logits of both heads from sentence vectors, context vectors (zeros if none) and a 0/1 flag."""
        context = context * has_context.unsqueeze(-1)
        features = torch.cat([sentence, context, sentence * context, has_context.unsqueeze(-1)], dim=-1)
        return self.stance_head(features), self.sentiment_head(features)

    # -- persistence ---------------------------------------------------------------------------

    def save(self, path: str | Path, tokenizer=None, half: bool = True, whole: Sequence[str] = ()) -> None:
        """Write weights (fp16 by default, to keep the shipped checkpoint small), configs, tokenizer.
        An adapter checkpoint stores the adapter and the heads, plus the encoder weights named in
        `whole` (those a compressed fine-tune changed: `dovehawk.train.compress`)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        state = self.state_dict()
        if self.config.lora:  # the base encoder is installed
            keep = set(whole)
            state = {k: v for k, v in state.items() if "lora_" in k or not k.startswith("encoder.") or k in keep}
        state = {k: (v.half() if half and v.is_floating_point() else v).contiguous() for k, v in state.items()}
        save_file(state, str(path / WEIGHTS_FILE))
        encoder = self.encoder.get_base_model() if hasattr(self.encoder, "get_base_model") else self.encoder
        encoder.config.save_pretrained(path / ENCODER_DIR)
        (path / CONFIG_FILE).write_text(json.dumps(asdict(self.config), indent=2) + "\n")
        if tokenizer is not None:
            tokenizer.save_pretrained(path)

    @classmethod
    def load(cls, path: str | Path) -> DovehawkModel:
        path = Path(path)
        config = ModelConfig.from_dict(json.loads((path / CONFIG_FILE).read_text()))
        state = {k: v.float() if v.is_floating_point() else v for k, v in load_file(str(path / WEIGHTS_FILE)).items()}
        if not config.lora:
            model = cls(config, AutoConfig.from_pretrained(path / ENCODER_DIR))
            model.load_state_dict(state)
            return model.eval()
        from dovehawk.model.bases import find_base

        lora = dict(config.lora)
        with _no_progress_bar():  # loading a labeller is not a long job: no weight-loading bar for the user
            model = cls.from_base(find_base(config.base_model), config)
        model.add_lora(lora["rank"], lora["alpha"], lora.get("dropout", 0.1))
        missing, unexpected = model.load_state_dict(state, strict=False)
        absent = [k for k in missing if "lora_" in k or not k.startswith("encoder.")]
        if absent or unexpected:
            raise ValueError(
                f"{path}: the adapter does not fit its base {config.base_model} "
                f"({len(absent)} weights missing, {len(unexpected)} unexpected)"
            )
        model.merge_lora()
        return model.eval()

    @classmethod
    def from_base(cls, base: str | Path, config: ModelConfig, dropout: float | None = None) -> DovehawkModel:
        """A fresh model whose encoder starts from a local transformers folder (heads random)."""
        overrides = {} if dropout is None else {"hidden_dropout_prob": dropout, "attention_probs_dropout_prob": dropout}
        encoder = AutoModel.from_pretrained(base, **overrides)
        return cls(config, encoder.config, encoder=encoder)
