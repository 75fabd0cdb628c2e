"""The plain-sentence challenge set: agreement of its annotators and a checkpoint's score on it.

`challenge.jsonl` (beside this module; package data, so an installed wheel has it too) holds short
news-style sentences written for this set by two writers and labelled blind by two further
annotators (text only, shuffled). A sentence counts for a head only
where the two blind annotators agree; it is never trained or tuned on (docs/releasing.md).

    python -m dovehawk.eval.challenge                      # the shipped model
    python -m dovehawk.eval.challenge --model runs/v14 --compare
"""

from __future__ import annotations

import argparse
import os
import re
from collections import Counter
from pathlib import Path

from dovehawk.data import read_jsonl
from dovehawk.labels import HEADS
from dovehawk.metrics import head_metrics

CHALLENGE = Path(__file__).with_name("challenge.jsonl")  # package data: found in a wheel too
NEAR = 0.6  # a sentence sharing this share of its words with a training sentence is not in the set


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", text.lower()))


def nearest(text: str, train: list[set[str]]) -> float:
    """Highest Jaccard overlap of `text`'s word set with any of the `train` word sets."""
    w = words(text)
    return max(len(w & x) / len(w | x) for x in train)


def load_challenge(path=None) -> list[dict]:
    """Rows with `text`, the writer's intent and both annotators' labels per head."""
    return list(read_jsonl(Path(path or CHALLENGE)))


def gold(rows: list[dict], head: str) -> list[tuple[int, str]]:
    """(row index, label) for the rows whose two blind annotators agree on `head`."""
    return [(i, r[f"{head}_1"]) for i, r in enumerate(rows) if r[f"{head}_1"] == r[f"{head}_2"]]


def agreement(rows: list[dict]) -> dict:
    """Krippendorff's alpha and raw agreement of the blind annotators; agreement of their label with the writer's."""
    import krippendorff
    import numpy as np

    out = {"n": len(rows)}
    for head, labels in HEADS.items():
        data = np.array([[labels.index(r[f"{head}_{k}"]) for r in rows] for k in (1, 2)])
        kept = gold(rows, head)
        out[head] = {
            "alpha": round(float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")), 3),
            "agreement": round(float((data[0] == data[1]).mean()), 3),
            "kept": len(kept),
            "kept_matches_writer": round(sum(rows[i][f"{head}_writer"] == g for i, g in kept) / len(kept), 3),
            "kept_labels": dict(Counter(g for _, g in kept)),
        }
    return out


def score(labeller, rows: list[dict]) -> dict:
    """Macro-F1 and accuracy per head on the agreed rows, and the stance errors."""
    labels = labeller.predict([r["text"] for r in rows])
    out = {}
    for head, names in HEADS.items():
        kept = gold(rows, head)
        pred = [getattr(labels[i], head) for i, _ in kept]
        m = head_metrics([names.index(g) for _, g in kept], [names.index(p) for p in pred], list(names))
        out[head] = {"n": m["n"], "macro_f1": m["macro_f1"], "accuracy": m["accuracy"]}
        if head == "stance":
            out["stance_errors"] = [
                {
                    "id": rows[i]["id"],
                    "text": rows[i]["text"],
                    "gold": g,
                    "predicted": p,
                    "probability": round(labels[i].stance_scores[p], 2),
                }
                for (i, g), p in zip(kept, pred)
                if g != p
            ]
    return out


def evaluate(model_path=None, path=None) -> dict:
    """Scores of one checkpoint in fp32 and in its default mode (once where the two are the same)."""
    import dovehawk
    from dovehawk.model.modeling import native_bf16

    rows = load_challenge(path)
    labeller = dovehawk.load_model(model_path, quantize=False)
    result = {"fp32": {**score(labeller, rows), "version": labeller.version}}
    config = labeller.config
    # the default mode differs from fp32 only for int8 (validated) or bf16 on a CPU with fast bf16
    if native_bf16() if config.bf16 else config.int8_fp32_layers is not None:
        labeller = dovehawk.load_model(model_path)
        result["default"] = {**score(labeller, rows), "version": labeller.version}
    return result


def render(result: dict) -> str:
    lines = []
    for s in result.values():
        lines.append(
            f"{s['version']:28s} stance macro-F1 {s['stance']['macro_f1']:.3f} (acc. {s['stance']['accuracy']:.3f}, "
            f"n={s['stance']['n']}); sentiment macro-F1 {s['sentiment']['macro_f1']:.3f} "
            f"(acc. {s['sentiment']['accuracy']:.3f}, n={s['sentiment']['n']})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dovehawk.eval.challenge",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--model", help="checkpoint folder (default: the shipped model)")
    parser.add_argument("--compare", action="store_true", help="also score the shipped model")
    parser.add_argument("--errors", action="store_true", help="list the stance errors")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    rows = load_challenge()
    a = agreement(rows)
    print(
        f"challenge set: {a['n']} sentences; blind annotators agree on stance {a['stance']['agreement']:.1%} "
        f"(alpha {a['stance']['alpha']:.3f}), sentiment {a['sentiment']['agreement']:.1%} "
        f"(alpha {a['sentiment']['alpha']:.3f}); agreed stance labels match the writer's on "
        f"{a['stance']['kept_matches_writer']:.1%}"
    )
    runs = [args.model] + ([None] if args.compare and args.model else [])
    for model_path in runs:
        result = evaluate(model_path)
        print(render(result))
        if args.errors:
            for e in result["default"]["stance_errors"]:
                print(f"  {e['id']}: gold {e['gold']}, predicted {e['predicted']} ({e['probability']}): {e['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
