"""Append a new batch of team-written passages to data/written.jsonl, as train-only documents.

    python data/tools/add_written.py /path/to/w8 /path/to/w9.jsonl ...

Each folder (or file) holds JSONL files from one writer (fields: doc_id, position, text, stance, sentiment,
conflict, register, hard_case). Rows are checked, each sentence gets the previous sentence of its
passage as context, passages whose doc_id is already in the corpus are refused, and sentences whose
text (case- and space-insensitive) already occurs anywhere in the corpus are dropped. New passages
go to `train` only, so dev and test stay exactly as they were and scores stay comparable.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STANCES = {"favor", "against", "neutral", "unrelated"}
SENTIMENTS = {"positive", "negative", "neutral"}
FIELDS = ("doc_id", "position", "text", "stance", "sentiment", "conflict", "register", "hard_case")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def main(folders: list[str]) -> int:
    path = ROOT / "data" / "written.jsonl"
    existing = [json.loads(line) for line in path.open(encoding="utf-8")]
    seen = {norm(r["text"]) for r in existing}
    known_docs = {r["doc_id"] for r in existing}
    passages: dict[str, list[dict]] = {}
    problems = []
    for folder in folders:
        files = [Path(folder)] if Path(folder).is_file() else sorted(Path(folder).glob("*.jsonl"))
        for file in files:
            for n, line in enumerate(file.open(encoding="utf-8"), 1):
                if not line.strip():
                    continue
                r = json.loads(line)
                missing = [f for f in FIELDS if f not in r]
                if missing or r["stance"] not in STANCES or r["sentiment"] not in SENTIMENTS or not r["text"].strip():
                    problems.append(f"{file}:{n}: bad row ({missing or 'label/text'})")
                    continue
                if r["doc_id"] in known_docs:
                    problems.append(f"{file}:{n}: doc_id {r['doc_id']} is already in the corpus")
                    continue
                passages.setdefault(r["doc_id"], []).append(r)
    if problems:
        print("\n".join(problems[:20]), file=sys.stderr)
        return 1
    added, dropped = [], 0
    for doc_id, rows in sorted(passages.items()):
        rows.sort(key=lambda r: int(r["position"]))
        previous = ""
        for i, r in enumerate(rows):
            text = r["text"].strip()
            if norm(text) in seen:
                dropped += 1
                previous = text
                continue
            seen.add(norm(text))
            added.append(
                {
                    "item_id": f"{doc_id}/{i}",
                    "doc_id": doc_id,
                    "position": i,
                    "text": text,
                    "context": previous,
                    "source": "written",
                    "stance": r["stance"],
                    "sentiment": r["sentiment"],
                    "conflict": r["conflict"],
                    "register": r["register"],
                    "hard_case": r["hard_case"],
                    "split": "train",
                }
            )
            previous = text
    with path.open("a", encoding="utf-8") as f:
        for r in added:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(
        f"added {len(added)} sentences in {len({r['doc_id'] for r in added})} passages (train); "
        f"dropped {dropped} duplicates; stance {dict(Counter(r['stance'] for r in added))}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
