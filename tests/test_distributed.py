"""`dovehawk label --engine ray` and `dovehawk.distributed` on a local Ray instance (2 CPUs), with the
tiny model: the same rows and summary as the local path, and a resume after a stopped run."""

from __future__ import annotations

import json
import random
import subprocess
import time

import pytest

from tests.conftest import ROWS

ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'dovehawk[ray]'; CI installs it)")
pytest.importorskip("ray.data", reason="ray[data] is not installed (pip install 'dovehawk[ray]')")
pq = pytest.importorskip("pyarrow.parquet")

from dovehawk.cli import main  # noqa: E402

N_SHARDS, DOCS_PER_SHARD = 4, 60


def ray_processes() -> int:
    """Processes whose command line names ray (its raylet, GCS and workers)."""
    out = subprocess.run(["ps", "-eo", "cmd"], capture_output=True, text=True).stdout
    return sum("ray" in line.split(" ")[0] or "raylet" in line or "gcs_server" in line for line in out.splitlines())


@pytest.fixture(scope="module")
def ray_instance():
    before = ray_processes()
    ray.data.DataContext.get_current().enable_progress_bars = False
    ray.init(num_cpus=2, include_dashboard=False, logging_level="warning")
    yield
    ray.shutdown()
    deadline = time.monotonic() + 30  # workers exit a moment after shutdown returns
    while ray_processes() > before and time.monotonic() < deadline:
        time.sleep(0.5)
    assert ray_processes() <= before, "ray processes left behind after ray.shutdown()"


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    """240 short articles in 4 shards (2 Parquet, 2 JSONL) with metadata, one non-English line and
    one empty row."""
    import pyarrow as pa

    rng = random.Random(0)
    folder = tmp_path_factory.mktemp("shards")
    paths = []
    for s in range(N_SHARDS):
        rows = []
        for d in range(DOCS_PER_SHARD):
            sentences = [rng.choice(ROWS)[0] for _ in range(rng.randint(1, 4))]
            if d == 7:
                sentences.append("Переговоры начались в понедельник в Стамбуле.")
            rows.append({"id": f"s{s}-d{d}", "text": " ".join(sentences), "outlet": f"outlet{d % 3}", "year": 2020 + s})
        if s == 1:
            rows.append({"id": "s1-empty", "text": "", "outlet": "x", "year": 2021})
        if s % 2:
            path = folder / f"shard{s}.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        else:
            path = folder / f"shard{s}.parquet"
            pq.write_table(pa.Table.from_pylist(rows), path)
        paths.append(str(path))
    return paths


@pytest.fixture(scope="module")
def local(shards, tiny_checkpoint, tmp_path_factory):
    """The local path's rows and summary on the same shards."""
    out = tmp_path_factory.mktemp("local") / "local.parquet"
    assert main(["label", *shards, "-o", str(out), "--model", str(tiny_checkpoint)]) == 0
    return read_sorted(out), read_sorted(out.with_name("local.summary.parquet")), columns(out)


def read_sorted(path) -> list[dict]:
    """Rows of a Parquet file or folder of shards, sorted by document and sentence."""
    import pyarrow.dataset as pds

    rows = pds.dataset(str(path), format="parquet").to_table().to_pylist()
    return sorted(rows, key=lambda r: (r["doc_id"], r.get("sentence_index") or 0))


def columns(path) -> list[str]:
    import pyarrow.dataset as pds

    return pds.dataset(str(path), format="parquet").schema.names


@pytest.fixture(scope="module")
def ray_run(ray_instance, shards, tiny_checkpoint, tmp_path_factory):
    """`dovehawk label FOLDER --engine ray -o labelled` on the shards: (output folder, stderr)."""
    import contextlib
    import io

    out = tmp_path_factory.mktemp("ray") / "labelled"
    folder = str(shards[0]).rsplit("/", 1)[0]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(
            ["label", folder, "--engine", "ray", "-o", str(out), "--model", str(tiny_checkpoint), "--actors", "2"]
        )
    assert code == 0, err.getvalue()
    return out, err.getvalue()


def test_cli_ray_matches_local(ray_run, local):
    out, err = ray_run
    assert "s1-empty" not in err or "skipped" in err
    assert sorted(p.name for p in out.iterdir()) == [f"part-0000{i}-shard{i}.parquet" for i in range(N_SHARDS)]
    rows, summary = read_sorted(out), read_sorted(out.with_name("labelled.summary"))
    local_rows, local_summary, local_columns = local
    assert len(rows) == len(local_rows) > 4 * DOCS_PER_SHARD
    assert columns(out) == local_columns
    assert rows == local_rows  # the same rows, columns and labels
    assert summary == local_summary
    assert len({r["doc_id"] for r in summary}) == 4 * DOCS_PER_SHARD
    assert any(not r["scored"] for r in rows) and {r["outlet"] for r in rows} == {"outlet0", "outlet1", "outlet2"}
    manifest = json.loads(out.with_name("labelled.dovehawk.json").read_text())
    assert manifest["complete"] and manifest["model_version"] == "tiny-test"


def test_rerun_skips_complete_shards_and_refuses_another_run(ray_run, local, shards, tiny_checkpoint, capsys):
    out, _ = ray_run
    args = ["--engine", "ray", "-o", str(out), "--model", str(tiny_checkpoint)]
    assert main(["label", *shards, *args]) == 0
    assert "4 complete shard(s) skipped" in capsys.readouterr().err
    assert read_sorted(out) == local[0]
    assert main(["label", *shards[1:], *args]) == 2
    assert "different input" in capsys.readouterr().err
    assert main(["label", *shards, *args, "--text-column", "body"]) == 2
    assert "different options" in capsys.readouterr().err
    assert read_sorted(out) == local[0]


def test_stopped_run_resumes_without_duplicates(ray_instance, shards, local, tiny_checkpoint, tmp_path):
    from dovehawk.distributed import label_shards

    out = str(tmp_path / "labelled")
    done = []

    def stop_after_first(result):
        done.append(result.name)
        raise KeyboardInterrupt  # as if the job were stopped once the first shard is written

    with pytest.raises(KeyboardInterrupt):
        label_shards(shards, out, tiny_checkpoint, actors=1, on_shard=stop_after_first)
    written = sorted(p.name for p in (tmp_path / "labelled").glob("part-*.parquet"))
    assert done[0] in written and len(written) < N_SHARDS
    # a killed worker leaves its temporary folder: the rerun clears it
    (tmp_path / "labelled" / ".tmp-part-00003-shard3.parquet-dead").mkdir()
    manifest = json.loads((tmp_path / "labelled.dovehawk.json").read_text())
    assert not manifest["complete"]

    again = label_shards(shards, out, tiny_checkpoint, actors=2)
    assert again.state == "resume" and again.skipped == len(written) and again.labelled == N_SHARDS - len(written)
    assert sorted(p.name for p in (tmp_path / "labelled").iterdir()) == [
        f"part-0000{i}-shard{i}.parquet" for i in range(4)
    ]
    rows = read_sorted(out)
    assert len({(r["doc_id"], r["sentence_index"]) for r in rows}) == len(rows)  # no duplicates
    assert rows == local[0]
    assert read_sorted(tmp_path / "labelled.summary") == local[1]


def test_refuses_a_foreign_folder(ray_instance, shards, tiny_checkpoint, tmp_path, capsys):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("my own file")
    args = ["label", *shards, "--engine", "ray", "--model", str(tiny_checkpoint)]
    assert main([*args, "-o", str(foreign), "--overwrite"]) == 2
    assert "did not write" in capsys.readouterr().err and (foreign / "notes.txt").exists()
    assert main([*args, "-o", str(tmp_path / "out.parquet"), "--workers", "2"]) == 2
    assert "--actors" in capsys.readouterr().err
    assert main(["label", "--engine", "ray", str(tmp_path / "nothing*.parquet"), "-o", str(tmp_path / "x")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_label_dataset_matches_local(ray_instance, shards, local, tiny_checkpoint):
    from dovehawk.distributed import label_dataset

    parquet = [s for s in shards if s.endswith(".parquet")]
    ds = ray.data.read_parquet(parquet)
    rows = sorted(
        label_dataset(ds, tiny_checkpoint, batch_size=16).take_all(),  # 1 actor: a CPU stays for the reads
        key=lambda r: (r["doc_id"], r["sentence_index"]),
    )
    expected = [r for r in local[0] if r["year"] in (2020, 2022)]
    assert [{k: r[k] for k in expected[0]} for r in rows] == expected
