"""CLI tests on the tiny model: output rows, formats, carried metadata, bad inputs, resume."""

import csv
import json

import pytest

from dovehawk.cli import main
from dovehawk.io import ROW_COLUMNS

ARTICLE = (
    "Envoys return to Geneva\nNegotiators arrived in Geneva on Monday for talks. "
    "The minister rejected any talks as a dangerous trap.\nA drone strike killed two workers."
)


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_label_txt_to_jsonl_rows_and_summary(tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "article.txt"
    src.write_text(ARTICLE)
    out = tmp_path / "labels.jsonl"
    code, _, err = run(["label", str(src), "-o", str(out), "--model", str(tiny_checkpoint)], capsys)
    assert code == 0, err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["sentence_index"] for r in rows] == [0, 1, 2, 3]
    assert all(set(ROW_COLUMNS) <= set(r) for r in rows)
    assert all(ARTICLE[r["start"] : r["end"]] == r["text"] for r in rows)
    assert {r["doc_id"] for r in rows} == {"article"}
    assert rows[0]["model_version"] == "tiny-test"
    summary = [json.loads(line) for line in (tmp_path / "labels.summary.jsonl").read_text().splitlines()]
    assert summary[0]["n_sentences"] == 4
    assert sum(summary[0][f"n_{k}"] for k in ("favor", "against", "neutral", "unrelated")) == 4


def test_corpus_csv_carries_metadata_and_precision_flags(tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "corpus.csv"
    with src.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["article", "body", "outlet", "date"])
        w.writerow(["a1", ARTICLE, "Daily Dove", "2023-01-02"])
        w.writerow(["a2", "Talks resumed. Nobody came.", "Hawk Times", "2023-02-03"])
    out = tmp_path / "out.csv"
    code, _, err = run(
        [
            "label",
            str(src),
            "-o",
            str(out),
            "--id-column",
            "article",
            "--text-column",
            "body",
            "--int8",
            "--model",
            str(tiny_checkpoint),
        ],
        capsys,
    )
    assert code == 0, err
    rows = list(csv.DictReader(out.open()))
    assert [r["doc_id"] for r in rows] == ["a1"] * 4 + ["a2"] * 2
    assert rows[0]["outlet"] == "Daily Dove" and rows[-1]["date"] == "2023-02-03"
    assert rows[0]["model_version"] == "tiny-test+int8"
    code, out, err = run(
        [
            "label",
            str(src),
            "--id-column",
            "article",
            "--text-column",
            "body",
            "--fp32",
            "--model",
            str(tiny_checkpoint),
        ],
        capsys,
    )
    assert code == 0, err
    assert json.loads(out.splitlines()[0])["model_version"] == "tiny-test"
    summary = list(csv.DictReader((tmp_path / "out.summary.csv").open()))
    assert [s["outlet"] for s in summary] == ["Daily Dove", "Hawk Times"]


def test_parquet_in_and_out(tiny_checkpoint, tmp_path, capsys):
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "c.parquet"
    pq.write_table(pa.table({"id": ["x", "y"], "text": [ARTICLE, "Talks failed."], "outlet": ["A", "B"]}), src)
    out = tmp_path / "o.parquet"
    code, _, err = run(["label", str(src), "-o", str(out), "--model", str(tiny_checkpoint)], capsys)
    assert code == 0, err
    table = pq.read_table(out).to_pylist()
    assert [r["doc_id"] for r in table] == ["x"] * 4 + ["y"]
    assert table[-1]["outlet"] == "B"
    assert not list(tmp_path.glob(".*partial*"))


def test_stdin_to_stdout(tiny_checkpoint, monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    code, out, err = run(["label", "-", "--model", str(tiny_checkpoint)], capsys)
    assert code == 0, err
    assert len(out.strip().splitlines()) == 4
    assert json.loads(out.splitlines()[0])["doc_id"] == "stdin"


def test_example_without_input_prints_a_table(tiny_checkpoint, capsys):
    code, out, _ = run(["label", "--model", str(tiny_checkpoint)], capsys)
    assert code == 0
    assert "ceasefire_talks.txt" in out
    assert "favor" in out and "unrelated" in out  # the closing count line names every stance
    assert len([line for line in out.splitlines() if line[:2].strip().isdigit()]) == 12
    assert "holder" in out.splitlines()[2]  # who says it, for the stance-bearing sentences


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n", "empty"),
        ("binary.txt", b"\x00\x01\x02PNG\x00" * 10, "binary"),
        ("latin1.txt", "Die Gespräche über einen Waffenstillstand".encode("latin-1"), "not UTF-8"),
        ("missing.jsonl", b'{"id": 1, "body": "Talks."}\n', "missing column 'text'"),
        ("noext.xyz", b"hello", "unknown input type"),
    ],
)
def test_bad_inputs_give_one_line_errors(tiny_checkpoint, tmp_path, capsys, name, content, message):
    src = tmp_path / name
    src.write_bytes(content)
    code, _, err = run(["label", str(src), "-o", str(tmp_path / "o.jsonl"), "--model", str(tiny_checkpoint)], capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_missing_file_is_an_error(tiny_checkpoint, tmp_path, capsys):
    code, _, err = run(["label", str(tmp_path / "nope.txt"), "--model", str(tiny_checkpoint)], capsys)
    assert code == 2 and "no such file" in err


def test_bad_rows_are_skipped_with_a_warning(tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "c.jsonl"
    src.write_text(
        '{"id": "a", "text": "Talks resumed."}\nnot json\n{"id": "b", "text": ""}\n'
        '{"id": "c", "text": "Talks failed."}\n'
    )
    out = tmp_path / "o.jsonl"
    code, _, err = run(["label", str(src), "-o", str(out), "--model", str(tiny_checkpoint)], capsys)
    assert code == 0
    assert "line 2: not valid JSON" in err and "row 3: empty or missing text" in err
    assert [json.loads(line)["doc_id"] for line in out.read_text().splitlines()] == ["a", "c"]


def test_huge_single_line_and_non_english_article(tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "c.jsonl"
    huge = ("The talks went on and on without any pause at all " * 100_000)[:5_000_000]
    russian = "Делегации встретились в Женеве и договорились продолжить переговоры на следующей неделе."
    src.write_text(json.dumps({"id": "huge", "text": huge}) + "\n" + json.dumps({"id": "ru", "text": russian}) + "\n")
    out = tmp_path / "o.jsonl"
    code, _, err = run(["label", str(src), "-o", str(out), "--model", str(tiny_checkpoint)], capsys)
    assert code == 0, err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["doc_id"] for r in rows} == {"huge", "ru"}
    assert all(len(r["text"]) <= 2000 for r in rows)
    ru = [r for r in rows if r["doc_id"] == "ru"]
    assert ru and all(r["scored"] is False and r["stance"] is None for r in ru)
    summary = [json.loads(line) for line in (tmp_path / "o.summary.jsonl").read_text().splitlines()]
    assert [s["scored"] for s in summary] == [True, False]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_interrupted_run_resumes_without_duplicates(tiny_checkpoint, tmp_path, capsys, monkeypatch, fmt):
    from dovehawk.io import RowWriter

    src = tmp_path / "c.jsonl"
    src.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": f"Talks number {i} began. They ended."}) + "\n" for i in range(30))
    )
    full, part = tmp_path / f"full.{fmt}", tmp_path / f"part.{fmt}"
    args = ["--model", str(tiny_checkpoint), "--no-summary"]
    assert run(["label", str(src), "-o", str(full), *args], capsys)[0] == 0
    # interrupt the run after 17 documents, and leave half a row behind as a kill would
    write, calls = RowWriter.write, []

    def interrupted(self, rows):
        calls.append(1)
        if len(calls) > 17:
            raise KeyboardInterrupt
        write(self, rows)

    monkeypatch.setattr(RowWriter, "write", interrupted)
    code, _, err = run(["label", str(src), "-o", str(part), *args], capsys)
    assert code == 130 and "rerun the same command to resume" in err
    monkeypatch.setattr(RowWriter, "write", write)
    store = part if fmt != "parquet" else tmp_path / f".{part.name}.partial.jsonl"
    assert not (fmt == "parquet" and part.exists())  # nothing converted before the run completes
    with store.open("ab") as f:
        f.write(b'{"doc_id": "d17", "sent')
    code, _, err = run(["label", str(src), "-o", str(part), *args], capsys)
    assert code == 0 and "resumed, the rows written before kept" in err
    assert _rows(part, fmt) == _rows(full, fmt)
    # rerunning a finished run changes nothing, and says so in one line
    before = part.read_bytes()
    code, _, err = run(["label", str(src), "-o", str(part), *args], capsys)
    assert code == 0 and "is complete" in err and "labelled 0" not in err
    assert part.read_bytes() == before


def _rows(path, fmt):
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    return path.read_bytes()


def test_workers_give_the_same_output(tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "c.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": f"d{i}", "text": f"Talks number {i} began. They ended. " * (i % 5 + 1)}) + "\n"
            for i in range(600)
        )
    )
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    args = ["--model", str(tiny_checkpoint), "--no-summary"]
    assert run(["label", str(src), "-o", str(one), *args], capsys)[0] == 0
    assert run(["label", str(src), "-o", str(two), "--workers", "2", *args], capsys)[0] == 0
    assert one.read_bytes() == two.read_bytes()
