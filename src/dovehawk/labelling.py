"""Run the model over documents: batches of documents in, rows and per-document summaries out.

Reading and writing files is `dovehawk.io`'s job; here documents (or parts of long ones) are
labelled in batches, in input order, in this process or in a pool of worker processes.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Iterable

import numpy as np

from dovehawk.io import ROW_COLUMNS, Document, RowWriter, iter_output_rows
from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS

WORKER_MEMORY = int(1.5 * 2**30)  # what one worker holding the MiniLM model needs, about


class WorkerDied(RuntimeError):
    """A labelling worker process died (killed, often for lack of memory)."""


def document_rows(labeller, docs: list[Document], holders: bool = False) -> list[list[dict]]:
    """Rows for each document; sentences the library marks unscored (not English) get no labels.
    Offsets index the whole article (a part adds its `offset`). With `holders`, stance-bearing
    sentences get their holder columns (`dovehawk.holders`)."""
    out = []
    texts = [d.text for d in docs]
    labelled = labeller.label_documents(texts, holders=True) if holders else labeller.label_documents(texts)
    for doc, labels in zip(docs, labelled):
        rows = []
        for s in labels:
            row = dict.fromkeys(ROW_COLUMNS)
            row.update(
                doc_id=doc.doc_id,
                sentence_index=s.index,
                start=s.start + doc.offset,
                end=s.end + doc.offset,
                text=s.text,
                scored=s.scored,
                model_version=labeller.version,
            )
            if s.scored:
                row.update(stance=s.stance, sentiment=s.sentiment)
                row.update({f"stance_{k}": round(v, 4) for k, v in s.stance_scores.items()})
                row.update({f"sentiment_{k}": round(v, 4) for k, v in s.sentiment_scores.items()})
                row.update(
                    holder=s.holder,
                    holder_type=s.holder_type,
                    holder_surface=s.holder_surface,
                    holder_form=s.holder_form,
                )
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


def summarise_document(rows: Iterable[dict]) -> dict:
    """Counts per label and the corpus measures of `dovehawk.estimates.measures` for one document."""
    summary = _DocumentSummary()
    for row in rows:
        summary.add(row)
    return summary.result()


class _DocumentSummary:
    """`summarise_document`, one row at a time: a long article need not be held in memory."""

    def __init__(self):
        from dovehawk.estimates import FIELDS

        self.first, self.n, self.counts = None, 0, np.zeros(len(FIELDS))

    def add(self, row: dict) -> None:
        from dovehawk.estimates import counts_of

        self.first = self.first or row
        self.n += 1
        self.counts += counts_of([row])

    def result(self) -> dict:
        from dovehawk.estimates import measures

        counts = self.counts
        n = int(counts[0])
        out = {"doc_id": self.first["doc_id"], "n_sentences": self.n, "n_scored": n, "scored": bool(n)}
        for i, label in enumerate(STANCE_LABELS):
            out[f"n_{label}"] = int(counts[1 + i])
        for i, label in enumerate(SENTIMENT_LABELS):
            out[f"n_sentiment_{label}"] = int(counts[1 + len(STANCE_LABELS) + i])
        for name, value in measures(counts).items():
            out[name] = None if value != value else round(float(value), 4)  # NaN -> empty
        meta = {k: v for k, v in self.first.items() if k not in ROW_COLUMNS}
        return {**out, **meta}


def write_summary(rows_path: str, fmt: str, summary_path: str) -> int:
    """One summary row per document, read back from the finished output (streaming).

    Always rewritten from scratch, so it matches the rows after a resumed run.
    """
    writer = RowWriter(summary_path, fmt)
    n, current = 0, None
    for row in iter_output_rows(rows_path, fmt):
        if current is not None and row["doc_id"] != current.first["doc_id"]:
            writer.write([current.result()])
            n, current = n + 1, None
        current = current or _DocumentSummary()
        current.add(row)
    if current is not None:
        writer.write([current.result()])
        n += 1
    writer.close()
    return n


def label_stream(
    labeller,
    docs: Iterable[Document],
    writer: RowWriter,
    progress=None,
    pool=None,
    workers: int = 1,
    holders: bool = False,
) -> tuple[int, int]:
    """Label `docs` into `writer`, skipping documents it already holds. Returns (documents, sentences).

    Rows are written batch by batch, as they are labelled. The parts of a long article are numbered
    on from one another (`sentence_index`), so they read as one article. Batches are formed over
    all documents, done or not, so a resumed run computes every document in the same batch as an
    uninterrupted run would (int8 results depend on the batch). With a process `pool` (see
    `worker_pool`), batches are labelled in parallel and written in input order; at most 2 x
    workers batches are in flight, so memory stays flat. A worker that dies raises `WorkerDied`;
    what was written stays. `holders`: fill the holder columns (a pool is made with the same
    setting, see `worker_pool`).
    """
    n_docs = n_sentences = 0
    start = time.time()
    pending: deque = deque()
    article, index_base = None, 0

    def finish(batch, todo, result):
        nonlocal n_docs, n_sentences, article, index_base
        for doc, rows, needed in zip(batch, result, todo):
            if doc.part and doc.doc_id == article:
                for r in rows:
                    r["sentence_index"] += index_base
            else:
                article, index_base = doc.doc_id, 0
                n_docs += needed
            index_base += len(rows)
            if needed:
                writer.write(rows)
                n_sentences += len(rows)
        if progress is not None:
            progress.update(sum(d.weight for d in batch))
            progress.set_postfix(sent_per_s=f"{n_sentences / max(1e-9, time.time() - start):.0f}")

    def collect(item):
        batch, todo, future = item
        try:
            result = future.result()
        except _broken_pool() as e:
            raise WorkerDied(str(e) or "a worker process died") from None
        finish(batch, todo, result)

    for batch in batched_documents(docs):
        todo = [d.doc_id not in writer.done for d in batch]
        if not any(todo):
            finish(batch, todo, [[] for _ in batch])
        elif pool is None:
            finish(batch, todo, document_rows(labeller, batch, holders))
        else:
            try:
                pending.append((batch, todo, pool.submit(_pool_rows, batch)))
            except _broken_pool() as e:
                raise WorkerDied(str(e) or "a worker process died") from None
            while len(pending) >= 2 * workers:
                collect(pending.popleft())
    while pending:
        collect(pending.popleft())
    return n_docs, n_sentences


def _broken_pool():
    from concurrent.futures.process import BrokenProcessPool

    return BrokenProcessPool


# --------------------------------------------------------------------------------------- worker pool

_POOL_LABELLER = None
_POOL_HOLDERS = False


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (an OOM-killed parent must not leave
    workers holding memory)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request above
        os._exit(1)


def _pool_init(model_path, quantize: bool, threads: int, parent: int, holders: bool = False) -> None:
    global _POOL_LABELLER, _POOL_HOLDERS
    _die_with_parent(parent)
    import torch

    import dovehawk

    torch.set_num_threads(threads)
    _POOL_LABELLER = dovehawk.load_model(model_path, quantize=quantize)
    _POOL_HOLDERS = holders


def _pool_rows(batch: list[Document]) -> list[list[dict]]:
    return document_rows(_POOL_LABELLER, batch, _POOL_HOLDERS)


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def available_memory() -> int | None:
    """Bytes of memory available to new processes (Linux MemAvailable), or None when unknown."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def worker_cap(requested: int, cpus: int | None = None, memory: int | None = None) -> tuple[int, str | None]:
    """The number of workers to run: `requested`, at most one per CPU and one per `WORKER_MEMORY` of
    available memory (the parent holds a model too). Returns (workers, note) with a one-line note
    when capped."""
    cpus = available_cpus() if cpus is None else cpus
    memory = available_memory() if memory is None else memory
    by_memory = requested if memory is None else max(1, memory // WORKER_MEMORY - 1)
    workers = max(1, min(requested, cpus, by_memory))
    if workers == requested:
        return workers, None
    why = [f"{cpus} CPU cores"] if workers == cpus else []
    if memory is not None and workers == by_memory:
        why.append(f"{memory / 2**30:.1f} GiB of available memory at about {WORKER_MEMORY / 2**30:.1f} GiB per worker")
    return workers, f"--workers {requested} capped at {workers} ({' and '.join(why)})"


def worker_pool(workers: int, model_path, quantize: bool, holders: bool = False):
    """Processes that each load the model with cores / workers threads, and die with this process."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    threads = max(1, available_cpus() // workers)
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_pool_init,
        initargs=(model_path, quantize, threads, os.getpid(), holders),
    )


def stop_pool(pool) -> None:
    """End the workers now (a finished, failed or interrupted run keeps no process behind)."""
    terminate = getattr(pool, "terminate_workers", None)  # Python >= 3.14
    if terminate is not None:
        terminate()
    else:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
