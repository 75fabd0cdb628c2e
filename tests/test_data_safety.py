"""Output is never lost or mixed up: duplicate ids, resume manifests, write errors, closed pipes,
workers, long inputs, CRLF offsets, empty inputs (issue 15, items 9-13 and 15)."""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dovehawk.cli import main


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def rows_of(path):
    return [json.loads(line) for line in Path(path).read_text().splitlines()]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


# ------------------------------------------------------------------------------------- 9: duplicate ids


def test_duplicate_ids_are_made_unique_with_one_warning(tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "c.jsonl"
    write_jsonl(
        src,
        [
            {"id": "x", "text": "Talks resumed.", "outlet": "A"},
            {"id": "x", "text": "Talks failed. Nobody came.", "outlet": "B"},
            {"id": "x#2", "text": "A truce held.", "outlet": "C"},
        ],
    )
    out = tmp_path / "o.jsonl"
    code, _, err = run(["label", str(src), "-o", str(out), "--model", str(tiny_checkpoint)], capsys)
    assert code == 0, err
    rows = rows_of(out)
    assert [(r["doc_id"], r["outlet"]) for r in rows] == [("x", "A"), ("x#2", "B"), ("x#2", "B"), ("x#2#2", "C")]
    warning = [line for line in err.splitlines() if line.startswith("warning: duplicate")]
    assert len(warning) == 1 and "'x' -> x#2" in warning[0]
    summary = rows_of(tmp_path / "o.summary.jsonl")
    assert [s["outlet"] for s in summary] == ["A", "B", "C"]


def test_two_files_with_the_same_name_stay_two_documents(tiny_checkpoint, tmp_path, capsys):
    for folder, text in (("a", "Talks resumed in Geneva."), ("b", "The minister rejected any talks.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(text)
    code, out, err = run(
        [
            "label",
            str(tmp_path / "a" / "story.txt"),
            str(tmp_path / "b" / "story.txt"),
            "--model",
            str(tiny_checkpoint),
        ],
        capsys,
    )
    assert code == 0, err
    assert [json.loads(line)["doc_id"] for line in out.splitlines()] == ["story", "story#2"]
    assert "'story' -> story#2" in err


def test_a_row_without_an_id_is_named_with_a_warning(tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "c.jsonl"
    write_jsonl(
        src, [{"id": "a", "text": "Talks resumed."}, {"text": "Talks failed."}, {"id": None, "text": "A truce."}]
    )
    code, out, err = run(["label", str(src), "--model", str(tiny_checkpoint)], capsys)
    assert code == 0, err
    ids = [json.loads(line)["doc_id"] for line in out.splitlines()]
    assert ids == ["a", "c.jsonl:row 2", "c.jsonl:row 3"] and "None" not in ids
    assert len([line for line in err.splitlines() if "without 'id'" in line]) == 1


# ------------------------------------------------------------------------------------------ 10: resume


def corpus(path, texts):
    write_jsonl(path, [{"id": f"d{i}", "text": t} for i, t in enumerate(texts)])


def test_output_of_another_input_is_not_resumed_into(tiny_checkpoint, tmp_path, capsys):
    a, b, out = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "o.jsonl"
    corpus(a, ["Talks resumed.", "Talks failed."])
    corpus(b, ["A truce held.", "Shelling went on."])
    args = ["--model", str(tiny_checkpoint), "--no-summary"]
    assert run(["label", str(a), "-o", str(out), *args], capsys)[0] == 0
    before = out.read_bytes()
    code, _, err = run(["label", str(b), "-o", str(out), *args], capsys)
    assert code == 2 and "different input" in err and "--overwrite" in err and len(err.splitlines()) == 1
    assert out.read_bytes() == before
    assert run(["label", str(b), "-o", str(out), "--overwrite", *args], capsys)[0] == 0
    assert [r["text"] for r in rows_of(out)] == ["A truce held.", "Shelling went on."]


def test_same_ids_with_changed_text_keep_no_stale_labels(tiny_checkpoint, tmp_path, capsys):
    src, out = tmp_path / "c.jsonl", tmp_path / "o.jsonl"
    args = ["--model", str(tiny_checkpoint)]
    corpus(src, ["Talks resumed.", "Talks failed."])
    assert run(["label", str(src), "-o", str(out), *args], capsys)[0] == 0
    corpus(src, ["Talks resumed.", "A ceasefire was agreed."])
    code, _, err = run(["label", str(src), "-o", str(out), *args], capsys)
    assert code == 2 and "different input" in err
    assert run(["label", str(src), "-o", str(out), "--overwrite", *args], capsys)[0] == 0
    assert [r["text"] for r in rows_of(out)] == ["Talks resumed.", "A ceasefire was agreed."]


def test_other_model_or_options_are_refused(tiny_checkpoint, tmp_path, capsys):
    src, out = tmp_path / "c.jsonl", tmp_path / "o.jsonl"
    corpus(src, ["Talks resumed."])
    args = ["--model", str(tiny_checkpoint), "--no-summary"]
    assert run(["label", str(src), "-o", str(out), *args], capsys)[0] == 0
    code, _, err = run(["label", str(src), "-o", str(out), "--int8", *args], capsys)
    assert code == 2 and "different model" in err
    code, _, err = run(["label", str(src), "-o", str(out), "--text-column", "body", *args], capsys)
    assert code == 2 and "different options" in err


@pytest.mark.parametrize("name", ["foreign.csv", "foreign.jsonl", "foreign.summary.jsonl"])
def test_a_file_dovehawk_did_not_write_is_never_touched(tiny_checkpoint, tmp_path, capsys, name):
    src = tmp_path / "c.jsonl"
    corpus(src, ["Talks resumed.", "Talks failed."])
    foreign = tmp_path / name
    foreign.write_bytes(b"name,score\nalice,1\nbob,2\n")
    before = foreign.read_bytes()
    output = str(tmp_path / name.replace(".summary", ""))
    code, _, err = run(["label", str(src), "-o", output, "--model", str(tiny_checkpoint)], capsys)
    assert code == 2 and "not written by" in err and "--overwrite" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert foreign.read_bytes() == before
    assert not Path(output + ".dovehawk.json").exists()


def test_the_manifest_records_the_run(tiny_checkpoint, tmp_path, capsys):
    src, out = tmp_path / "c.jsonl", tmp_path / "o.csv"
    corpus(src, ["Talks resumed."])
    assert run(["label", str(src), "-o", str(out), "--model", str(tiny_checkpoint)], capsys)[0] == 0
    manifest = json.loads((tmp_path / "o.csv.dovehawk.json").read_text())
    assert manifest["complete"] is True and manifest["model_version"] == "tiny-test"
    assert manifest["inputs"][0]["size"] == src.stat().st_size and len(manifest["inputs"][0]["sha256"]) == 64
    assert manifest["files"] == ["o.csv", "o.summary.csv"]
    assert manifest["options"] == {"id_column": "id", "text_column": "text", "holders": False}


# ------------------------------------------------------------------------------------ 11: write errors


@pytest.mark.parametrize("where", ["folder", "under_a_file", "sys"])
def test_unwritable_output_is_one_line(tiny_checkpoint, tmp_path, capsys, where):
    src = tmp_path / "a.txt"
    src.write_text("Talks resumed in Geneva.")
    output = {"folder": tmp_path, "under_a_file": src / "out.jsonl", "sys": Path("/sys/dovehawk-test/o.jsonl")}[where]
    if where == "folder":
        output = tmp_path / "dir.jsonl"
        output.mkdir()
    code, _, err = run(["label", str(src), "-o", str(output), "--model", str(tiny_checkpoint), "--overwrite"], capsys)
    assert code != 0
    assert err.startswith("dovehawk: error:") and len(err.strip().splitlines()) == 1, err


def test_read_only_folder_is_one_line(tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("Talks resumed in Geneva.")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        code, _, err = run(["label", str(src), "-o", str(folder / "o.jsonl"), "--model", str(tiny_checkpoint)], capsys)
    finally:
        folder.chmod(0o700)
    assert code == 1 and "Permission denied" in err and len(err.strip().splitlines()) == 1


def test_a_closed_pipe_exits_quietly(tiny_checkpoint, tmp_path):
    src = tmp_path / "c.jsonl"
    corpus(src, [f"Talks number {i} began. They ended at noon." for i in range(3000)])
    process = subprocess.Popen(
        [sys.executable, "-m", "dovehawk.cli", "label", str(src), "--model", str(tiny_checkpoint)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    err = process.stderr.read().decode()
    code = process.wait()
    assert "Traceback" not in err and "Exception ignored" not in err and "BrokenPipe" not in err, err
    assert code == 141


# ----------------------------------------------------------------------------------------- 12: workers


def test_workers_are_capped_by_cores_and_memory():
    from dovehawk.labelling import WORKER_MEMORY, worker_cap

    assert worker_cap(64, cpus=2, memory=24 * 2**30) == (2, "--workers 64 capped at 2 (2 CPU cores)")
    n, note = worker_cap(8, cpus=16, memory=5 * WORKER_MEMORY)
    assert n == 4 and "GiB of available memory" in note
    assert worker_cap(1, cpus=1, memory=WORKER_MEMORY // 2) == (1, None)
    assert worker_cap(2, cpus=4, memory=None) == (2, None)


def test_too_many_workers_get_a_note(tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "c.jsonl"
    corpus(src, ["Talks resumed.", "Talks failed."])
    code, _, err = run(["label", str(src), "--workers", "512", "--model", str(tiny_checkpoint)], capsys)
    assert code == 0, err
    assert len([line for line in err.splitlines() if "capped at" in line]) == 1


class Dying:
    """A labeller that kills its worker process on its second batch."""

    version = "dying"
    calls = 0

    def label_documents(self, texts):
        Dying.calls += 1
        if Dying.calls > 1:
            os._exit(9)
        from dovehawk.model.predict import SentenceLabel

        return [
            [SentenceLabel(t, "neutral", {"neutral": 1.0}, "neutral", {"neutral": 1.0}, index=0, start=0, end=len(t))]
            for t in texts
        ]


def init_dying():
    import dovehawk.labelling

    dovehawk.labelling._POOL_LABELLER = Dying()


def test_a_dead_worker_fails_the_run_and_keeps_what_was_written(tmp_path):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from dovehawk.io import Document, RowWriter
    from dovehawk.labelling import WorkerDied, label_stream, stop_pool

    docs = [Document(f"d{i}", "x" * 250_000) for i in range(6)]  # one document per batch
    out = tmp_path / "o.jsonl"
    writer = RowWriter(str(out), "jsonl")
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=init_dying)
    try:
        with pytest.raises(WorkerDied):
            label_stream(None, docs, writer, pool=pool, workers=1)
    finally:
        stop_pool(pool)
        writer.close(complete=False)
    assert [r["doc_id"] for r in rows_of(out)] == ["d0"]


def test_workers_die_with_their_parent(tiny_checkpoint, tmp_path):
    script = (
        "import os, signal, sys\n"
        "from dovehawk.labelling import worker_pool\n"
        f"pool = worker_pool(2, {str(tiny_checkpoint)!r}, False)\n"
        "[f.result() for f in [pool.submit(os.getpid) for _ in range(4)]]\n"
        "print(*pool._processes, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in parent.stdout.readline().split()]  # not read to EOF: orphans would hold it open
    parent.wait()
    parent.stdout.close()
    assert len(pids) == 2
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.2)
    alive = [p for p in pids if _alive(p)]
    for p in alive:
        os.kill(p, signal.SIGKILL)
    assert not alive


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


# --------------------------------------------------------------------------------------- 13: streaming


def test_text_parts_are_bounded_lazy_and_join_to_the_text():
    from dovehawk.io import text_parts

    text = "".join(f"Article {i} says talks resumed. The envoy agreed.\n" for i in range(5000))
    reads = []
    source = io.StringIO(text)

    def read(n):
        reads.append(n)
        return source.read(n)

    parts = text_parts(read, 10_000)
    first = next(parts)
    assert sum(reads) < len(text) / 4  # handed on before the text was read
    parts = [first, *parts]
    assert all(len(p) <= 10_000 and p.endswith("\n") for _, p, _ in parts)
    assert "".join(p for _, p, _ in parts) == text
    assert [o for o, _, _ in parts] == [sum(len(p) for _, p, _ in parts[:i]) for i in range(len(parts))]
    assert not any(cut for _, _, cut in parts)
    one_line = "Talks went on. " * 2000
    cut = list(text_parts(io.StringIO(one_line).read, 10_000))
    assert cut[0][2] and cut[0][1].endswith(". ") and "".join(p for _, p, _ in cut) == one_line


def test_label_stream_writes_while_reading(tiny_checkpoint, tmp_path):
    import dovehawk
    from dovehawk.io import RowWriter, iter_documents
    from dovehawk.labelling import label_stream

    src = tmp_path / "big.txt"
    # long sentences: the tokenizer truncates them, so a few MB label quickly with the tiny model
    src.write_text(
        "".join(f"Article {i} says that " + "the talks resumed in Geneva and " * 60 + "ended.\n" for i in range(1100))
    )
    assert src.stat().st_size > 2_000_000
    seen = []

    def documents():
        for doc in iter_documents(str(src)):
            seen.append(len(doc.text))
            yield doc

    class Recorder(RowWriter):
        writes_at = []

        def write(self, rows):
            self.writes_at.append(len(seen))
            super().write(rows)

    writer = Recorder(str(tmp_path / "o.jsonl"), "jsonl")
    label_stream(dovehawk.load_model(tiny_checkpoint, quantize=False), documents(), writer)
    writer.close()
    assert len(seen) > 10 and max(seen) <= 100_000  # read in bounded parts
    assert Recorder.writes_at[0] < len(seen) / 2  # the first rows were written long before the end
    rows = rows_of(tmp_path / "o.jsonl")
    assert [r["sentence_index"] for r in rows] == list(range(len(rows))) == list(range(1100))
    text = src.read_text()
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)


def test_a_huge_line_is_cut_with_one_warning(tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "one_line.txt"
    src.write_text("The talks went on and on without any pause at all. " * 8000)
    out = tmp_path / "o.jsonl"
    code, _, err = run(["label", str(src), "-o", str(out), "--model", str(tiny_checkpoint)], capsys)
    assert code == 0, err
    assert len([line for line in err.splitlines() if "cut into parts" in line]) == 1
    rows, text = rows_of(out), src.read_text()
    assert len(rows) == 8000 and all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    assert len(rows_of(tmp_path / "o.summary.jsonl")) == 1


# --------------------------------------------------------------------------------- 15: smaller traps


def test_crlf_offsets_index_the_text_python_reads(tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "windows.txt"
    src.write_bytes(
        b"Envoys return to Geneva\r\n\r\nNegotiators arrived on Monday. The minister rejected "
        b"any talks.\r\nA drone strike killed two workers.\r\n"
    )
    code, out, err = run(["label", str(src), "--model", str(tiny_checkpoint)], capsys)
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    with open(src, encoding="utf-8") as f:
        article = f.read()
    assert len(rows) == 4
    assert all(article[r["start"] : r["end"]] == r["text"] for r in rows)


@pytest.mark.parametrize("content", ["", "doc_id,sentence_index,text,stance,sentiment,scored\n"])
def test_report_on_an_empty_labelled_file_is_one_line(tmp_path, capsys, content):
    src = tmp_path / "empty.csv"
    src.write_text(content)
    code, _, err = run(["report", str(src), "-o", str(tmp_path / "r.html")], capsys)
    assert code == 2 and "no labelled sentences" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r.html").exists()


def test_summarize_writes_its_table_without_matplotlib(tmp_path, capsys, monkeypatch):
    src = tmp_path / "l.csv"
    with src.open("w", newline="") as f:
        w = csv.DictWriter(f, ["doc_id", "stance", "sentiment", "scored", "outlet"])
        w.writeheader()
        for i, stance in enumerate(["favor", "against", "neutral", "unrelated"] * 3):
            w.writerow(
                {"doc_id": f"d{i // 2}", "stance": stance, "sentiment": "neutral", "scored": True, "outlet": "A"}
            )
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` fails
    out = tmp_path / "s.csv"
    code, _, err = run(["summarize", str(src), "-o", str(out), "--by", "outlet", "--bootstrap", "50"], capsys)
    assert code == 0, err
    assert list(csv.DictReader(out.open()))[0]["n_articles"] == "6"
    assert "plots skipped: matplotlib not installed (pip install 'dovehawk[report]')" in err
    assert not (tmp_path / "s_plots").exists()
