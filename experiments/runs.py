"""Compare training runs on dev from their checkpoints' records (no model is loaded, test is not read).

    python experiments/runs.py model/v1 runs/s14-base runs/s14-nm ...

Prints one row per checkpoint (version, seed, corpus, dev mean macro-F1 per epoch and of the kept
weights, minutes), then the mean and range of the kept dev figure per configuration (corpus
version and the training settings that differ from today's defaults; seed, threads and output
folders do not count): how far seeds alone move dev, which a new candidate's dev gain has to
exceed to mean anything.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from dataclasses import MISSING, fields
from pathlib import Path

# Training settings that do not define a configuration: the same recipe run again differs only in these.
NOT_RECIPE = {
    "seed",
    "threads",
    "output_dir",
    "int8_select",
    "version",
    "base_model",
    "source_dir",
    "data_dir",
    "config",
}


def recipe(training_config: dict) -> str:
    """The settings that differ from today's defaults (settings a record lacks count as default)."""
    from dovehawk.train.config import TrainConfig

    defaults = {f.name: f.default for f in fields(TrainConfig) if f.default is not MISSING}
    changed = [
        f"{k}={v}"
        for k, v in sorted(training_config.items())
        if k in defaults and k not in NOT_RECIPE and v != defaults[k]
    ]
    return ", ".join(changed) or "defaults"


def run_record(checkpoint: str | Path) -> dict:
    path = Path(checkpoint) / "dovehawk_config.json"
    if not path.exists():
        raise SystemExit(f"error: {checkpoint} is not a dovehawk checkpoint (no {path.name})")
    config = json.loads(path.read_text())
    training = config.get("training") or {}
    history = training.get("history") or []

    def mean(h: dict) -> float:
        return (h["dev_stance_macro_f1"] + h["dev_sentiment_macro_f1"]) / 2

    kept = max(history, key=lambda h: (h.get("kept", True) is not False, mean(h)), default=None)
    return {
        "checkpoint": str(checkpoint),
        "version": config.get("version", "?"),
        "seed": training.get("config", {}).get("seed"),
        "corpus": training.get("corpus_version", "?"),
        "recipe": recipe(training.get("config", {})),
        "epochs": [round(mean(h), 4) for h in history if isinstance(h["epoch"], int)],
        "kept": kept and kept["epoch"],
        "dev_stance": kept and kept["dev_stance_macro_f1"],
        "dev_sentiment": kept and kept["dev_sentiment_macro_f1"],
        "dev_mean": training.get("best_dev_mean_macro_f1"),
        "minutes": training.get("minutes"),
    }


def table(records: list[dict]) -> str:
    lines = [
        "| checkpoint | version | seed | corpus | dev mean per epoch | kept | dev stance | dev sentiment "
        "| dev mean | minutes |",
        "|" + "---|" * 10,
    ]
    for r in records:
        lines.append(
            f"| {r['checkpoint']} | {r['version']} | {r['seed']} | {r['corpus']} | "
            f"{', '.join(f'{x:.3f}' for x in r['epochs'])} | {r['kept']} | {r['dev_stance']:.3f} | "
            f"{r['dev_sentiment']:.3f} | {r['dev_mean']:.4f} | {r['minutes']:.1f} |"
        )
    groups = defaultdict(list)
    for r in records:
        groups[f"corpus {r['corpus']}, {r['recipe']}"].append(r["dev_mean"])
    lines.append("")
    for corpus, values in groups.items():
        spread = (
            f", range {min(values):.4f}-{max(values):.4f}, sd {statistics.stdev(values):.4f}" if len(values) > 1 else ""
        )
        lines.append(f"{corpus}: {len(values)} runs, dev mean macro-F1 {statistics.mean(values):.4f}{spread}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python experiments/runs.py", description=__doc__.splitlines()[0])
    parser.add_argument("checkpoints", nargs="+", help="checkpoint folders written by dovehawk train")
    args = parser.parse_args(argv)
    print(table([run_record(c) for c in args.checkpoints]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
