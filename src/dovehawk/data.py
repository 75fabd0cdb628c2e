"""The negotiation-stance corpus: label files in `data/`, text joined from the sources at load time.

Files (one JSON object per line):
- `data/labels.jsonl`: adjudicated labels of real (third-party) text of corpus v1 (2014 news, RUW
  tweets, the seed article), keyed by `item_id`;
- `data/labels_v2.jsonl`: adjudicated labels of the real 2022-26 text of corpus v2 (articles,
  statements, headlines, posts), keyed by `item_id`, with `register`, `stratum` and `story`;
- `data/written.jsonl`: sentences written by the project team, full rows with their text;
- `data/newsmtsc.jsonl`: sentiment-only rows from NewsMTSC train (stance missing), keyed by `item_id`;
- `data/annotations/*.jsonl`: the raw labels of each independent annotator, before adjudication
  (`annotator_{A,B}.jsonl` for v1, `v2_annotator_{A,B}.jsonl` for v2).

>>> corpus = load_corpus()                                   # doctest: +SKIP
>>> corpus["train"].column_names[:6]                         # doctest: +SKIP
['item_id', 'text', 'context', 'stance', 'sentiment', 'source']
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
from pathlib import Path

from dovehawk.io import read_jsonl, write_jsonl  # noqa: F401 (the one JSONL reader/writer; re-exported)
from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS
from dovehawk.sources import DEFAULT_SOURCE_DIR, iter_ruw, iter_seed, iter_ukraine, real_news_texts, resolve_source_dir
from dovehawk.sources import ENV_VAR as SOURCE_ENV

SPLITS = ("train", "dev", "test")
COLUMNS = (
    "item_id",
    "text",
    "context",
    "stance",
    "sentiment",
    "source",
    "doc_id",
    "position",
    "origin",
    "split",
    "register",
    "date",
    "story",
    "time_split",
)
LABEL_FILES = ("labels.jsonl", "labels_v2.jsonl", "written.jsonl", "newsmtsc.jsonl")
CORPUS_ENV = "DOVEHAWK_CORPUS"
# Register of the v1 sources (v2 rows carry their own): what the evaluation reports per register.
REGISTER = {"ukraine_news_2014": "news", "seed": "news", "ruw": "social", "newsmtsc": "news"}


# Words that do not make two headlines one story (`story_words`).
STORY_STOPWORDS = frozenset(
    "the a an of to in on for and or with as at by from is are was were be has have it its "
    "that this after over says said say new".split()
)


def story_words(text: str) -> frozenset:
    """The words two headlines of one story share (datasheet: Jaccard >= 0.5 within two days).

    >>> sorted(story_words("Talks on the ceasefire resume in Doha"))
    ['ceasefire', 'doha', 'resume', 'talks']
    """
    return frozenset(w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in STORY_STOPWORDS and len(w) > 2)


def hash_split(key: str) -> str:
    """The split of a document or story key that no labelled row has fixed yet: 70 / 15 / 15 by its hash."""
    h = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 100
    return "train" if h < 70 else "dev" if h < 85 else "test"


class CorpusError(ValueError):
    """The label files and the sources do not fit together."""


def add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """--source-dir and --data-dir, read by `resolve_source_dir` and `resolve_data_dir`: one definition
    for every command that loads the corpus (`dovehawk corpus`, `dovehawk eval`)."""
    parser.add_argument(
        "--source-dir",
        help=f"folder of the third-party sources (default: ${SOURCE_ENV}, else {DEFAULT_SOURCE_DIR})",
    )
    parser.add_argument(
        "--data-dir",
        help=f"folder of the corpus label files (default: ${CORPUS_ENV}, else data/ in the current folder, "
        "else the checkout's data/)",
    )


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The folder holding the corpus label files: argument, then $DOVEHAWK_CORPUS, then `data/` of
    the current directory, then `data/` of the checkout this code runs from (an editable install).
    An installed wheel has no corpus: CorpusError, in one line, says how to point at one.
    """
    checkout = Path(__file__).resolve().parents[2]
    for candidate, why in (
        (data_dir, "the given folder"),
        (os.environ.get(CORPUS_ENV), f"${CORPUS_ENV}"),
        (Path.cwd() / "data", "data/ in the current directory"),
        (checkout / "data" if (checkout / "pyproject.toml").exists() else None, "the checkout"),
    ):
        if not candidate:
            continue
        path = Path(candidate).expanduser()
        if any((path / name).exists() for name in LABEL_FILES):
            return path
        if data_dir or candidate == os.environ.get(CORPUS_ENV):
            raise CorpusError(
                f"no corpus label files (labels.jsonl...) in {path.resolve()} ({why}): point "
                f"--data-dir or ${CORPUS_ENV} at the data/ folder of a dovehawk checkout"
            )
    raise CorpusError(
        f"corpus label files not found: run from a dovehawk checkout, or pass --data-dir / set "
        f"${CORPUS_ENV} to its data/ folder (the one holding labels.jsonl)"
    )


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
            items[item_id] = {
                "item_id": item_id,
                "text": row["sentence_normalized"],
                "context": "",
                "doc_id": item_id,
                "position": 0,
            }
    return items


def corpus_rows(source_dir=None, data_dir: str | Path | None = None) -> list[dict]:
    """All corpus rows (every split), text joined from the sources."""
    data_dir = resolve_data_dir(data_dir)
    needs_sources = any((data_dir / n).exists() for n in ("labels.jsonl", "newsmtsc.jsonl"))
    texts = source_texts(source_dir) if needs_sources else {}
    v2 = read_jsonl(data_dir / "labels_v2.jsonl") if (data_dir / "labels_v2.jsonl").exists() else []
    if v2:
        texts.update(real_news_texts(source_dir, [r["item_id"] for r in v2]))
    rows = []
    for name in ("labels.jsonl", "labels_v2.jsonl", "newsmtsc.jsonl"):
        path = data_dir / name
        labels = v2 if name == "labels_v2.jsonl" else read_jsonl(path) if path.exists() else []
        for label in labels:
            item = texts.get(label["item_id"])
            if item is None:
                raise CorpusError(f"{path.name}: {label['item_id']} is not a sentence of the sources")
            rows.append(
                {
                    **_blank(),
                    "register": REGISTER.get(label["source"]),
                    **label,
                    "text": item["text"],
                    "context": item["context"],
                    "doc_id": item["doc_id"],
                    "position": item["position"],
                    "date": item.get("date") or label.get("date"),
                    "origin": "real",
                }
            )
    written = data_dir / "written.jsonl"
    if written.exists():
        for row in read_jsonl(written):
            rows.append({**_blank(), **row, "register": "written", "origin": "written"})
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
        for unit in ("doc_id", "story"):
            key = (unit, r.get(unit))
            if r.get(unit) is None:
                continue
            if key in doc_split and doc_split[key] != r["split"]:
                problems.append(f"{r[unit]}: {'document' if unit == 'doc_id' else 'story'} in two splits")
            doc_split.setdefault(key, r["split"])
        if r["origin"] == "real" and r.get("register") is None:
            problems.append(f"{r['item_id']}: no register")
        if r.get("time_split") and r["split"] != "test":
            problems.append(f"{r['item_id']}: time-split row outside test")
        if r["source"] == "gdelt" and r.get("machine_translated"):
            problems.append(f"{r['item_id']}: machine-translated row in the corpus")
    ids = [r["item_id"] for r in rows]
    if len(ids) != len(set(ids)):
        problems.append("duplicate item_id")
    return problems


def corpus_version(data_dir=None) -> str:
    """Short hash of the label files: changes whenever any label changes."""
    data_dir = resolve_data_dir(data_dir)
    digest = hashlib.sha256()
    for name in LABEL_FILES:
        path = data_dir / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
