"""Readers for the third-party sources in the shared data folder.

Third-party text never enters the repository: label files refer to it by `item_id`, and these
readers join the text at load time. Each reader yields plain dicts with `item_id`, `doc_id`,
`text` and `context` (the preceding sentence of the same document, "" for the first).
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ENV_VAR = "DOVEHAWK_DATA"
DEFAULT_SOURCE_DIR = "../shared/data"

# The data README reserves these articles for independent evaluation: never annotated or trained on.
RESERVED_ARTICLES = frozenset(f"article_{i}" for i in (0, 1, 3, 13, 20, 21, 23, 28, 35, 36, 42))
RUW_KEYWORDS = re.compile(
    r"\b(talk\w*|negotiat\w*|peace\w*|cease-?fires?|truces?|diploma\w*|compromis\w*|"
    r"surrender\w*|deals?)\b",
    re.IGNORECASE,
)
# NewsMTSC polarity toward a target (2, 4, 6) read as sentence tone
NEWSMTSC_POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
SEED_FILE = "seed/macro_security_guarantees.txt"


class SourceMissingError(FileNotFoundError):
    """Raised when the shared data folder (or one of its sources) is not where we look."""


def resolve_source_dir(source_dir: str | os.PathLike | None = None) -> Path:
    """The folder holding the third-party sources: argument, then $DOVEHAWK_DATA, then default."""
    path = Path(source_dir or os.environ.get(ENV_VAR) or DEFAULT_SOURCE_DIR).expanduser()
    if not path.is_dir():
        raise SourceMissingError(
            f"third-party source folder not found: {path.resolve()} "
            f"(pass source_dir=... or set {ENV_VAR} to the folder holding ukraine_news_2014/, ruw/, ...)"
        )
    return path


def _need(path: Path) -> Path:
    if not path.exists():
        raise SourceMissingError(f"source not found: {path.resolve()}")
    return path


def iter_ukraine(source_dir: str | os.PathLike | None = None) -> Iterator[dict]:
    """Every sentence of ukraine_news_2014 (reserved articles included; callers filter)."""
    folder = _need(resolve_source_dir(source_dir) / "ukraine_news_2014")
    files = sorted(folder.glob("article_*.json"), key=lambda p: int(p.stem.split("_")[1]))
    for path in files:
        article = json.loads(path.read_text(encoding="utf-8"))
        sentences = sorted(article["sentences"], key=lambda s: s["position_in_article"])
        previous = ""
        for s in sentences:
            text = s["content"]
            yield {
                "item_id": f"ukraine/{article['id']}/{s['id']}",
                "doc_id": article["id"],
                "position": s["position_in_article"],
                "text": text,
                "context": previous,
            }
            previous = text


def iter_ruw(source_dir=None, splits=("train", "val")) -> Iterator[dict]:
    """RUW tweets; `item_id` is `ruw/<split>/<row>` with row counted from 0 after the header."""
    folder = resolve_source_dir(source_dir) / "ruw"
    for split in splits:
        path = _need(folder / f"raw_{split}_Russia_Ukraine.csv")
        with path.open(encoding="latin-1", newline="") as f:
            reader = csv.reader(f)
            next(reader)
            for i, row in enumerate(reader):
                item_id = f"ruw/{split}/{i}"
                yield {"item_id": item_id, "doc_id": item_id, "position": 0, "text": row[0], "context": ""}


_SEED_SPLIT = re.compile(r"(?<=[.?!”\"])\s+(?=[“\"A-Z])")


def iter_seed(source_dir=None) -> Iterator[dict]:
    """The seed article, split into sentences; `item_id` is `seed/<start>-<end>` (character offsets)."""
    path = _need(resolve_source_dir(source_dir) / SEED_FILE)
    text = path.read_text(encoding="utf-8")
    previous, position, offset = "", 0, 0
    for line in text.splitlines(keepends=True):
        start = offset
        for part in _SEED_SPLIT.split(line):
            begin = text.index(part, start) if part.strip() else start
            stripped = part.strip()
            if stripped:
                begin = text.index(stripped, start)
                end = begin + len(stripped)
                yield {
                    "item_id": f"seed/{begin}-{end}",
                    "doc_id": "seed",
                    "position": position,
                    "text": stripped,
                    "context": previous,
                }
                previous, position, start = stripped, position + 1, end
        offset += len(line)


def seed_span(source_dir, item_id: str) -> str:
    """Text of a seed sentence from its `seed/<start>-<end>` id."""
    start, end = (int(x) for x in item_id.split("/")[1].split("-"))
    return (resolve_source_dir(source_dir) / SEED_FILE).read_text(encoding="utf-8")[start:end]


# --- Real text from 2022 on (corpus v2) ---------------------------------------------------------
# Register of each source: the unit the evaluation reports on.
HEADLINE_FILES = {
    "google_news_us_2025_26": "headline",
    "bbc_nyt_2024_26": "headline",
    "wikipedia_current_events": "headline",
    "gaza_2023_24": "headline",
    "cnn_ukraine_live_2022_23": "headline",
    "bbc_homepage_2021_23": "headline",
    "rss_ft_wsj_economist_2025_26": "headline",
    "fignews_2023_24": "social",
}
DOCUMENT_FILES = {
    "gdelt": ("news_2022_24/gdelt_ukraine_articles.jsonl", "news"),
    "semeval": ("news_2022_24/semeval2025_urw_documents.jsonl", "news"),
    "statements": ("statements_2022/kremlin_zelenskyy_statements.jsonl", "statement"),
}


def _jsonl(path: Path) -> Iterator[dict]:
    with _need(path).open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def iter_headlines(source_dir=None) -> Iterator[dict]:
    """Every headline / one-line summary / post; `item_id` is `headlines/<source id>`."""
    folder = resolve_source_dir(source_dir) / "headlines"
    for name, register in HEADLINE_FILES.items():
        for row in _jsonl(folder / f"{name}.jsonl"):
            item_id = f"headlines/{row['id']}"
            yield {
                "item_id": item_id,
                "doc_id": item_id,
                "position": 0,
                "text": row["text"],
                "context": "",
                "source": name,
                "register": register,
                "date": row.get("date") or "",
                "outlet": row.get("publisher") or row.get("feed") or "",
            }


def document_text(name: str, row: dict) -> str:
    """The text of one article or statement that sentence offsets index (statements: headline,
    summary and body on their own lines)."""
    if name == "statements":
        return "\n".join(p for p in (row.get("headline"), row.get("summary"), row.get("text")) if p)
    return row["text"]


def is_machine_translated(row: dict) -> bool:
    return str(row.get("machine_translated", "")).lower() == "true"


def iter_document_rows(source_dir=None) -> Iterator[tuple[str, dict]]:
    """(source name, raw row) of every article and statement, machine-translated rows left out."""
    root = resolve_source_dir(source_dir)
    for name, (rel, _) in DOCUMENT_FILES.items():
        for row in _jsonl(root / rel):
            if not is_machine_translated(row):
                yield name, row


def iter_document_sentences(source_dir=None, doc_ids=None) -> Iterator[dict]:
    """Sentences of the 2022-24 articles and statements; `item_id` is `<source>/<doc>/<start>-<end>`.

    Offsets index `document_text()`, so an id keeps meaning the same span whatever splitter is used.
    """
    from dovehawk.segment import split_sentences

    for name, row in iter_document_rows(source_dir):
        doc_id = f"{name}/{row['id']}"
        if doc_ids is not None and doc_id not in doc_ids:
            continue
        text = document_text(name, row)
        previous = ""
        for position, (a, b) in enumerate(split_sentences(text)):
            sentence = text[a:b]
            yield {
                "item_id": f"{doc_id}/{a}-{b}",
                "doc_id": doc_id,
                "position": position,
                "text": sentence,
                "context": previous,
                "source": name,
                "register": DOCUMENT_FILES[name][1],
                "date": row.get("date") or "",
                "outlet": row.get("presidency") or row.get("country") or "",
            }
            previous = sentence


def real_news_texts(source_dir=None, item_ids=None) -> dict[str, dict]:
    """item_id -> unit of the 2022-26 sources, for the ids asked for (all headlines when None).

    Sentence ids carry their character offsets, so the text is a slice of the document; the context
    is the sentence before it under today's splitter.
    """
    from dovehawk.segment import split_sentences

    wanted = None if item_ids is None else set(item_ids)
    out = {}
    if wanted is None or any(i.startswith("headlines/") for i in wanted):
        for u in iter_headlines(source_dir):
            if wanted is None or u["item_id"] in wanted:
                out[u["item_id"]] = u
    spans_of = defaultdict(list)
    for i in wanted or ():
        prefix = i.split("/", 1)[0]
        if prefix in DOCUMENT_FILES:
            doc_id, span = i.rsplit("/", 1)
            a, b = (int(x) for x in span.split("-"))
            spans_of[doc_id].append((a, b, i))
    if spans_of:
        for name, row in iter_document_rows(source_dir):
            doc_id = f"{name}/{row['id']}"
            if doc_id not in spans_of:
                continue
            text = document_text(name, row)
            bounds = split_sentences(text)
            for a, b, item_id in spans_of[doc_id]:
                before = [s for s in bounds if s[1] <= a]
                context = text[before[-1][0] : before[-1][1]] if before else ""
                out[item_id] = {
                    "item_id": item_id,
                    "doc_id": doc_id,
                    "position": len(before),
                    "text": text[a:b],
                    "context": context,
                    "source": name,
                    "register": DOCUMENT_FILES[name][1],
                    "date": row.get("date") or "",
                    "outlet": row.get("presidency") or row.get("country") or "",
                }
    return out
