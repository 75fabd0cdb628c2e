"""Import annotation results into the repository's label files and fix the document splits.

Reads the raw annotator files, the adjudication file and the team's written sentences from an
annotation work folder (outside the repo), and writes:
  data/annotations/annotator_{A,B}.jsonl   raw labels by item_id (no text)
  data/labels.jsonl                        adjudicated labels of real text, with split
  data/written.jsonl                       team-written sentences, full rows, with split
  data/newsmtsc.jsonl                      sentiment-only rows from NewsMTSC train (item_id, no text)

Splits are by document, 70/15/15, stratified by the rarest stance a document contains; the seed
article is always test. Deterministic (seeded).

    python data/tools/build_corpus.py --work /tmp/annot
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path

from dovehawk.data import read_jsonl, write_jsonl
from dovehawk.sources import NEWSMTSC_POLARITY, resolve_source_dir

PARTS = ("ukraine_part1", "ukraine_part2", "ruw_seed")
PRIORITY = ("against", "favor", "neutral", "unrelated")


def assign_splits(doc_labels: dict[str, list[str]], seed: int, shares=(0.70, 0.15, 0.15)) -> dict[str, str]:
    """doc_id -> split; documents grouped by the rarest stance they contain, then dealt out."""
    strata = defaultdict(list)
    for doc, labels in sorted(doc_labels.items()):
        strata[next(p for p in PRIORITY if p in labels or p == "unrelated")].append(doc)
    rng = random.Random(seed)
    out = {}
    for _, docs in sorted(strata.items()):
        rng.shuffle(docs)
        n_dev = round(len(docs) * shares[1])
        n_test = round(len(docs) * shares[2])
        for i, doc in enumerate(docs):
            out[doc] = "test" if i < n_test else "dev" if i < n_test + n_dev else "train"
    return out


def source_of(item_id: str) -> str:
    return {"ukraine": "ukraine_news_2014", "ruw": "ruw", "seed": "seed"}[item_id.split("/")[0]]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", default="/tmp/annot")
    parser.add_argument("--data", default="data")
    parser.add_argument("--source-dir", default=None)
    parser.add_argument("--newsmtsc", type=int, default=1500, help="NewsMTSC rows to sample")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    work, data = Path(args.work), Path(args.data)

    batch = {r["item_id"]: r for p in PARTS for r in read_jsonl(work / "batches" / f"{p}.jsonl")}
    raw = {}
    for who in ("A", "B"):
        rows = [r for p in PARTS for r in read_jsonl(work / "labels" / f"{who}_{p}.jsonl")]
        raw[who] = {r["item_id"]: r for r in rows}
        write_jsonl(
            data / "annotations" / f"annotator_{who}.jsonl",
            [
                {
                    "item_id": r["item_id"],
                    "stance": r["stance"],
                    "sentiment": r["sentiment"],
                    "note": r.get("note") or "",
                }
                for r in rows
            ],
        )
    adjudicated = {r["item_id"]: r for r in read_jsonl(work / "adjudicated.jsonl")}

    labels = []
    for item_id in batch:
        a, b = raw["A"][item_id], raw["B"][item_id]
        row = {"item_id": item_id, "source": source_of(item_id)}
        if a["stance"] == b["stance"] and a["sentiment"] == b["sentiment"]:
            row.update(stance=a["stance"], sentiment=a["sentiment"], adjudication="agreed")
        else:
            adj = adjudicated[item_id]
            row.update(
                stance=adj["stance"],
                sentiment=adj["sentiment"],
                adjudication="adjudicated",
                reason=adj.get("reason", ""),
            )
        labels.append(row)

    written = []
    for path in sorted((work / "written").glob("w*.jsonl")):
        for r in read_jsonl(path):
            written.append(
                {
                    "item_id": f"{r['doc_id']}/{r['position']}",
                    "doc_id": r["doc_id"],
                    "position": r["position"],
                    "text": r["text"],
                    "source": "written",
                    "stance": r["stance"],
                    "sentiment": r["sentiment"],
                    "conflict": r.get("conflict", ""),
                    "register": r.get("register", ""),
                    "hard_case": r.get("hard_case", "none"),
                }
            )
    seen, unique = set(), []
    for r in written:  # drop exact duplicate texts across writers
        if r["text"] not in seen:
            seen.add(r["text"])
            unique.append(r)
    written = unique
    previous = {}
    for r in written:
        r["context"] = previous.get((r["doc_id"], r["position"] - 1), "")
        previous[(r["doc_id"], r["position"])] = r["text"]

    doc_of = {i: batch[i]["doc_id"] for i in batch}
    groups = defaultdict(lambda: defaultdict(list))
    for r in labels:
        if r["source"] != "seed":
            groups[r["source"]][doc_of[r["item_id"]]].append(r["stance"])
    for r in written:
        groups["written"][r["doc_id"]].append(r["stance"])
    split = {}
    for docs in groups.values():
        split.update(assign_splits(docs, args.seed))
    for r in labels:
        r["split"] = "test" if r["source"] == "seed" else split[doc_of[r["item_id"]]]
    for r in written:
        r["split"] = split[r["doc_id"]]

    newsmtsc = []
    for i, r in enumerate(read_jsonl(resolve_source_dir(args.source_dir) / "newsmtsc" / "train.jsonl")):
        polarities = {t["polarity"] for t in r["targets"]}
        if len(polarities) == 1 and polarities <= set(NEWSMTSC_POLARITY):
            newsmtsc.append(
                {
                    "item_id": f"newsmtsc/train/{i}",
                    "source": "newsmtsc",
                    "stance": None,
                    "sentiment": NEWSMTSC_POLARITY[polarities.pop()],
                    "split": "train",
                }
            )
    newsmtsc = sorted(
        random.Random(args.seed).sample(newsmtsc, min(args.newsmtsc, len(newsmtsc))),
        key=lambda r: int(r["item_id"].rsplit("/", 1)[1]),
    )

    write_jsonl(data / "labels.jsonl", labels)
    write_jsonl(
        data / "written.jsonl",
        [
            {
                k: r[k]
                for k in (
                    "item_id",
                    "doc_id",
                    "position",
                    "text",
                    "context",
                    "source",
                    "stance",
                    "sentiment",
                    "conflict",
                    "register",
                    "hard_case",
                    "split",
                )
            }
            for r in written
        ],
    )
    write_jsonl(data / "newsmtsc.jsonl", newsmtsc)
    print(f"labels {len(labels)}, written {len(written)}, newsmtsc {len(newsmtsc)}")


if __name__ == "__main__":
    main()
