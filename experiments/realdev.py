"""Real-dev comparison of checkpoints (docs/releasing.md, the v2 rule): macro-F1 per head on the
third-party dev rows, with the context vector on and off, and the share of rows past max_length.

    python experiments/realdev.py model/v1 runs/v2a runs/v2b [--no-context-ablation]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from dovehawk.data import load_corpus
from dovehawk.labels import HEADS
from dovehawk.metrics import macro_f1
from dovehawk.model.context import of_rows


def scores(labeller, rows, contexts, registers=None) -> dict:
    """Macro-F1 per head and their mean; with `registers`, also stance macro-F1 per register."""
    logits = labeller.logits([r["text"] for r in rows], contexts)
    out = {}
    for (head, labels), lg in zip(HEADS.items(), logits):
        gold = [labels.index(r[head]) for r in rows]
        pred = labeller.config.scaled(head, lg).argmax(-1).tolist()  # as it labels: offsets included
        out[head] = macro_f1(gold, pred, len(labels))
        if head == "stance" and registers:
            for reg in registers:
                idx = [i for i, r in enumerate(rows) if r.get("register") == reg]
                out[reg] = macro_f1([gold[i] for i in idx], [pred[i] for i in idx], len(labels))
    out["mean"] = (out["stance"] + out["sentiment"]) / 2
    return out


def bf16_checkpoint(path) -> bool:
    """Whether a checkpoint (a folder or a shipped name) labels in bf16 (the accurate model): scored
    as it labels, bf16 where the CPU has fast bf16; any other checkpoint is scored in fp32."""
    from dovehawk.model.predict import NAMED_MODELS

    folder = Path(NAMED_MODELS[str(path)]() if str(path) in NAMED_MODELS else path)
    config = folder / "dovehawk_config.json"
    return config.is_file() and bool(json.loads(config.read_text(encoding="utf-8")).get("bf16"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="+", help="checkpoint folders")
    parser.add_argument("--source-dir")
    parser.add_argument("--data-dir")
    parser.add_argument("--no-context-ablation", action="store_true", help="skip the contexts-blanked pass")
    parser.add_argument("--by-register", action="store_true", help="also print stance macro-F1 per register")
    parser.add_argument("--written", action="store_true", help="score the team-written dev rows instead")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import dovehawk

    dev = [
        r
        for r in load_corpus(args.source_dir, args.data_dir)["dev"]
        if r["origin"] == ("written" if args.written else "real") and r["stance"] is not None
    ]
    print(f"{'written' if args.written else 'real'} dev: {len(dev)} rows")
    registers = sorted({r.get("register") for r in dev if r.get("register")}) if args.by_register else []
    per_register = []
    print(
        "| model | version | stance | sentiment | mean | stance, no context | sentiment, no context | "
        "rows over max_length |\n|---|---|---|---|---|---|---|---|"
    )
    for path in args.models:
        labeller = dovehawk.load_model(path, quantize=None if bf16_checkpoint(path) else False)
        with_ctx = scores(labeller, dev, of_rows(dev, labeller.config.context_window), registers)
        per_register.append((path, with_ctx))
        if args.no_context_ablation:
            no_ctx = {"stance": float("nan"), "sentiment": float("nan")}
        else:
            no_ctx = scores(labeller, dev, [None] * len(dev))
        lengths = labeller.tokenizer([r["text"] for r in dev])["input_ids"]
        over = sum(len(ids) > labeller.config.max_length for ids in lengths) / len(dev)
        print(
            f"| {path} | {labeller.config.version} | {with_ctx['stance']:.4f} | {with_ctx['sentiment']:.4f} | "
            f"{with_ctx['mean']:.4f} | {no_ctx['stance']:.4f} | {no_ctx['sentiment']:.4f} | {over:.1%} |"
        )
    if registers:
        counts = {reg: sum(r.get("register") == reg for r in dev) for reg in registers}
        print("\nstance macro-F1 per register (real dev, contexts kept)\n")
        print("| model | " + " | ".join(f"{reg} ({counts[reg]})" for reg in registers) + " |")
        print("|---|" + "---|" * len(registers))
        for path, sc in per_register:
            print(f"| {path} | " + " | ".join(f"{sc[reg]:.4f}" for reg in registers) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
