"""Fit (and optionally record) a checkpoint's temperature and per-label offsets on real dev.

The training mix holds far more stance-bearing rows than real text does, so a head can carry that
label prior. Per head, this fits a temperature and one offset per label to the NLL of the real dev
rows (`dovehawk.metrics.fit_offsets`), with the checkpoint labelling as it ships (int8 where
validated, bf16 where trained so). With `--write`, the chosen heads' temperatures and offsets go
into the checkpoint's config; the other heads keep temperature scaling alone. Whether offsets help
is measured by cross-fitting on dev first (`python experiments/offsets.py CKPT --real`).

    python -m dovehawk.train.offsets --model PATH [--heads stance] [--version NAME] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from dovehawk.labels import HEADS


def fit_heads(labeller, rows: list[dict], heads) -> dict:
    """{head: (temperature, offsets)} fitted on `rows` for each of `heads`."""
    from dovehawk.metrics import fit_offsets
    from dovehawk.train.trainer import evaluate_split

    split = evaluate_split(labeller, rows)
    return {h: fit_offsets(split[h]["logits"], split[h]["gold"]) for h in heads}


def record_offsets(checkpoint: str | os.PathLike, fitted: dict, record: dict, version: str | None = None) -> None:
    """Write the fitted temperatures and offsets (and how they were fitted) into the checkpoint's config."""
    from dovehawk.model.modeling import CONFIG_FILE

    path = Path(checkpoint) / CONFIG_FILE
    config = json.loads(path.read_text())
    for head, (temperature, offsets) in fitted.items():
        config[f"{head}_temperature"] = temperature
        config[f"{head}_offsets"] = offsets
    if version:
        config["version"] = version
    config.setdefault("training", {})["offsets"] = record
    path.write_text(json.dumps(config, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dovehawk.train.offsets", description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="checkpoint folder")
    parser.add_argument("--heads", nargs="+", default=["stance"], choices=list(HEADS), help="heads to fit")
    parser.add_argument("--version", help="new version name to record (the labels change)")
    parser.add_argument("--source-dir")
    parser.add_argument("--data-dir")
    parser.add_argument("--write", action="store_true", help="record the fit in the checkpoint's config")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import dovehawk
    from dovehawk.data import corpus_version, load_corpus

    try:
        labeller = dovehawk.load_model(args.model)
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    # Fitted on the raw logits: drop any offsets already recorded, so refitting gives the same result.
    for head in args.heads:
        setattr(labeller.config, f"{head}_offsets", None)
    dev = [
        r
        for r in load_corpus(args.source_dir, args.data_dir)["dev"]
        if r["origin"] == "real" and r["stance"] is not None
    ]
    fitted = fit_heads(labeller, dev, args.heads)
    for head, (temperature, offsets) in fitted.items():
        labels = getattr(labeller.config, f"{head}_labels")
        print(
            f"{head}: temperature {temperature}, offsets "
            + ", ".join(f"{lab} {v:+.4f}" for lab, v in zip(labels, offsets))
        )
    if args.write:
        record = {"heads": args.heads, "dev_rows": len(dev), "corpus_version": corpus_version(args.data_dir)}
        record_offsets(args.model, fitted, record, args.version)
        print(f"recorded in {Path(args.model) / 'dovehawk_config.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
