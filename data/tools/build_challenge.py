"""Assemble eval/challenge.jsonl (package data of dovehawk.eval) from the writers' files and two
blind annotators' labels.

    python data/tools/build_challenge.py KEY.jsonl ANNOTATOR_1.jsonl ANNOTATOR_2.jsonl

KEY holds the shuffled sentences with their blind ids (`id`), the writer's own id (`source_id`) and
the writer's labels; the annotators saw only `id` and `text`, in the same shuffled order, and each
file holds `id`, `stance`, `sentiment`. The output keeps all three labels per head
(`stance_writer`, `stance_1`, `stance_2`, ...); `dovehawk.eval.challenge` scores a sentence for a
head only where the two annotators agree. Sentences that share 60% or more of their words with a
sentence of `data/written.jsonl` (Jaccard over lower-cased word sets) are dropped, so the set does
not test memory of the training data.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from dovehawk.eval.challenge import NEAR, nearest, words

ROOT = Path(__file__).resolve().parents[2]
HEADS = {"stance": {"favor", "against", "neutral", "unrelated"}, "sentiment": {"positive", "negative", "neutral"}}


def read(path: str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def main(key: str, first: str, second: str) -> int:
    rows = read(key)
    labels = [{r["id"]: r for r in read(path)} for path in (first, second)]
    train = [words(r["text"]) for r in read(ROOT / "data" / "written.jsonl")]
    out = []
    for r in rows:
        if (overlap := nearest(r["text"], train)) >= NEAR:
            print(
                f"dropped {r['id']} ({r['source_id']}, {overlap:.2f} word overlap with a training sentence): {r['text']}"
            )
            continue
        row = {"id": r["id"], "writer": r["source_id"].split("-")[0], "text": r["text"]}
        for head, valid in HEADS.items():
            row[f"{head}_writer"] = r[head]
            for k, annotator in enumerate(labels, 1):
                value = annotator[r["id"]][head]
                if value not in valid:
                    raise SystemExit(f"{r['id']}: invalid {head} label {value!r} from annotator {k}")
                row[f"{head}_{k}"] = value
        out.append(row)
    path = ROOT / "eval" / "challenge.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"wrote {len(out)} sentences to {path}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    raise SystemExit(main(*sys.argv[1:]))
