"""A user's file is sacred: which output files a run may write, and when a rerun may resume.

- A manifest beside the output (`OUTPUT.dovehawk.json`) records the input fingerprint, the model and
  the options; a rerun resumes only when they all match, and a file without a manifest is never
  touched (`claim_output`; `claim_folder` for the folder of shards of `--engine ray`).
- Every refusal is an `InputError` with a one-line message, most naming `--overwrite` or another `-o`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from dovehawk.io import InputError, partial_path

MANIFEST_SUFFIX = ".dovehawk.json"


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
    store = Path(partial_path(output)) if fmt == "parquet" else out
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
