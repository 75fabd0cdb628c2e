"""Pick (and optionally record) the layers a checkpoint's int8 encoder keeps in fp32, on the dev split.

For k = 0, 1, ... the feed-forward output projections of the first k encoder layers stay fp32 and
everything else runs in int8; the first k whose labels agree with fp32 on >= 98% of dev sentences
for both heads is chosen. `dovehawk train` does this itself; this command redoes it for an existing
checkpoint.

    python -m dovehawk.eval.int8_select [--model PATH] [--write]
"""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dovehawk.eval.int8_select", description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="checkpoint folder (default: the shipped model)")
    parser.add_argument("--source-dir")
    parser.add_argument("--data-dir")
    parser.add_argument("--write", action="store_true", help="record the choice in the checkpoint's config")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import dovehawk
    from dovehawk.data import load_corpus
    from dovehawk.model.int8 import record_selection, select_fp32_layers
    from dovehawk.model.predict import shipped_model_path

    dev = [r for r in load_corpus(args.source_dir, args.data_dir)["dev"] if r["stance"] is not None]
    layers, table = select_fp32_layers(dovehawk.load_model(args.model, quantize=False), dev)
    print(f"chosen: {layers}" if layers is not None else "no choice reaches the bar: int8 stays opt-in")
    if args.write:
        record_selection(args.model or shipped_model_path(), layers, table)
        print("recorded in the checkpoint's dovehawk_config.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
