"""Pick (and optionally record) the layers a checkpoint's int8 encoder keeps in fp32, on the dev split.

For k = 0, 1, ... the feed-forward output projections of the first k encoder layers stay fp32 and
everything else runs in int8; the first k whose labels agree with fp32 on >= 98% of dev sentences
for both heads is chosen. `dovehawk train` does this itself; this command redoes it for an existing
checkpoint.

    python -m dovehawk.train.int8_selection [--model PATH] [--write]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dovehawk.model.context import of_rows
from dovehawk.model.int8 import AGREEMENT_BAR, Int8Encoder


def select_fp32_layers(
    labeller, rows: list[dict], bar: float = AGREEMENT_BAR, log=print
) -> tuple[list[int] | None, list]:
    """Fewest leading layers whose feed-forward output stays fp32 such that int8 labels agree with fp32
    on at least `bar` of `rows` (dev) for both heads. Returns (layers or None if none qualify, table)."""
    texts = [r["text"] for r in rows]
    contexts = of_rows(rows, labeller.config.context_window)
    reference = [t.argmax(1) for t in labeller.logits(texts, contexts)]
    n_layers = labeller.model.encoder.config.num_hidden_layers
    table = []
    for k in range(n_layers + 1):
        layers = list(range(k))
        labeller.int8_encoder = Int8Encoder(labeller.model, layers)
        try:
            predicted = [t.argmax(1) for t in labeller.logits(texts, contexts)]
        finally:
            labeller.int8_encoder = None
        agree = [float((p == r).float().mean()) for p, r in zip(predicted, reference)]
        table.append((layers, *agree))
        log(
            f"int8 with feed-forward outputs of layers {layers or 'none'} in fp32: dev agreement "
            f"stance {agree[0]:.4f}, sentiment {agree[1]:.4f}"
        )
        if min(agree) >= bar:
            return layers, table
    return None, table


def record_selection(checkpoint: str | os.PathLike, layers: list[int] | None, table: list) -> None:
    """Write the chosen layers (None: int8 not validated) and the dev table into the checkpoint's config."""
    import json

    from dovehawk.model.modeling import CONFIG_FILE

    path = Path(checkpoint) / CONFIG_FILE
    config = json.loads(path.read_text())
    config["int8_fp32_layers"] = layers
    config.setdefault("training", {})["int8_selection"] = [
        {"fp32_layers": l, "dev_agreement_stance": round(a, 4), "dev_agreement_sentiment": round(b, 4)}
        for l, a, b in table
    ]
    path.write_text(json.dumps(config, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dovehawk.train.int8_selection", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--model", help="checkpoint folder (default: the shipped model)")
    parser.add_argument("--source-dir")
    parser.add_argument("--data-dir")
    parser.add_argument("--all-dev", action="store_true", help="use written dev rows too (default: real dev only)")
    parser.add_argument("--write", action="store_true", help="record the choice in the checkpoint's config")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import dovehawk
    from dovehawk.data import load_corpus
    from dovehawk.model.predict import shipped_model_path

    dev = [
        r
        for r in load_corpus(args.source_dir, args.data_dir)["dev"]
        if r["stance"] is not None and (r["origin"] == "real" or args.all_dev)
    ]
    layers, table = select_fp32_layers(dovehawk.load_model(args.model, quantize=False), dev)
    print(f"chosen: {layers}" if layers is not None else "no choice reaches the bar: int8 stays opt-in")
    if args.write:
        record_selection(args.model or shipped_model_path(), layers, table)
        print("recorded in the checkpoint's dovehawk_config.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
