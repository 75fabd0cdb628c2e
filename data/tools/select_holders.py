"""Select the sentences for the holder gold standard and write the annotators' batch files.

    python data/tools/select_holders.py --work /work/annot_holders
    python data/tools/select_holders.py --work /work/annot_holders --split train --docs 60 --headlines 150 \
        --first-batch 2 --batches 2     # tuning gold from train documents (holder rules are tuned on it)

Every stance-bearing (favor / against / neutral) dev and test sentence of the articles and statements
in corpus v2 (pending batches included), plus a seeded random sample of dev and test headlines, in
document order. Batch files (outside the repo, they hold third-party text): WORK/batches/hNN.txt and
hNN.ids.json (line -> item_id). Guideline: docs/holder-guidelines.md.

    git show 694ea57:data/holders/gold.jsonl > /tmp/first.jsonl   # the first 1,000 (guideline v1.0)
    python data/tools/select_holders.py --work /work/annot_reread --ids /tmp/first.jsonl --first-batch 40 \
        --batches 4   # a re-read: the rows of that gold file (of --split), under today's guideline
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from dovehawk.io import read_jsonl
from dovehawk.sources import iter_document_sentences, real_news_texts

CONTEXT = 6  # earlier sentences shown before each labelled sentence


def select(data: Path, headlines: int, seed: int, splits=("dev", "test"), docs_sample: int = 0) -> list[dict]:
    """Stance-bearing rows of `splits`: every article and statement sentence (or those of a seeded sample
    of `docs_sample` documents) and a seeded sample of `headlines` headlines."""
    rows = _labelled(data)
    keep = [r for r in rows if r["split"] in splits and r["stance"] != "unrelated"]
    docs = [r for r in keep if r["register"] in ("news", "statement")]
    if docs_sample:
        doc_ids = sorted({r["item_id"].rsplit("/", 1)[0] for r in docs})
        random.Random(seed).shuffle(doc_ids)
        chosen = set(doc_ids[:docs_sample])
        docs = [r for r in docs if r["item_id"].rsplit("/", 1)[0] in chosen]
    heads = sorted((r for r in keep if r["register"] == "headline"), key=lambda r: r["item_id"])
    random.Random(seed).shuffle(heads)
    return docs + heads[:headlines]


def given(data: Path, path: Path, splits) -> list[dict]:
    """The corpus rows of the gold rows in `path` of `splits`, to be read again."""
    ids = {r["item_id"] for r in read_jsonl(path) if r["split"] in splits}
    return [r for r in _labelled(data) if r["item_id"] in ids]


def _labelled(data: Path) -> list[dict]:
    """The corpus v2 label rows, pending batches included."""
    rows = list(read_jsonl(data / "labels_v2.jsonl"))
    pending = data / "v2" / "pending" / "labels_v2.jsonl"
    return rows + (list(read_jsonl(pending)) if pending.exists() else [])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", required=True)
    parser.add_argument("--data", default="data")
    parser.add_argument("--source-dir", default=None)
    parser.add_argument("--headlines", type=int, default=330)
    parser.add_argument("--batches", type=int, default=2)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--split", default="dev,test", help="comma-separated splits to draw from")
    parser.add_argument("--docs", type=int, default=0, help="sample this many documents (0: all)")
    parser.add_argument("--ids", default="", help="read again the rows of this gold file (with --split)")
    parser.add_argument("--first-batch", type=int, default=0, help="number of the first batch file (hNN)")
    args = parser.parse_args(argv)
    splits = tuple(args.split.split(","))
    if args.ids:
        chosen = given(Path(args.data), Path(args.ids), splits)
    else:
        chosen = select(Path(args.data), args.headlines, args.seed, splits, args.docs)
    stance = {r["item_id"]: r["stance"] for r in chosen}
    doc_ids = {i.rsplit("/", 1)[0] for i in stance if not i.startswith("headlines/")}
    sentences = {}
    for s in iter_document_sentences(args.source_dir, doc_ids):
        sentences.setdefault(s["doc_id"], []).append(s)
    units = real_news_texts(args.source_dir, [i for i in stance if i.startswith("headlines/")])
    blocks = []  # one block per document or headline: (item_ids, lines)
    for doc_id in sorted(sentences):
        sents = sentences[doc_id]
        by_id = {s["item_id"]: s for s in sents}
        wanted = [s for s in sents if s["item_id"] in stance]
        missing = [i for i in stance if i.startswith(doc_id + "/") and i not in by_id]
        if missing:
            print(f"{doc_id}: {len(missing)} labelled spans not found under today's splitter, left out")
        lines, ids, shown = [f"=== DOCUMENT {doc_id} ==="], [], -1
        for s in wanted:
            p = s["position"]
            first = max(shown + 1, p - CONTEXT)
            if first > 0 and shown < 0:
                lines.append(f"    [context] {sents[0]['text']}")
                if first > 1:
                    lines.append("    [context] ...")
            elif first > shown + 1:
                lines.append("    [context] ...")
            for c in sents[first:p]:
                lines.append(f"    [context] {c['text']}")
            ids.append(s["item_id"])
            lines.append((s["item_id"], f"[{stance[s['item_id']]}] {s['text']}"))
            shown = p
        lines.append("=== END OF DOCUMENT ===")
        blocks.append((ids, lines))
    for i in sorted(units):
        blocks.append(([i], [(i, f"[{stance[i]}] (headline) {units[i]['text']}")]))
    total = sum(len(b[0]) for b in blocks)
    work = Path(args.work) / "batches"
    work.mkdir(parents=True, exist_ok=True)
    per, b, n, out, id_map = total / args.batches, args.first_batch, 0, [], {}

    def flush():
        name = f"h{b:02d}"
        (work / f"{name}.txt").write_text("\n".join(out) + "\n", encoding="utf-8")
        (work / f"{name}.ids.json").write_text(json.dumps(id_map, indent=0), encoding="utf-8")
        print(f"{name}: {len(id_map)} sentences")

    for _ids, lines in blocks:
        for line in lines:
            if isinstance(line, tuple):
                n += 1
                id_map[n] = line[0]
                out.append(f"{n}\t{line[1]}")
            else:
                out.append(line)
        if len(id_map) >= per and b < args.first_batch + args.batches - 1:
            flush()
            b, n, out, id_map = b + 1, 0, [], {}
    flush()


if __name__ == "__main__":
    main()
