"""Write annotation batches (text joined from the third-party sources) to a folder outside the repo.

The selection of items is deterministic, so the corpus can be rebuilt: every ukraine_news_2014
sentence of a non-reserved article, the RUW train/val tweets that mention negotiation keywords plus a
seeded random sample of 300 others, and the seed article split into sentences.

    python data/tools/prepare_annotation.py --out /tmp/annot/batches
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from dovehawk.sources import (
    RESERVED_ARTICLES,
    RUW_KEYWORDS,
    iter_ruw,
    iter_seed,
    iter_ukraine,
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source-dir", default="../shared/data")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    ukraine = [r for r in iter_ukraine(args.source_dir) if r["doc_id"] not in RESERVED_ARTICLES]
    docs = sorted({r["doc_id"] for r in ukraine}, key=lambda d: int(d.split("_")[1]))
    # two halves of about equal sentence count, whole articles each
    half, count = set(), 0
    for doc in docs:
        if count < len(ukraine) / 2:
            half.add(doc)
            count += sum(r["doc_id"] == doc for r in ukraine)
    write(out / "ukraine_part1.jsonl", [r for r in ukraine if r["doc_id"] in half])
    write(out / "ukraine_part2.jsonl", [r for r in ukraine if r["doc_id"] not in half])

    tweets = list(iter_ruw(args.source_dir, splits=("train", "val")))
    hits = [t for t in tweets if RUW_KEYWORDS.search(t["text"])]
    others = [t for t in tweets if not RUW_KEYWORDS.search(t["text"])]
    sample = random.Random(13).sample(others, 300)
    chosen = sorted(hits + sample, key=lambda t: t["item_id"])
    write(out / "ruw_seed.jsonl", chosen + list(iter_seed(args.source_dir)))
    print(f"ukraine {len(ukraine)} sentences in {len(docs)} articles; ruw {len(hits)} keyword + 300 random")


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
