"""summarize / report / sample / import-labels on output of the tiny model."""

import csv
import json
import re

import numpy as np
import pytest

from dovehawk.cli import main
from dovehawk.estimates import FIELDS, cluster_bootstrap, measures, one_hot, ppi_bootstrap

ARTICLES = [
    (
        "a1",
        "Daily Dove",
        "2023-01-05",
        "Talks resumed in Geneva. Both sides must return to the table. A drone hit a depot.",
    ),
    ("a2", "Daily Dove", "2023-02-11", "The envoy welcomed the ceasefire. The draft plan contains fourteen points."),
    ("a3", "Hawk Times", "2023-01-20", "The minister rejected any talks as a trap. There will be no truce."),
    ("a4", "Hawk Times", "2023-02-02", "The football club won the cup. Delegations met in Geneva."),
]


@pytest.fixture()
def labelled(tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "corpus.jsonl"
    src.write_text("".join(json.dumps({"id": i, "outlet": o, "date": d, "text": t}) + "\n" for i, o, d, t in ARTICLES))
    out = tmp_path / "labelled.jsonl"
    assert main(["label", str(src), "-o", str(out), "--model", str(tiny_checkpoint)]) == 0
    capsys.readouterr()
    return out


def test_measures_from_counts():
    totals = np.zeros(len(FIELDS))
    totals[:5] = [10, 3, 1, 2, 4]  # n, favor, against, neutral, unrelated
    totals[5:] = [2, 5, 3]
    m = measures(totals)
    assert m["share_about_negotiation"] == 0.6 and m["favor_share_of_about"] == 0.5 and m["dove_hawk_index"] == 0.5
    assert m["mean_sentiment"] == pytest.approx(-0.3)


def test_cluster_bootstrap_interval_contains_estimate():
    rng = np.random.default_rng(1)
    articles = np.array(
        [one_hot(rng.choice(["favor", "against", "neutral", "unrelated"]), "neutral") * 1 for _ in range(200)]
    )
    for value, lo, hi in cluster_bootstrap(articles, n_boot=200).values():
        if not np.isnan(value):
            assert lo <= value <= hi


def test_one_article_has_a_value_and_no_interval():
    from dovehawk.html_report import _cell
    from dovehawk.summarize import format_measure

    one = cluster_bootstrap(np.array([one_hot("favor", "neutral") + one_hot("unrelated", "neutral")]), n_boot=50)
    value, lo, hi = one["share_about_negotiation"]
    assert value == 0.5 and np.isnan(lo) and np.isnan(hi)  # not (0.5, 0.5): that would claim certainty
    row = {"m": 0.5, "m_lo": None, "m_hi": None}
    assert format_measure(row, "m") == "0.50 (no interval: one article)" and "no interval" in _cell(row, "m")
    two = cluster_bootstrap(np.array([one_hot("favor", "neutral"), one_hot("unrelated", "neutral")]), n_boot=50)
    assert two["share_about_negotiation"][1] < two["share_about_negotiation"][2]


def test_ppi_corrects_a_biased_classifier():
    rng = np.random.default_rng(0)
    labels = ["favor", "against", "neutral", "unrelated"]
    gold = rng.choice(labels, size=5000, p=[0.2, 0.1, 0.1, 0.6])
    # the classifier calls 30% of unrelated sentences "favor": raw favor share is badly inflated
    pred = np.array([("favor" if (g == "unrelated" and rng.random() < 0.3) else g) for g in gold])
    articles = np.array([one_hot(p, "neutral") for p in pred])
    true_salience = np.mean(gold != "unrelated")
    raw = cluster_bootstrap(articles, n_boot=200)["share_about_negotiation"]
    sample = rng.choice(len(gold), 400, replace=False)
    corrected = ppi_bootstrap(
        articles, articles[sample], np.array([one_hot(g, "neutral") for g in gold[sample]]), n_boot=200
    )["share_about_negotiation"]
    assert not raw[1] <= true_salience <= raw[2]
    assert corrected[1] <= true_salience <= corrected[2]


def test_summarize_by_outlet_and_period(labelled, tmp_path, capsys):
    out = tmp_path / "summary.csv"
    code = main(["summarize", str(labelled), "-o", str(out), "--by", "outlet", "period", "--bootstrap", "50"])
    assert code == 0
    rows = list(csv.DictReader(out.open()))
    assert [(r["outlet"], r["period"]) for r in rows] == [
        ("Daily Dove", "2023-01"),
        ("Daily Dove", "2023-02"),
        ("Hawk Times", "2023-01"),
        ("Hawk Times", "2023-02"),
    ]
    assert sum(int(r["n_sentences"]) for r in rows) == 9
    for r in rows:
        if r["share_about_negotiation"] and int(r["n_articles"]) > 1:
            assert (
                float(r["share_about_negotiation_lo"])
                <= float(r["share_about_negotiation"])
                <= float(r["share_about_negotiation_hi"])
            )
        elif r["share_about_negotiation"]:  # one article: nothing to resample, so no interval
            assert r["share_about_negotiation_lo"] == r["share_about_negotiation_hi"] == ""
    plots = tmp_path / "summary_plots"
    assert {p.name for p in plots.iterdir()} >= {
        "stance_by_sentiment.png",
        "stance_by_sentiment.svg",
        "shares_over_time.png",
        "shares_over_time.svg",
    }


def test_summarize_rejects_bad_input(tmp_path, capsys):
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"id": 1, "text": "not labelled"}\n')
    assert main(["summarize", str(bad), "-o", str(tmp_path / "s.csv")]) == 2
    assert "not dovehawk output" in capsys.readouterr().err
    assert main(["summarize", str(bad), "--by", "outlet", "-o", str(tmp_path / "s.txt")]) == 2


def test_html_report_has_every_sentence(labelled, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", str(labelled), "-o", str(out), "--by", "outlet"]) == 0
    page = out.read_text()
    assert page.count('class="sent" data-stance=') == 9
    assert "<svg" in page
    assert not re.search(r'(src|href)="(https?:)?//', page) and "<link" not in page  # self-contained
    assert 'data-sentiment="' in page and "Daily Dove" in page


def test_sample_then_import_label_studio_round_trip(labelled, tmp_path, capsys):
    stem = tmp_path / "sample"
    assert main(["sample", str(labelled), "-o", str(stem), "--n", "3", "--random", "4"]) == 0
    tasks = json.loads((tmp_path / "sample.json").read_text())
    assert [t["data"]["purpose"] for t in tasks].count("random") == 4
    assert [t["data"]["purpose"] for t in tasks].count("active") == 3
    assert len({(t["data"]["doc_id"], t["data"]["sentence_index"]) for t in tasks}) == 7
    assert '<Choices name="stance"' in (tmp_path / "sample.labelstudio.xml").read_text()
    # a Label Studio export: the same tasks with one annotation each (human says favor/negative)
    for t in tasks:
        t["annotations"] = [
            {
                "result": [
                    {"from_name": "stance", "to_name": "text", "type": "choices", "value": {"choices": ["favor"]}},
                    {
                        "from_name": "sentiment",
                        "to_name": "text",
                        "type": "choices",
                        "value": {"choices": ["negative"]},
                    },
                ]
            }
        ]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks))
    local = tmp_path / "local.jsonl"
    capsys.readouterr()
    assert main(["import-labels", str(export), "-o", str(local)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n"] == 7 and "alpha" in report["stance"] and "macro_f1" in report["sentiment"]
    rows = [json.loads(line) for line in local.read_text().splitlines()]
    assert len(rows) == 7 and {r["stance"] for r in rows} == {"favor"}
    # re-importing does not duplicate
    assert main(["import-labels", str(export), "-o", str(local)]) == 0
    assert len(local.read_text().splitlines()) == 7
    # the random part corrects summarize's shares
    out = tmp_path / "s.csv"
    assert main(["summarize", str(labelled), "-o", str(out), "--hand-labels", str(local), "--bootstrap", "50"]) == 0
    row = next(csv.DictReader(out.open()))
    assert row["correction"] == "pooled" and row["n_hand_labelled"] == "4"
    assert (
        0 <= float(row["share_about_negotiation_corrected_lo"]) <= float(row["share_about_negotiation_corrected"]) <= 1
    )
    # humans said "favor" for every sampled sentence: the corrected favor share moves up
    assert float(row["favor_share_of_about_corrected"]) >= float(row["favor_share_of_about"] or 0)


def test_fine_tune_on_imported_labels(tiny_checkpoint, tiny_corpus, tmp_path):
    from dovehawk.train import TrainConfig, train

    local = tmp_path / "local.jsonl"
    local.write_text(
        json.dumps({"text": "Talks now.", "context": "", "stance": "favor", "sentiment": "positive"}) + "\n"
    )
    out = train(
        TrainConfig(
            init_from=str(tiny_checkpoint),
            base_model="",
            data_dir=str(tiny_corpus),
            extra_train=str(local),
            output_dir=str(tmp_path / "ft"),
            epochs=1,
            newsmtsc_rows=0,
        )
    )
    saved = json.loads((out / "dovehawk_config.json").read_text())
    assert saved["training"]["train_rows"] == 9
