"""The shipped model on the corpus test split (seed article included) run as a small corpus:
label -> summarize -> report -> sample -> Label Studio export -> import-labels -> corrected summary."""

import csv
import json

import pytest

from dovehawk.cli import main
from dovehawk.model import shipped_model_path
from tests.conftest import SHARED

pytestmark = [
    pytest.mark.shipped,
    pytest.mark.corpus,
    pytest.mark.skipif(not SHARED.is_dir(), reason=f"third-party sources not found at {SHARED}"),
    pytest.mark.skipif(not (shipped_model_path() / "dovehawk_config.json").exists(), reason="no shipped checkpoint"),
]


def test_test_split_round_trip(tmp_path, capsys):
    from dovehawk.data import load_corpus
    from dovehawk.eval.export_test_split import export

    full = tmp_path / "test_corpus.jsonl"
    export(str(full), SHARED)
    docs = [json.loads(line) for line in full.read_text().splitlines()]
    # the seed article plus the first documents of each source, to keep the test quick
    chosen = [d for d in docs if d["source"] == "seed"]
    for source in ("ukraine_news_2014", "ruw", "written"):
        chosen += [d for d in docs if d["source"] == source][:12]
    corpus = tmp_path / "small.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in chosen))
    labelled = tmp_path / "labelled.csv"
    assert main(["label", str(corpus), "-o", str(labelled)]) == 0
    rows = list(csv.DictReader(labelled.open()))
    assert {r["source"] for r in rows} == {"seed", "ukraine_news_2014", "ruw", "written"}
    seed_rows = [r for r in rows if r["source"] == "seed"]
    assert len(seed_rows) >= sum(1 for r in load_corpus(SHARED)["test"] if r["source"] == "seed")

    summary = tmp_path / "summary.csv"
    assert main(["summarize", str(labelled), "-o", str(summary), "--by", "source", "--bootstrap", "200"]) == 0
    table = list(csv.DictReader(summary.open()))
    assert [t["source"] for t in table] == ["ruw", "seed", "ukraine_news_2014", "written"]
    for t in table:
        if t["n_articles"] == "1":  # the seed article alone: no interval, rather than one of width 0
            assert t["share_about_negotiation_lo"] == t["share_about_negotiation_hi"] == ""
            continue
        assert (
            float(t["share_about_negotiation_lo"])
            <= float(t["share_about_negotiation"])
            <= float(t["share_about_negotiation_hi"])
        )

    page = tmp_path / "report.html"
    assert main(["report", str(labelled), "-o", str(page), "--by", "source"]) == 0
    assert page.read_text().count('class="sent" data-stance=') == len(rows)

    assert main(["sample", str(labelled), "-o", str(tmp_path / "sample"), "--n", "10", "--random", "40"]) == 0
    tasks = json.loads((tmp_path / "sample.json").read_text())
    gold = {" ".join(r["text"].split()): r for r in load_corpus(SHARED)["test"] if r["stance"]}
    tasks = [t for t in tasks if t["data"]["text"] in gold]  # (a splitter fragment has no gold label)
    for t in tasks:  # the "human" answers are the corpus's gold labels, in Label Studio's export format
        g = gold[t["data"]["text"]]
        t["annotations"] = [
            {
                "result": [
                    {"from_name": "stance", "to_name": "text", "type": "choices", "value": {"choices": [g["stance"]]}},
                    {
                        "from_name": "sentiment",
                        "to_name": "text",
                        "type": "choices",
                        "value": {"choices": [g["sentiment"]]},
                    },
                ]
            }
        ]
    export_path = tmp_path / "export.json"
    export_path.write_text(json.dumps(tasks))
    local = tmp_path / "local.jsonl"
    assert main(["import-labels", str(export_path), "-o", str(local)]) == 0
    assert len(local.read_text().splitlines()) == len(tasks) >= 40
    corrected = tmp_path / "corrected.csv"
    assert (
        main(["summarize", str(labelled), "-o", str(corrected), "--hand-labels", str(local), "--bootstrap", "200"]) == 0
    )
    row = next(csv.DictReader(corrected.open()))
    assert int(row["n_hand_labelled"]) == sum(t["data"]["purpose"] == "random" for t in tasks) >= 30
    assert row["share_about_negotiation_corrected"]
