"""The negotiation-stance corpus: label files in `data/`, text joined from the sources at load time.

Files (one JSON object per line):
- `data/labels.jsonl`: adjudicated labels of real (third-party) text, keyed by `item_id`;
- `data/written.jsonl`: sentences written by the project team, full rows with their text;
- `data/newsmtsc.jsonl`: sentiment-only rows from NewsMTSC train (stance missing), keyed by `item_id`;
- `data/annotations/*.jsonl`: the raw labels of each independent annotator, before adjudication.

>>> corpus = load_corpus()                                   # doctest: +SKIP
>>> corpus["train"].column_names[:6]                         # doctest: +SKIP
['item_id', 'text', 'context', 'stance', 'sentiment', 'source']
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS
from dovehawk.sources import iter_ruw, iter_seed, iter_ukraine, resolve_source_dir

SPLITS = ("train", "dev", "test")
COLUMNS = ("item_id", "text", "context", "stance", "sentiment", "source", "doc_id", "position",
           "origin", "split")
DATA_DIR = Path(os.environ.get("DOVEHAWK_CORPUS", Path(__file__).resolve().parents[2] / "data"))


class CorpusError(ValueError):
    """The label files and the sources do not fit together."""


def read_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path: str | Path, rows: list[dict]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def source_texts(source_dir=None) -> dict[str, dict]:
    """item_id -> {text, context, doc_id, position} for every third-party item we may label."""
    items = {}
    for reader in (iter_ukraine(source_dir), iter_ruw(source_dir, ("train", "val")), iter_seed(source_dir)):
        for row in reader:
            items[row["item_id"]] = row
    path = resolve_source_dir(source_dir) / "newsmtsc" / "train.jsonl"
    if path.exists():
        for i, row in enumerate(read_jsonl(path)):
            item_id = f"newsmtsc/train/{i}"
            items[item_id] = {"item_id": item_id, "text": row["sentence_normalized"], "context": "",
                              "doc_id": item_id, "position": 0}
    return items


def corpus_rows(source_dir=None, data_dir: str | Path | None = None) -> list[dict]:
    """All corpus rows (every split), text joined from the sources."""
    data_dir = Path(data_dir or DATA_DIR)
    needs_sources = any((data_dir / n).exists() for n in ("labels.jsonl", "newsmtsc.jsonl"))
    texts = source_texts(source_dir) if needs_sources else {}
    rows = []
    for name, origin in (("labels.jsonl", "real"), ("newsmtsc.jsonl", "real")):
        path = data_dir / name
        if not path.exists():
            continue
        for label in read_jsonl(path):
            item = texts.get(label["item_id"])
            if item is None:
                raise CorpusError(f"{path.name}: {label['item_id']} is not a sentence of the sources")
            rows.append({**_blank(), **label, "text": item["text"], "context": item["context"],
                         "doc_id": item["doc_id"], "position": item["position"], "origin": origin})
    written = data_dir / "written.jsonl"
    if written.exists():
        for row in read_jsonl(written):
            rows.append({**_blank(), **row, "origin": "written"})
    return rows


def _blank() -> dict:
    return {c: None for c in COLUMNS}


def load_corpus(source_dir=None, data_dir=None, columns=COLUMNS):
    """The corpus as a `datasets.DatasetDict` with splits train / dev / test.

    Third-party text is read from `source_dir` (default `../shared/data`, or `$DOVEHAWK_DATA`).
    Columns: item_id, text, context, stance (None for sentiment-only rows), sentiment, source,
    doc_id, position, origin ("real" or "written"), split.
    """
    from datasets import Dataset, DatasetDict

    rows = corpus_rows(source_dir, data_dir)
    out = {}
    for split in SPLITS:
        part = [{c: r.get(c) for c in columns} for r in rows if r["split"] == split]
        out[split] = Dataset.from_list(part)
    return DatasetDict(out)


def check_rows(rows: list[dict]) -> list[str]:
    """Problems with the corpus rows (empty list when all is well)."""
    problems = []
    doc_split = {}
    from dovehawk.sources import RESERVED_ARTICLES

    for r in rows:
        if r["stance"] is not None and r["stance"] not in STANCE_LABELS:
            problems.append(f"{r['item_id']}: bad stance {r['stance']!r}")
        if r["sentiment"] not in SENTIMENT_LABELS:
            problems.append(f"{r['item_id']}: bad sentiment {r['sentiment']!r}")
        if r["split"] not in SPLITS:
            problems.append(f"{r['item_id']}: bad split {r['split']!r}")
        if r["source"] == "ukraine_news_2014" and r["doc_id"] in RESERVED_ARTICLES:
            problems.append(f"{r['item_id']}: reserved article in the corpus")
        if r["source"] == "seed" and r["split"] != "test":
            problems.append(f"{r['item_id']}: the seed article must be in test")
        if r["doc_id"] in doc_split and doc_split[r["doc_id"]] != r["split"]:
            problems.append(f"{r['doc_id']}: document in two splits")
        doc_split.setdefault(r["doc_id"], r["split"])
    ids = [r["item_id"] for r in rows]
    if len(ids) != len(set(ids)):
        problems.append("duplicate item_id")
    return problems


def corpus_version(data_dir=None) -> str:
    """Short hash of the label files: changes whenever any label changes."""
    data_dir = Path(data_dir or DATA_DIR)
    digest = hashlib.sha256()
    for name in ("labels.jsonl", "written.jsonl", "newsmtsc.jsonl"):
        path = data_dir / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
