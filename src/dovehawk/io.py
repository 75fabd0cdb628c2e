"""Every file format of dovehawk: articles in (txt, JSONL, CSV, Parquet, stdin), labelled rows out.

- Input is read as a stream: a long text is handed on in parts of at most `PART_CHARS` characters
  (cut at line breaks), so memory stays bounded and output is written as it goes.
- Output is written by `RowWriter`, document by document. Which files a run may write or resume
  (the manifest beside the output, `OUTPUT.dovehawk.json`) is `dovehawk.manifest`'s job.
- Every problem with the input becomes an `InputError` with a one-line message, or a skipped row with
  a warning; never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS

FORMATS = ("jsonl", "csv", "parquet")  # formats of labelled output (and of corpus input, with txt)
ROW_COLUMNS = (
    ["doc_id", "sentence_index", "start", "end", "text", "stance"]
    + [f"stance_{l}" for l in STANCE_LABELS]
    + ["sentiment"]
    + [f"sentiment_{l}" for l in SENTIMENT_LABELS]
    + ["scored", "model_version"]
    + ["holder", "holder_type", "holder_surface", "holder_form"]  # who says it (filled with --holders)
)
HOLDER_COLUMNS = ("holder", "holder_type", "holder_form")  # per-sentence columns `summarize --by` splits on
PART_CHARS = 100_000  # a longer text is labelled in parts of at most this many characters


class InputError(ValueError):
    """A problem with the user's input, reported as one line."""


@dataclass
class Document:
    """One article, or one part of a long one: `offset` is where `text` starts in the article
    (parts of one article share its `doc_id` and follow each other); `weight` is the share of
    the article this part is, for the progress bar."""

    doc_id: str
    text: str
    meta: dict = field(default_factory=dict)
    offset: int = 0
    weight: float = 1.0
    part: int = 0  # 0: the article's first (or only) part


# ---------------------------------------------------------------------------------------------- JSONL


def read_jsonl(path: str | Path) -> list[dict]:
    """All rows of a JSONL file (blank lines skipped)."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path: str | Path, rows: Iterable[dict]) -> None:
    """Write `rows` as JSONL (UTF-8, one object per line), creating the folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------------------------- input


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


def text_parts(read: Callable[[int], str], max_chars: int | None = None) -> Iterator[tuple[int, str, bool]]:
    """(offset, part, cut_inside_a_line) for a text read with `read(n)`, in parts of at most
    `max_chars` characters (default `PART_CHARS`). Parts end at a line break, which changes no
    sentence (lines are split first); a line longer than a part is cut after a sentence end, else at
    a space. The parts joined are the text.

    >>> list(text_parts(io.StringIO("ab\\ncd\\nef").read, 6))
    [(0, 'ab\\ncd\\n', False), (6, 'ef', False)]
    """
    max_chars = max_chars or PART_CHARS
    buffer, offset, eof = "", 0, False
    while not eof or buffer:
        while not eof and len(buffer) <= max_chars:
            block = read(max_chars)
            eof = not block
            buffer += block
        if len(buffer) <= max_chars:  # the end of the text
            cut, inside = len(buffer), False
        else:
            cut, inside = buffer.rfind("\n", 0, max_chars) + 1, False
            if not cut:
                inside = True
                window = buffer[:max_chars]
                cut = max(window.rfind(p) for p in (". ", "? ", "! ", '." ')) + 2
                if cut < max_chars // 2:
                    cut = max(window.rfind(" "), window.rfind("\t")) + 1 or max_chars
        yield offset, buffer[:cut], inside
        offset += cut
        buffer = buffer[cut:]


def _parts(doc_id: str, read: Callable[[int], str], meta: dict, where: str, size: int | None) -> Iterator[Document]:
    """Documents for the parts of one article; one warning when a line had to be cut."""
    warned, done, number = False, 0.0, 0
    parts = text_parts(read)
    part = next(parts, None)
    while part is not None:
        offset, text, inside = part
        part = next(parts, None)
        if inside and not warned:
            warnings.warn(
                f"{where}: a line longer than {PART_CHARS} characters was cut into parts at sentence "
                f"ends or spaces; a sentence may be split at a cut",
                stacklevel=2,
            )
            warned = True
        weight = 1.0 - done if part is None else min(1.0 - done, len(text) / size if size else 0.0)
        done += weight
        if text.strip():  # a blank part has no sentences
            yield Document(doc_id, text, meta, offset, weight, number)
            number += 1


def iter_documents(path: str, id_column: str = "id", text_column: str = "text") -> Iterator[Document]:
    """Documents of one input; other columns of corpus files are carried through as `meta`.

    A text file is one article, read with universal newlines (as `open(path).read()` returns it:
    CRLF and CR become LF), so the offsets of the output index that text. Long texts come as several
    `Document` parts (see `text_parts`). A row without an id gets `FILE:row N`, with one warning.
    """
    kind = input_format(path)
    if path != "-" and not Path(path).is_file():
        raise InputError(f"{path}: no such file")
    if kind == "txt":
        yield from _txt_documents(path)
        return
    rows = {"jsonl": _jsonl_rows, "csv": _csv_rows, "parquet": _parquet_rows}[kind](path)
    yield from row_documents(rows, path, id_column, text_column)


def row_documents(rows: Iterable[tuple[int, dict]], path: str, id_column: str, text_column: str) -> Iterator[Document]:
    """Documents of corpus rows ((row number, row) pairs of the file `path`): the id and text
    columns, every other column as `meta`, long texts in parts; skipped rows and rows without an
    id get one warning each (`iter_documents` and `dovehawk.distributed` share this)."""
    first, no_id = True, []
    for number, row in rows:
        if first:
            missing = [c for c in (id_column, text_column) if c not in row]
            if missing:
                raise InputError(
                    f"{path}: missing column {', '.join(map(repr, missing))} "
                    f"(columns: {', '.join(row)}; set --id-column / --text-column)"
                )
            first = False
        text = row.get(text_column)
        if not isinstance(text, str) or not text.strip():
            warnings.warn(f"{path}: row {number}: empty or missing text, skipped", stacklevel=2)
            continue
        doc_id = row.get(id_column)
        if doc_id is None or (isinstance(doc_id, str) and not doc_id.strip()) or doc_id != doc_id:  # NaN
            doc_id = f"{Path(path).name}:row {number}"
            no_id.append(number)
        meta = {k: v for k, v in row.items() if k not in (id_column, text_column)}
        if len(text) <= PART_CHARS:
            yield Document(str(doc_id), text, meta)
        else:
            yield from _parts(
                str(doc_id), io.StringIO(text, newline="\n").read, meta, f"{path}: row {number}", len(text)
            )
    if first:
        raise InputError(f"{path}: the file has no rows")
    if no_id:
        shown = ", ".join(map(str, no_id[:5])) + (f" and {len(no_id) - 5} more" if len(no_id) > 5 else "")
        warnings.warn(
            f"{path}: {len(no_id)} row(s) without {id_column!r} (row {shown}): named '{Path(path).name}:row N'",
            stacklevel=2,
        )


def _txt_documents(path: str) -> Iterator[Document]:
    stdin = path == "-"
    binary = sys.stdin.buffer if stdin else open(path, "rb")  # noqa: SIM115 (closed below)
    name = "stdin" if stdin else Path(path).stem
    where = "stdin" if stdin else path
    try:
        head = binary.peek(8192)[:8192] if hasattr(binary, "peek") else b""
        if b"\x00" in head:
            raise InputError(f"{where}: looks like a binary file, not text")
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline=None)
        size = None if stdin else Path(path).stat().st_size
        any_text = False
        try:
            for doc in _parts(name, text.read, {}, where, size):
                if "\x00" in doc.text:
                    raise InputError(f"{where}: looks like a binary file, not text")
                any_text = True
                yield doc
        except UnicodeDecodeError:
            raise InputError(f"{where}: not UTF-8 text; re-save it as UTF-8") from None
        finally:
            text.detach()
        if not any_text:
            raise InputError(f"{where}: the file is empty")
    finally:
        if not stdin:
            binary.close()


class UniqueIds:
    """Makes document ids unique over all inputs of a run: the second `x` becomes `x#2` (the
    first free `x#N`), and `warning()` names the duplicates in one line. Parts of one article keep
    its id."""

    def __init__(self):
        self.seen: set[str] = set()
        self.renamed: dict[str, list[str]] = {}

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        current = None
        for doc in docs:
            if doc.part and current is not None:  # a later part of the same article
                doc.doc_id = current
                yield doc
                continue
            original = doc.doc_id
            if original in self.seen:
                n = 2
                while f"{original}#{n}" in self.seen:
                    n += 1
                doc.doc_id = f"{original}#{n}"
                self.renamed.setdefault(original, []).append(doc.doc_id)
            self.seen.add(doc.doc_id)
            current = doc.doc_id
            yield doc

    def warning(self) -> str | None:
        if not self.renamed:
            return None
        items = [f"{k!r} -> {', '.join(v)}" for k, v in list(self.renamed.items())[:5]]
        more = f" and {len(self.renamed) - 5} more" if len(self.renamed) > 5 else ""
        return f"duplicate document ids made unique: {'; '.join(items)}{more}"


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


# --------------------------------------------------------------------------------------------- output


def output_format(fmt: str | None, path: str | None) -> str:
    """The output format: `fmt`, else from `path`'s extension, else jsonl (stdout)."""
    fmt = fmt or (Path(path).suffix.lstrip(".").lower() if path else "jsonl")
    if fmt not in FORMATS:
        raise InputError(f"unknown output format {fmt!r} (use {', '.join(FORMATS)}; or set --format)")
    if fmt == "parquet" and path is None:
        raise InputError("parquet output needs -o FILE")
    return fmt


def labelled_format(path: str) -> str:
    """The format of a labelled file (dovehawk label's output), from its extension."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InputError(f"{path}: labelled input must be .jsonl, .csv or .parquet (dovehawk label's output)")
    return suffix


class RowWriter:
    """Appends rows to JSONL or CSV (directly) or Parquet (via a hidden JSONL file converted when the
    run completes). `resume=True` keeps the complete documents of the file there (`done` holds their
    ids) and cuts the last one, which may be partial; else the file is started afresh."""

    def __init__(self, path: str | None, fmt: str, stream=None, resume: bool = False):
        self.fmt, self.path = fmt, path
        self.store = None if path is None else Path(path if fmt != "parquet" else partial_path(path))
        self.done: set[str] = set()
        self.columns: list[str] | None = None
        self.csv = None
        if self.store is None:
            self.file = stream
            return
        if resume and self.store.exists() and self.store.stat().st_size:
            self._resume()
            mode = "a"
        else:
            mode = "w"
        self.store.parent.mkdir(parents=True, exist_ok=True)
        self.file = self.store.open(mode, encoding="utf-8", newline="")

    def _resume(self) -> None:
        is_csv = self.fmt == "csv"
        keep, last_doc, last_start = 0, None, 0
        with self.store.open("rb") as f:
            header = f.readline() if is_csv else b""
            if is_csv:
                self.columns = next(csv.reader([header.decode("utf-8")]))
            offset = keep = len(header)
            for line in f:
                if not line.endswith(b"\n"):
                    break
                doc = next(csv.reader([line.decode("utf-8")]))[0] if is_csv else json.loads(line)["doc_id"]
                if doc != last_doc:
                    if last_doc is not None:
                        self.done.add(last_doc)
                    last_doc, last_start = doc, offset
                offset += len(line)
                keep = offset
        if last_doc is not None:
            keep = last_start
        with self.store.open("r+b") as f:
            f.truncate(keep)

    def write(self, rows: list[dict]) -> None:
        if not rows:
            return
        if self.fmt == "csv":
            if self.csv is None:
                if self.columns is None:
                    self.columns = list(rows[0])
                    csv.writer(self.file).writerow(self.columns)
                self.csv = csv.DictWriter(self.file, self.columns, extrasaction="ignore")
            self.csv.writerows({k: _flat(v) for k, v in r.items()} for r in rows)
        else:
            self.file.write("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows))
        self.file.flush()

    def close(self, complete: bool = True) -> None:
        """Flush and close; a Parquet file is written only when the run is `complete` (else the
        hidden JSONL stays, for a resume)."""
        if self.store is None:
            self.file.flush()
            return
        self.file.close()
        if self.fmt == "parquet" and complete:
            _jsonl_to_parquet(self.store, Path(self.path))


def _flat(value):
    if isinstance(value, str):
        return value.replace("\r", " ").replace("\n", " ")
    return "" if value is None else value


def partial_path(path: str) -> str:
    """The hidden JSONL file a Parquet output is written to until the run completes."""
    p = Path(path)
    return str(p.with_name(f".{p.name}.partial.jsonl"))


def _jsonl_to_parquet(source: Path, target: Path, chunk: int = 50_000) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer, rows = None, []

    def flush():
        nonlocal writer, rows
        table = pa.Table.from_pylist(rows, schema=writer.schema if writer else None)
        if writer is None:
            writer = pq.ParquetWriter(target, table.schema)
        writer.write_table(table)
        rows = []

    with source.open(encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            if len(rows) >= chunk:
                flush()
    if rows:
        flush()
    if writer:
        writer.close()
    source.unlink()


def iter_output_rows(path: str, fmt: str | None = None) -> Iterator[dict]:
    """The rows of a labelled file, streaming (format from the extension unless given)."""
    fmt = fmt or labelled_format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=10_000):
            yield from batch.to_pylist()
    elif fmt == "csv":
        with open(path, encoding="utf-8", newline="") as f:
            yield from csv.DictReader(f)
    else:
        with open(path, encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)
