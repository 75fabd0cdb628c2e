"""Reading articles in (txt, JSONL, CSV, Parquet, stdin) and writing labelled rows out, as a stream.

Every problem with the input becomes an `InputError` with a one-line message, or a skipped row with a
warning; never a traceback.
"""

from __future__ import annotations

import csv
import json
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("jsonl", "csv", "parquet")


class InputError(ValueError):
    """A problem with the user's input, reported as one line."""


@dataclass
class Document:
    doc_id: str
    text: str
    meta: dict = field(default_factory=dict)


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: not UTF-8 text (byte {e.start}); re-save it as UTF-8") from None


def input_format(path: str) -> str:
    if path == "-":
        return "txt"
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("txt", "text", "md", ""):
        return "txt"
    if suffix in ("jsonl", "ndjson", "json"):
        return "jsonl"
    if suffix in ("csv", "parquet"):
        return suffix
    raise InputError(f"{path}: unknown input type .{suffix} (use .txt, .jsonl, .csv or .parquet)")


def count_documents(path: str) -> int | None:
    """Cheap document count for the progress bar's ETA (None when unknown)."""
    kind = input_format(path)
    if kind == "txt":
        return 1
    if kind == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    with open(path, "rb") as f:
        return max(0, sum(1 for _ in f) - (kind == "csv"))


def iter_documents(path: str, id_column: str = "id", text_column: str = "text") -> Iterator[Document]:
    """Documents of one input; other columns of corpus files are carried through as `meta`."""
    kind = input_format(path)
    if path != "-" and not Path(path).is_file():
        raise InputError(f"{path}: no such file")
    if kind == "txt":
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        name = "stdin" if path == "-" else Path(path).stem
        yield Document(name, _decode(data, path))
        return
    rows = {"jsonl": _jsonl_rows, "csv": _csv_rows, "parquet": _parquet_rows}[kind](path)
    first = True
    for number, row in rows:
        if first:
            missing = [c for c in (id_column, text_column) if c not in row]
            if missing:
                raise InputError(f"{path}: missing column {', '.join(map(repr, missing))} "
                                 f"(columns: {', '.join(row)}; set --id-column / --text-column)")
            first = False
        text = row.get(text_column)
        if not isinstance(text, str) or not text.strip():
            warnings.warn(f"{path}: row {number}: empty or missing text, skipped", stacklevel=2)
            continue
        meta = {k: v for k, v in row.items() if k not in (id_column, text_column)}
        yield Document(str(row.get(id_column)), text, meta)
    if first:
        raise InputError(f"{path}: the file has no rows")


def _jsonl_rows(path):
    with open(path, "rb") as f:
        head = f.read(8192)
    if b"\x00" in head:
        raise InputError(f"{path}: looks like a binary file, not JSONL")
    with open(path, encoding="utf-8-sig", errors="strict") as f:
        number = 0
        try:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    warnings.warn(f"{path}: line {number}: not valid JSON, skipped", stacklevel=2)
                    continue
                if isinstance(row, dict):
                    yield number, row
                else:
                    warnings.warn(f"{path}: line {number}: not a JSON object, skipped", stacklevel=2)
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text (near line {number + 1})") from None


def _csv_rows(path):
    csv.field_size_limit(sys.maxsize)
    with open(path, "rb") as f:
        head = f.read(8192)
    if b"\x00" in head:
        raise InputError(f"{path}: looks like a binary file, not CSV")
    with open(path, encoding="utf-8-sig", newline="") as f:
        number = 0
        try:
            for number, row in enumerate(csv.DictReader(f), 1):
                yield number, row
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text (near row {number + 1})") from None
        except csv.Error as e:
            raise InputError(f"{path}: malformed CSV near row {number + 1}: {e}") from None


def _parquet_rows(path):
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(path)
    except Exception as e:  # pyarrow raises several types for a bad file
        raise InputError(f"{path}: not a readable Parquet file ({e.__class__.__name__})") from None
    number = 0
    for batch in file.iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            number += 1
            yield number, row
