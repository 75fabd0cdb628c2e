"""Labelling on a Ray cluster (`pip install 'dovehawk[ray]'`, `dovehawk label --engine ray`).

The labeller runs as a Ray Data actor pool (`map_batches` with a callable class): each actor loads
the model once, with torch threads set from the CPUs Ray gives it, and labels with the function the
local path uses (`dovehawk.labelling.label_stream`), so rows and columns are the local ones.

- `label_dataset(ds)`: a dataset of documents (one row per article: id, text, metadata) in, a
  dataset of labelled sentences out. A row is a whole article, so an article's sentences are never
  split across batches (each sentence's context is the sentence before it).
- `label_shards(shards, output)`: what `dovehawk label --engine ray` runs. One input shard (a
  Parquet / JSONL / CSV file) is one actor call and one output shard `part-NNNNN-NAME.parquet`,
  written under a temporary name and renamed when complete, with its per-document summary beside
  the output (`OUTPUT.summary/`). A rerun skips the complete shards; a worker killed mid-shard
  costs that shard only. The manifest `OUTPUT.dovehawk.json` (see `dovehawk.manifest.claim_folder`)
  holds the input fingerprint, model and options, so a folder of another run is never resumed into.
  Input and output paths must be visible to every node (a shared filesystem).
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dovehawk.io import ROW_COLUMNS, InputError, RowWriter, UniqueIds, iter_documents, row_documents
from dovehawk.labelling import WORKER_MEMORY, label_stream, write_summary
from dovehawk.manifest import claim_folder, fingerprint, finish_manifest, shard_names, summary_path

INSTALL_HINT = "--engine ray needs Ray: pip install 'dovehawk[ray]'"


def require_ray():
    """The `ray` module, or an `InputError` saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401 (the [data] extra)
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    return ray


# ------------------------------------------------------------------------------------------- actors


class _ModelActor:
    """Loads the model once per actor, with as many torch threads as CPUs Ray assigned it."""

    def __init__(self, model_path, quantize, cpus: float, expected_version: str | None = None):
        import torch

        import dovehawk

        torch.set_num_threads(max(1, int(_assigned_cpus() or cpus)))
        self.labeller = dovehawk.load_model(model_path, quantize=quantize)
        if expected_version is not None and self.labeller.version != expected_version:
            raise RuntimeError(
                f"this node's model is {self.labeller.version}, the driver's {expected_version}: install the same "
                f"dovehawk (and --model) on every node"
            )


def _assigned_cpus() -> float | None:
    try:
        import ray

        return ray.get_runtime_context().get_assigned_resources().get("CPU")
    except Exception:  # not in a Ray worker
        return None


class _ListWriter:
    """Collects the rows `label_stream` writes (`done` is empty: nothing to skip)."""

    def __init__(self):
        self.done: set[str] = set()
        self.rows: list[dict] = []

    def write(self, rows: list[dict]) -> None:
        self.rows.extend(rows)


class DocumentLabeller(_ModelActor):
    """`map_batches` callable: a pyarrow batch of documents in, a batch of labelled sentences out."""

    def __init__(self, model_path, quantize, cpus, id_column: str, text_column: str, holders: bool = False):
        super().__init__(model_path, quantize, cpus)
        self.id_column, self.text_column, self.holders = id_column, text_column, holders

    def __call__(self, batch):
        rows = enumerate(batch.to_pylist(), 1)
        docs = UniqueIds()(row_documents(rows, "dataset", self.id_column, self.text_column))
        writer = _ListWriter()
        label_stream(self.labeller, docs, writer, holders=self.holders)
        meta = [f for f in batch.schema if f.name not in (self.id_column, self.text_column)]
        return _table(writer.rows, meta)


def _table(rows: list[dict], meta_fields: list):
    """Rows as a pyarrow table; a column that is empty in this batch gets its type from the row
    schema or the input, so the batches of a dataset share one schema."""
    import pyarrow as pa

    known = {**{f.name: f.type for f in row_schema()}, **{f.name: f.type for f in meta_fields}}
    if not rows:
        return pa.schema([pa.field(c, t) for c, t in known.items()]).empty_table()
    table = pa.Table.from_pylist(rows)
    for i, f in enumerate(table.schema):
        if pa.types.is_null(f.type) and f.name in known:
            table = table.set_column(i, f.name, table.column(i).cast(known[f.name]))
    return table


def row_schema():
    """The pyarrow types of `dovehawk.io.ROW_COLUMNS`."""
    import pyarrow as pa

    def kind(column):
        if column in ("sentence_index", "start", "end"):
            return pa.int64()
        if column.startswith(("stance_", "sentiment_")):
            return pa.float64()
        return pa.bool_() if column == "scored" else pa.string()

    return pa.schema([pa.field(c, kind(c)) for c in ROW_COLUMNS])


@dataclass(frozen=True)
class ShardResult:
    """One input shard's outcome, from the actor that labelled it."""

    name: str
    documents: int = 0
    sentences: int = 0
    seconds: float = 0.0  # the actor's time on this shard (reading, labelling, writing)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


class ShardLabeller(_ModelActor):
    """`map_batches` callable: each row names an input shard; labels it into its output shard."""

    def __init__(self, model_path, quantize, cpus, expected_version, options: dict, output: str, summary: str | None):
        super().__init__(model_path, quantize, cpus, expected_version)
        self.options, self.output, self.summary = options, output, summary

    def __call__(self, batch: dict) -> dict:
        results = [
            label_shard(self.labeller, str(path), str(name), self.output, self.summary, **self.options)
            for path, name in zip(batch["shard"], batch["name"])
        ]
        # plain columns for Ray's batch: warnings as one string, no error as ""
        out = {k: [getattr(r, k) for r in results] for k in ShardResult.__dataclass_fields__}
        out["warnings"] = ["\n".join(r.warnings) for r in results]
        out["error"] = [r.error or "" for r in results]
        return out


def label_shard(
    labeller,
    shard: str,
    name: str,
    output: str,
    summary: str | None,
    id_column: str = "id",
    text_column: str = "text",
    holders: bool = False,
) -> ShardResult:
    """Label one input shard into `output/name` (and its summary into `summary/name`), as the local
    path labels one input file. Written in a temporary folder and renamed, the summary first: a
    rows shard that exists is complete."""
    start = time.perf_counter()
    tmp = Path(output) / f".tmp-{name}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir(parents=True)
    rows_file, summary_file = tmp / name, tmp / ("summary-" + name)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            writer = RowWriter(str(rows_file), "parquet")
            unique = UniqueIds()
            try:
                n_docs, n_sent = label_stream(
                    labeller, unique(iter_documents(shard, id_column, text_column)), writer, holders=holders
                )
            finally:
                writer.close(complete=True)
            if unique.warning():
                warnings.warn(f"{shard}: {unique.warning()}", stacklevel=1)
        if not rows_file.exists():  # no rows (every row skipped): an empty shard still marks it done
            _empty_parquet(rows_file)
        if summary is not None:
            write_summary(str(rows_file), "parquet", str(summary_file))
            if not summary_file.exists():
                _empty_parquet(summary_file, summary=True)
            os.replace(summary_file, Path(summary) / name)
        os.replace(rows_file, Path(output) / name)
        return ShardResult(name, n_docs, n_sent, time.perf_counter() - start, [str(w.message) for w in caught])
    except InputError as e:
        return ShardResult(name, error=str(e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _empty_parquet(path: Path, summary: bool = False) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([pa.field("doc_id", pa.string())]) if summary else row_schema()
    pq.write_table(schema.empty_table(), path)


# ------------------------------------------------------------------------------------------- driver


def label_dataset(
    ds,
    model=None,
    *,
    quantize: bool | None = None,
    id_column: str = "id",
    text_column: str = "text",
    actors: int | None = None,
    cpus_per_actor: float = 1,
    batch_size: int = 256,
    holders: bool = False,
):
    """Label a Ray dataset of documents (one row per article: `id_column`, `text_column`, and
    metadata columns, carried through): returns a lazy dataset of one row per sentence, with the
    columns of `dovehawk label`. `actors`: the size of the actor pool (default: the cluster's CPUs
    less one, for the tasks that read the input, over `cpus_per_actor`: actors holding every CPU
    would starve the reads, and the job would wait forever); `batch_size` articles per call;
    `model`: a checkpoint folder present on every node (default: the shipped model); `holders`: fill
    the holder columns (who says it, `dovehawk.holders`), as `dovehawk label --holders` does.

    >>> import ray  # doctest: +SKIP
    >>> docs = ray.data.read_parquet("articles/")  # doctest: +SKIP
    >>> label_dataset(docs, actors=4, cpus_per_actor=2).write_parquet("labelled/")  # doctest: +SKIP
    """
    from ray.data import ActorPoolStrategy

    return ds.map_batches(
        DocumentLabeller,
        fn_constructor_kwargs={
            "model_path": None if model is None else str(model),
            "quantize": quantize,
            "cpus": cpus_per_actor,
            "id_column": id_column,
            "text_column": text_column,
            "holders": holders,
        },
        batch_format="pyarrow",
        batch_size=batch_size,
        compute=ActorPoolStrategy(size=actors or default_actors(cpus_per_actor, reserve=1)),
        num_cpus=cpus_per_actor,
        memory=WORKER_MEMORY,
    )


def default_actors(cpus_per_actor: float, reserve: float = 0) -> int:
    """As many actors as the cluster's CPUs hold, less `reserve` CPUs (Ray started here if it is not
    yet)."""
    ray = require_ray()
    if not ray.is_initialized():
        ray.init()
    return max(1, int((ray.cluster_resources().get("CPU", 1) - reserve) // cpus_per_actor))


@dataclass(frozen=True)
class ShardRun:
    """What `label_shards` did: shards in all, labelled now, skipped as complete; documents and
    sentences labelled now; `actor_seconds` summed over shards (sentences / actor_seconds is the
    per-actor rate); `wall_seconds` of the whole run."""

    shards: int
    labelled: int
    skipped: int
    documents: int
    sentences: int
    actor_seconds: float
    wall_seconds: float
    warnings: list[str]
    state: str  # what the output was: "new", "resume" or "complete"


def label_shards(
    shards: list[str],
    output: str,
    model=None,
    *,
    quantize: bool | None = None,
    id_column: str = "id",
    text_column: str = "text",
    summary: bool = True,
    actors: int | None = None,
    cpus_per_actor: float = 1,
    overwrite: bool = False,
    holders: bool = False,
    on_shard: Callable[[ShardResult], None] | None = None,
) -> ShardRun:
    """Label input `shards` (files) into the folder `output`, one Parquet shard each, on the Ray
    instance this process is connected to (`ray.init`; a local one if none). Resumes a folder of the
    same run, skipping its complete shards; `holders` fills the holder columns, as `dovehawk label --holders`
    does; `on_shard` is called as each shard completes. Raises
    `InputError` (one line) for bad input or an output folder of another run.
    """
    import dovehawk

    ray = require_ray()
    from ray.data import ActorPoolStrategy

    start = time.perf_counter()
    summary_dir = summary_path(output) if summary else None
    options = {"id_column": id_column, "text_column": text_column, "holders": holders}
    model_version = dovehawk.load_model(model, quantize=quantize).version
    run = {"inputs": fingerprint(shards), "model_version": model_version, "options": {**options, "engine": "ray"}}
    state = claim_folder(output, run, overwrite, [summary_dir] if summary_dir else [])
    names = shard_names(shards)
    out = Path(output)
    for stale in out.glob(".tmp-part-*"):  # left by a killed run
        shutil.rmtree(stale, ignore_errors=True)
    todo = [(s, n) for s, n in zip(shards, names) if not (out / n).exists()]
    results: list[ShardResult] = []
    if todo:
        if not ray.is_initialized():
            ray.init()
        n_actors = min(len(todo), actors or default_actors(cpus_per_actor))
        ds = ray.data.from_items([{"shard": s, "name": n} for s, n in todo], override_num_blocks=len(todo))
        labelled = ds.map_batches(
            ShardLabeller,
            fn_constructor_kwargs={
                "model_path": None if model is None else str(model),
                "quantize": quantize,
                "cpus": cpus_per_actor,
                "expected_version": model_version,
                "options": options,
                "output": str(out.resolve()),
                "summary": None if summary_dir is None else str(Path(summary_dir).resolve()),
            },
            batch_size=1,
            batch_format="numpy",
            # one shard in flight per actor: a queue behind a busy actor would idle the others
            compute=ActorPoolStrategy(size=n_actors, max_tasks_in_flight_per_actor=1),
            num_cpus=cpus_per_actor,
            memory=WORKER_MEMORY,
        )
        for row in labelled.iter_rows():
            fields = {k: _plain(row[k]) for k in ShardResult.__dataclass_fields__}
            fields["warnings"] = [w for w in fields["warnings"].split("\n") if w]
            result = ShardResult(**{**fields, "error": fields["error"] or None})
            if result.error:
                raise InputError(result.error)
            results.append(result)
            if on_shard is not None:
                on_shard(result)
    if all((out / n).exists() for n in names):
        finish_manifest(output, [output, *([summary_dir] if summary_dir else [])])
    return ShardRun(
        shards=len(shards),
        labelled=len(results),
        skipped=len(shards) - len(todo),
        documents=sum(r.documents for r in results),
        sentences=sum(r.sentences for r in results),
        actor_seconds=sum(r.seconds for r in results),
        wall_seconds=time.perf_counter() - start,
        warnings=[w for r in results for w in r.warnings],
        state=state,
    )


def _plain(value):
    """A numpy value from a Ray batch as a plain Python one."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    return value


def duplicate_ids(summary_dir: str) -> list[str]:
    """Document ids in more than one shard (ids are made unique within a shard only)."""
    import pyarrow.parquet as pq

    seen: dict[str, int] = {}
    for part in sorted(Path(summary_dir).glob("part-*.parquet")):
        for doc_id in pq.read_table(part, columns=["doc_id"]).column(0).to_pylist():
            seen[doc_id] = seen.get(doc_id, 0) + 1
    return [k for k, v in seen.items() if v > 1]
