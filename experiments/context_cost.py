"""What context costs at labelling time: sentence-only vs dovehawk's context vector vs sentence pairs.

On the articles of ukraine_news_2014 (all 90, gold sentences), times in one process:
  sentence-only   encode each sentence once, no context (window 0);
  context vector  dovehawk's way: each sentence encoded once, the previous sentence's vector reused;
  sentence pair   encode "previous [SEP] sentence" per sentence (the cost of a cross-encoder context).
Prints seconds and the ratio to sentence-only (the design target is <= 1.3x).

    python experiments/context_cost.py
"""

from __future__ import annotations

import argparse
import time

import torch

from dovehawk.model.context import preceding
from dovehawk.sources import iter_ukraine


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python experiments/context_cost.py", description=__doc__.splitlines()[0])
    parser.add_argument("--model")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--update-docs", action="store_true", help="write the table into docs/performance.md")
    args = parser.parse_args(argv)
    import dovehawk

    model = dovehawk.load_model(args.model)
    docs: dict[str, list[str]] = {}
    for row in iter_ukraine():
        docs.setdefault(row["doc_id"], []).append(row["text"])
    sentences = [s for d in docs.values() for s in d]
    pairs = [
        f"{d[i - 1]} {model.tokenizer.sep_token} {d[i]}" if i else d[i] for d in docs.values() for i in range(len(d))
    ]

    def sentence_only():
        v = model.encode(sentences)
        model.model.heads_forward(v, torch.zeros_like(v), torch.zeros(len(v)))

    def context_vector():  # as label_documents does: each sentence encoded once, contexts reuse the vectors
        lists = [c for d in docs.values() for c in preceding(d, model.config.context_window)]
        model.logits(sentences, lists)

    def sentence_pair():
        model.encode(pairs)

    timings = {}
    with torch.inference_mode():
        for name, fn in (
            ("sentence-only", sentence_only),
            ("context vector (dovehawk)", context_vector),
            ("sentence pair (cost only)", sentence_pair),
        ):
            best = float("inf")
            for _ in range(args.repeats):
                start = time.perf_counter()
                fn()
                best = min(best, time.perf_counter() - start)
            timings[name] = best
    base = timings["sentence-only"]
    lines = [
        f"{len(sentences)} sentences in {len(docs)} articles, best of {args.repeats}.",
        "",
        "| way | seconds | x sentence-only |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {t:.1f} | {t / base:.2f} |" for name, t in timings.items()]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.update_docs:
        from pathlib import Path

        from dovehawk.markdown import update_block

        update_block(Path(__file__).resolve().parents[1] / "docs" / "performance.md", "context", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
