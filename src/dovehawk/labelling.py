"""Label corpora with a `Labeller`: batches of documents in, rows and per-document summaries out.

Output is written document by document, so an interrupted run keeps what it finished, and
rerunning the same command on the same output resumes after the last complete document.
"""

from __future__ import annotations

import csv
import json
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from dovehawk.io import Document, InputError
from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS

ROW_COLUMNS = (["doc_id", "sentence_index", "start", "end", "text", "stance"]
               + [f"stance_{l}" for l in STANCE_LABELS] + ["sentiment"]
               + [f"sentiment_{l}" for l in SENTIMENT_LABELS] + ["scored", "model_version"])


def document_rows(labeller, docs: list[Document]) -> list[list[dict]]:
    """Rows for each document; sentences the library marks unscored (not English) get no labels."""
    out = []
    for doc, labels in zip(docs, labeller.label_documents([d.text for d in docs])):
        rows = []
        for s in labels:
            row = dict.fromkeys(ROW_COLUMNS)
            row.update(doc_id=doc.doc_id, sentence_index=s.index, start=s.start, end=s.end, text=s.text,
                       scored=s.scored, model_version=labeller.version)
            if s.scored:
                row.update(stance=s.stance, sentiment=s.sentiment)
                row.update({f"stance_{k}": round(v, 4) for k, v in s.stance_scores.items()})
                row.update({f"sentiment_{k}": round(v, 4) for k, v in s.sentiment_scores.items()})
            rows.append({**row, **doc.meta})
        out.append(rows)
    return out


def batched_documents(docs: Iterable[Document], max_chars: int = 200_000, max_docs: int = 2048):
    """Group documents so sentences of many articles share encoder batches (a large group sorts by length
    better: less padding)."""
    batch, size = [], 0
    for doc in docs:
        batch.append(doc)
        size += len(doc.text)
        if size >= max_chars or len(batch) >= max_docs:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


class RowWriter:
    """Appends rows to JSONL or CSV (directly) or Parquet (via a JSONL sidecar converted at the end)."""

    def __init__(self, path: str | None, fmt: str, stream=None):
        self.fmt, self.path = fmt, path
        self.store = None if path is None else Path(path if fmt != "parquet" else _sidecar(path))
        self.done: set[str] = set()
        self.columns: list[str] | None = None
        if self.store is not None and self.store.exists() and self.store.stat().st_size:
            self._resume()
        if self.store is None:
            self.file = stream
        else:
            self.store.parent.mkdir(parents=True, exist_ok=True)
            self.file = self.store.open("a", encoding="utf-8", newline="")
        self.csv = None

    def _resume(self) -> None:
        """Keep every complete document; cut the last one (it may be partial) and redo it."""
        is_csv = self.fmt == "csv"
        keep, last_doc, last_start = 0, None, 0
        with self.store.open("rb") as f:
            offset = 0
            header = f.readline() if is_csv else b""
            if is_csv:
                self.columns = next(csv.reader([header.decode("utf-8")]))
            offset = len(header)
            keep = offset
            for line in f:
                if not line.endswith(b"\n"):
                    break
                doc = (next(csv.reader([line.decode("utf-8")]))[0] if is_csv
                       else json.loads(line)["doc_id"])
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

    def close(self) -> None:
        if self.store is None:
            self.file.flush()
            return
        self.file.close()
        if self.fmt == "parquet":
            _jsonl_to_parquet(self.store, Path(self.path))


def _flat(value):
    if isinstance(value, str):
        return value.replace("\r", " ").replace("\n", " ")
    return "" if value is None else value


def _sidecar(path: str) -> str:
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


def iter_output_rows(path: str, fmt: str) -> Iterator[dict]:
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


def summarise_document(rows: list[dict]) -> dict:
    """Counts per label and the corpus measures of `dovehawk.estimates.measures` for one document."""
    from dovehawk.estimates import counts_of, measures

    counts = counts_of(rows)
    n = int(counts[0])
    out = {"doc_id": rows[0]["doc_id"], "n_sentences": len(rows), "n_scored": n, "scored": bool(n)}
    for i, label in enumerate(STANCE_LABELS):
        out[f"n_{label}"] = int(counts[1 + i])
    for i, label in enumerate(SENTIMENT_LABELS):
        out[f"n_sentiment_{label}"] = int(counts[1 + len(STANCE_LABELS) + i])
    for name, value in measures(counts).items():
        out[name] = None if value != value else round(float(value), 4)  # NaN -> empty
    meta = {k: v for k, v in rows[0].items() if k not in ROW_COLUMNS}
    return {**out, **meta}


def write_summary(rows_path: str, fmt: str, summary_path: str) -> int:
    """One summary row per document, read back from the finished output (streaming).

    Always rewritten from scratch, so it matches the rows after a resumed run.
    """
    for stale in (Path(summary_path), Path(_sidecar(summary_path))):
        stale.unlink(missing_ok=True)
    writer = RowWriter(summary_path, fmt)
    n, current = 0, []
    for row in iter_output_rows(rows_path, fmt):
        if current and row["doc_id"] != current[0]["doc_id"]:
            writer.write([summarise_document(current)])
            n, current = n + 1, []
        current.append(row)
    if current:
        writer.write([summarise_document(current)])
        n += 1
    writer.close()
    return n


def label_stream(labeller, docs: Iterable[Document], writer: RowWriter, progress=None, pool=None,
                 workers: int = 1) -> tuple[int, int]:
    """Label `docs` into `writer`, skipping documents it already holds. Returns (documents, sentences).

    Batches are formed over all documents, done or not, so a resumed run computes every document
    in the same batch as an uninterrupted run would (int8 results depend on the batch). With a
    process `pool` (see `worker_pool`), batches are labelled in parallel and written in input order;
    at most 2 x workers batches are in flight, so memory stays flat.
    """
    n_docs = n_sentences = 0
    start = time.time()
    pending: deque = deque()

    def finish(batch, todo, result):
        nonlocal n_docs, n_sentences
        for rows, needed in zip(result, todo):
            if needed:
                writer.write(rows)
                n_sentences += len(rows)
        n_docs += sum(todo)
        if progress is not None:
            progress.update(len(batch))
            progress.set_postfix(sent_per_s=f"{n_sentences / max(1e-9, time.time() - start):.0f}")

    for batch in batched_documents(docs):
        todo = [d.doc_id not in writer.done for d in batch]
        if not any(todo):
            finish(batch, todo, [[] for _ in batch])
        elif pool is None:
            finish(batch, todo, document_rows(labeller, batch))
        else:
            pending.append((batch, todo, pool.apply_async(_pool_rows, (batch,))))
            while len(pending) >= 2 * workers:
                b, t, r = pending.popleft()
                finish(b, t, r.get())
    while pending:
        b, t, r = pending.popleft()
        finish(b, t, r.get())
    return n_docs, n_sentences


_POOL_LABELLER = None


def _pool_init(model_path, quantize: bool, threads: int) -> None:
    global _POOL_LABELLER
    import torch

    import dovehawk

    torch.set_num_threads(threads)
    _POOL_LABELLER = dovehawk.load_model(model_path, quantize=quantize)


def _pool_rows(batch: list[Document]) -> list[list[dict]]:
    return document_rows(_POOL_LABELLER, batch)


def worker_pool(workers: int, model_path, quantize: bool):
    """Processes that each load the model with cores / workers threads."""
    import multiprocessing

    threads = max(1, (os.cpu_count() or 1) // workers)
    context = multiprocessing.get_context("spawn")
    return context.Pool(workers, initializer=_pool_init, initargs=(model_path, quantize, threads))


def check_output_format(fmt: str, path: str | None) -> None:
    if fmt not in ("jsonl", "csv", "parquet"):
        raise InputError(f"unknown output format {fmt!r} (use jsonl, csv or parquet)")
    if fmt == "parquet" and path is None:
        raise InputError("parquet output needs -o FILE")
