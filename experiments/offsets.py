"""Would per-class logit offsets fitted on dev improve a checkpoint's labels? Cross-fitted on dev only.

    python experiments/offsets.py model/v1 runs/s14-base runs/s15-base [--fp32] [--halvings 10] [--real]

Temperature scaling never changes a label; per-class offsets added to the calibrated logits do.
Two kinds are tried: offsets fitted with the temperature to the log-likelihood (bias-corrected
temperature scaling), and offsets searched to maximise macro-F1. Fitting and scoring on the same
dev rows would flatter them, so dev documents (headlines: stories) are split in two halves at random: offsets are
fitted on one half and applied to the other, and the pooled held-out macro-F1 is compared with the
plain labels. Printed: the mean and sd of that gain over `--halvings` random splits. The test split
is not read.
"""

from __future__ import annotations

import argparse
import random

import numpy as np
import torch

from dovehawk.metrics import fit_offsets, macro_f1

GRID = np.round(np.arange(-1.5, 1.51, 0.1), 2)


def fit_nll_offsets(logits: np.ndarray, gold: np.ndarray) -> tuple[float, np.ndarray]:
    """Temperature and per-class bias minimising the NLL of softmax(logits / T + b)."""
    t, bias = fit_offsets(torch.tensor(logits), list(gold))
    return t, np.array(bias)


def fit_f1_offsets(scaled: np.ndarray, gold: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Per-class offsets (first class fixed at 0) raising macro-F1, by coordinate search on a grid.

    >>> z = np.array([[1.0, 0.9], [1.0, 0.8], [0.0, 1.0]]); g = np.array([1, 1, 1])
    >>> float(fit_f1_offsets(z, g)[1]) > 0.2
    True
    """
    n = scaled.shape[1]
    offsets = np.zeros(n)
    best = macro_f1(gold, scaled.argmax(1), n)
    for _ in range(rounds):
        for k in range(1, n):
            for value in GRID:
                trial = offsets.copy()
                trial[k] = value
                score = macro_f1(gold, (scaled + trial).argmax(1), n)
                if score > best + 1e-9:
                    best, offsets = score, trial
    return offsets


def cross_fitted_gains(
    logits: np.ndarray, gold: np.ndarray, docs: list[str], temperature: float, halvings: int = 10
) -> dict[str, list[float]]:
    """Held-out macro-F1 gain over plain argmax of each kind of offsets, one value per random halving."""
    n = logits.shape[1]
    base = macro_f1(gold, logits.argmax(1), n)
    unique = sorted(set(docs))
    gains = {"nll": [], "macro_f1": []}
    for rep in range(halvings):
        half = set(random.Random(rep).sample(unique, len(unique) // 2))
        in_a = np.array([d in half for d in docs])
        pred = {kind: np.zeros(len(gold), dtype=int) for kind in gains}
        for fit, held in ((in_a, ~in_a), (~in_a, in_a)):
            t, bias = fit_nll_offsets(logits[fit], gold[fit])
            pred["nll"][held] = (logits[held] / t + bias).argmax(1)
            offsets = fit_f1_offsets(logits[fit] / temperature, gold[fit])
            pred["macro_f1"][held] = (logits[held] / temperature + offsets).argmax(1)
        for kind in gains:
            gains[kind].append(macro_f1(gold, pred[kind], n) - base)
    return gains


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python experiments/offsets.py", description=__doc__.splitlines()[0])
    parser.add_argument("checkpoints", nargs="+", help="checkpoint folders (model/v1, runs/...)")
    parser.add_argument("--fp32", action="store_true", help="fp32 encoder even where int8 is validated")
    parser.add_argument("--halvings", type=int, default=10, help="random document halvings of dev")
    parser.add_argument("--real", action="store_true", help="third-party dev rows only (the v2 rule's dev)")
    parser.add_argument("--data-dir", help="label files (default: the repo's data/)")
    parser.add_argument("--source-dir", help="third-party data (default ../shared/data)")
    args = parser.parse_args(argv)

    from dovehawk.data import load_corpus
    from dovehawk.model.predict import load_model
    from dovehawk.train.trainer import evaluate_split

    dev = [r for r in load_corpus(args.source_dir, args.data_dir)["dev"] if r["origin"] == "real" or not args.real]
    print(f"dev: {len(dev)} rows" + (" (third-party text only)" if args.real else ""))
    print("| checkpoint | head | dev macro-F1 | gain, NLL offsets | gain, macro-F1 offsets |\n|---|---|---|---|---|")
    for checkpoint in args.checkpoints:
        labeller = load_model(checkpoint, quantize=False if args.fp32 else None)
        split = evaluate_split(labeller, dev)
        for head, data in split.items():
            keep = [i for i, r in enumerate(dev) if r[head] is not None]
            logits, gold = data["logits"].numpy(), np.array(data["gold"])
            temperature = getattr(labeller.config, f"{head}_temperature")
            gains = cross_fitted_gains(
                logits, gold, [dev[i].get("story") or dev[i]["doc_id"] for i in keep], temperature, args.halvings
            )
            base = macro_f1(gold, logits.argmax(1), logits.shape[1])
            cells = " | ".join(f"{np.mean(g):+.4f} (sd {np.std(g):.4f})" for g in gains.values())
            mode = "int8" if labeller.int8_encoder is not None else "fp32"
            print(f"| {checkpoint} ({mode}) | {head} | {base:.4f} | {cells} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
