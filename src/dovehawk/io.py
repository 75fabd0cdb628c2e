"""Every file format of dovehawk: articles in (txt, JSONL, CSV, Parquet, stdin), labelled rows out.

- Input is read as a stream: a long text is handed on in parts of at most `PART_CHARS` characters
  (cut at line breaks), so memory stays bounded and output is written as it goes.
- Output is written by `RowWriter`, document by document. A manifest beside the output
  (`OUTPUT.dovehawk.json`) records the input fingerprint, the model and the options; a rerun resumes
  only when they all match, and a file without a manifest is never touched (`claim_output`).
- Every problem with the input becomes an `InputError` with a one-line message, or a skipped row with
  a warning; never a traceback.
"""

from __future__ import annotations

import csv
import hashlib
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
MANIFEST_SUFFIX = ".dovehawk.json"


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


def summary_path(output: str) -> str:
    out = Path(output)
    return str(out.with_name(out.stem + ".summary" + out.suffix))


def manifest_path(output: str | Path) -> Path:
    return Path(str(output) + MANIFEST_SUFFIX)


def fingerprint(paths: list[str]) -> list[dict]:
    """Path, size and SHA-256 of each input (stdin: only its name; it cannot be checked)."""
    out = []
    for p in paths:
        if p == "-":
            out.append({"path": "-"})
            continue
        path = Path(p)
        if not path.is_file():
            raise InputError(f"{p}: no such file")
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        out.append({"path": str(path.resolve()), "size": path.stat().st_size, "sha256": digest.hexdigest()})
    return out


def read_manifest(manifest: Path) -> dict | None:
    """The run record beside an output (`OUTPUT.dovehawk.json`), None if there is none."""
    if not manifest.exists():
        return None
    try:
        return json.loads(manifest.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError(f"{manifest}: unreadable dovehawk manifest; rerun with --overwrite to start again") from None


def refuse_another_run(output, old: dict, run: dict) -> None:
    """One line naming what differs when `output` holds another run's labels (input, model, options)."""
    differs = [
        what
        for what, key in (("input", "inputs"), ("model", "model_version"), ("options", "options"))
        if old.get(key) != run[key]
    ]
    if differs:
        raise InputError(
            f"{output}: holds labels of another run (different {' and '.join(differs)}); "
            f"rerun with --overwrite to replace it, or choose another -o"
        )


def claim_output(output: str, fmt: str, run: dict, overwrite: bool = False, also: Iterable[str] = ()) -> str:
    """May this run write `output` (and the files in `also`, e.g. the summary)? Returns "new",
    "resume" or "complete" and records the run in the manifest; raises `InputError` naming
    `--overwrite` when the files there were not written by dovehawk, or by another run (other
    input, model or options). `run` holds "inputs" (see `fingerprint`), "model_version", "options".
    """
    out, manifest = Path(output), manifest_path(output)
    store = Path(_partial(output)) if fmt == "parquet" else out
    ours = [out, *map(Path, also)]
    if overwrite:
        for p in [*ours, store, manifest]:
            if p.is_dir():
                raise InputError(f"{p}: is a folder")
            p.unlink(missing_ok=True)
        state = "new"
    else:
        existing = [p for p in dict.fromkeys([*ours, store]) if p.exists()]
        old = read_manifest(manifest)
        written = set(old.get("files", [])) if old else set()
        foreign = [p for p in existing if p != store and p.name not in written]
        if old is None and existing or foreign:
            raise InputError(
                f"{(foreign or existing)[0]}: exists and was not written by this dovehawk run (no "
                f"{manifest.name} naming it); rerun with --overwrite to replace it, or choose another -o"
            )
        if old is None or not existing:
            state = "new"
        else:
            refuse_another_run(output, old, run)
            if any(i["path"] == "-" for i in run["inputs"]):
                raise InputError(
                    f"{output}: a run that reads stdin cannot be resumed (its input cannot be "
                    f"checked); rerun with --overwrite to start again"
                )
            if old.get("complete") and out.exists():
                return "complete"
            state = "resume" if store.exists() else "new"
    write_manifest(output, {**run, "format": fmt, "complete": False, "files": [out.name]})
    return state


def write_manifest(output: str, manifest: dict) -> None:
    import dovehawk

    manifest = {"written_by": "dovehawk", "dovehawk_version": dovehawk.__version__, **manifest}
    path = manifest_path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def finish_manifest(output: str, files: Iterable[str]) -> None:
    """Mark the run complete and record every file it wrote (their names, beside the output)."""
    manifest = json.loads(manifest_path(output).read_text(encoding="utf-8"))
    manifest.update(complete=True, files=[Path(f).name for f in files])
    write_manifest(output, manifest)


class RowWriter:
    """Appends rows to JSONL or CSV (directly) or Parquet (via a hidden JSONL file converted when the
    run completes). `resume=True` keeps the complete documents of the file there (`done` holds their
    ids) and cuts the last one, which may be partial; else the file is started afresh."""

    def __init__(self, path: str | None, fmt: str, stream=None, resume: bool = False):
        self.fmt, self.path = fmt, path
        self.store = None if path is None else Path(path if fmt != "parquet" else _partial(path))
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


def _partial(path: str) -> str:
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


# ----------------------------------------------------------------------------- sharded (--engine ray)

SHARD_FORMATS = ("parquet", "jsonl", "csv")  # formats of input shards (a folder is read for these)


def input_shards(inputs: list[str]) -> list[str]:
    """The shard files of `inputs`, each a file, a folder (its .parquet / .jsonl / .ndjson / .csv
    files, not recursive) or a glob pattern, in order (each folder or pattern sorted), duplicates
    dropped."""
    import glob

    out: list[str] = []
    for item in inputs:
        if item == "-":
            raise InputError("a sharded run cannot read stdin; give files, a folder or a glob of shards")
        path = Path(item)
        if path.is_dir():
            found = sorted(str(p) for p in path.iterdir() if p.is_file() and _shard_kind(p) in SHARD_FORMATS)
            if not found:
                raise InputError(f"{item}: a folder without .parquet, .jsonl or .csv shards")
        elif path.is_file():
            found = [item]
        else:
            found = sorted(p for p in glob.glob(item) if Path(p).is_file())
            if not found:
                raise InputError(f"{item}: no such file, folder or matching shards")
        for f in found:
            if _shard_kind(Path(f)) not in SHARD_FORMATS:
                raise InputError(f"{f}: a shard must be .parquet, .jsonl or .csv")
        out.extend(found)
    return list(dict.fromkeys(out))


def _shard_kind(path: Path) -> str:
    return {"ndjson": "jsonl"}.get(path.suffix.lower().lstrip("."), path.suffix.lower().lstrip("."))


def shard_names(shards: list[str]) -> list[str]:
    """Output shard file names, in input order: `part-00000-NAME.parquet` (numbered: two inputs may
    share a name)."""
    return [f"part-{i:05d}-{Path(s).stem}.parquet" for i, s in enumerate(shards)]


def claim_folder(output: str, run: dict, overwrite: bool = False, also: Iterable[str] = ()) -> str:
    """`claim_output` for a folder of shards (and the folders in `also`, e.g. the summary's):
    "new", "resume" or "complete". The manifest beside it (`OUTPUT.dovehawk.json`) must name the
    same input, model and options; a folder dovehawk did not write, or one holding files other
    than its shards, is refused in one line (with `--overwrite` too: only dovehawk's own files
    are ever removed)."""
    folders = [Path(output), *map(Path, also)]
    manifest = manifest_path(output)
    for folder in folders:
        if folder.exists() and not folder.is_dir():
            raise InputError(f"{folder}: is a file; a sharded run writes a folder (choose another -o)")
        strangers = [p for p in folder.iterdir() if not _ours(p)] if folder.is_dir() else []
        if strangers:
            raise InputError(
                f"{strangers[0]}: a file dovehawk did not write is in the output folder; choose another -o"
            )
    existing = [f for f in folders if f.is_dir() and any(f.iterdir())]
    old = None if overwrite else read_manifest(manifest)
    if overwrite:
        for folder in folders:
            for p in folder.iterdir() if folder.is_dir() else []:
                _remove(p)
        state = "new"
    elif existing and (old is None or old.get("format") != "parquet-shards"):
        raise InputError(
            f"{existing[0]}: exists and was not written by a sharded dovehawk run (no {manifest.name} "
            f"naming it); rerun with --overwrite to replace its shards, or choose another -o"
        )
    elif old is None or not existing:
        state = "new"
    else:
        refuse_another_run(output, old, run)
        state = "complete" if old.get("complete") else "resume"
    if state != "complete":
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
        names = [f.name for f in folders]
        write_manifest(output, {**run, "format": "parquet-shards", "complete": False, "files": names})
    return state


def _ours(path: Path) -> bool:
    """A shard or a shard's temporary folder, as `dovehawk.distributed` names them."""
    name = path.name
    return (name.startswith("part-") and name.endswith(".parquet")) or name.startswith(".tmp-part-")


def _remove(path: Path) -> None:
    import shutil

    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
