"""Checks of the shipped corpus against the third-party sources (skipped where they are absent)."""

import pytest

from dovehawk.data import SPLITS, corpus_rows, read_jsonl
from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS
from dovehawk.sources import RESERVED_ARTICLES, SourceMissingError, resolve_source_dir
from tests.conftest import ROOT, SHARED

DATA_DIR = ROOT / "data"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not SHARED.is_dir(), reason=f"third-party sources not found at {SHARED}"),
]


@pytest.fixture(scope="module")
def rows():
    return corpus_rows(SHARED)


def test_every_label_refers_to_an_existing_source_sentence(rows):
    # corpus_rows raises on an unknown item_id; check the join produced real text for every row
    labels = read_jsonl(DATA_DIR / "labels.jsonl") + read_jsonl(DATA_DIR / "newsmtsc.jsonl")
    joined = {r["item_id"]: r for r in rows}
    assert all(joined[label["item_id"]]["text"].strip() for label in labels)
    for who in ("A", "B"):
        raw = read_jsonl(DATA_DIR / "annotations" / f"annotator_{who}.jsonl")
        assert {r["item_id"] for r in raw} == {label["item_id"] for label in read_jsonl(DATA_DIR / "labels.jsonl")}


def test_no_document_in_two_splits(rows):
    seen = {}
    for r in rows:
        assert seen.setdefault(r["doc_id"], r["split"]) == r["split"], r["doc_id"]


def test_no_headline_story_in_two_splits_and_the_time_split_is_test(rows):
    seen = {}
    for r in rows:
        if r["story"]:
            assert seen.setdefault(r["story"], r["split"]) == r["split"], r["story"]
    timed = [r for r in rows if r["time_split"]]
    assert timed and {r["split"] for r in timed} == {"test"}
    assert {r["register"] for r in timed} == {"headline"}


def test_v2_rows_are_real_registered_and_never_machine_translated(rows):
    import json

    translated = set()
    with open(SHARED / "news_2022_24" / "gdelt_ukraine_articles.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if str(row.get("machine_translated")).lower() == "true":
                translated.add(f"gdelt/{row['id']}")
    v2 = [r for r in rows if r["source"] in {"gdelt", "semeval", "statements"} or r["item_id"].startswith("headlines/")]
    assert v2 and not [r for r in v2 if r["doc_id"] in translated]
    assert {r["register"] for r in v2} <= {"news", "statement", "headline", "social"}
    assert all(r["origin"] == "real" and r["text"].strip() for r in v2)
    raw = {
        who: {x["item_id"] for x in read_jsonl(DATA_DIR / "annotations" / f"v2_annotator_{who}.jsonl")} for who in "AB"
    }
    assert raw["A"] == raw["B"] == {x["item_id"] for x in read_jsonl(DATA_DIR / "labels_v2.jsonl")}


def test_no_reserved_article_or_test_file_anywhere(rows):
    assert not {r["doc_id"] for r in rows if r["source"] == "ukraine_news_2014"} & RESERVED_ARTICLES
    assert not [r for r in rows if r["item_id"].startswith("ruw/test/")]
    assert not [r for r in rows if r["item_id"].startswith("newsmtsc/devtest")]
    assert {r["split"] for r in rows if r["source"] == "seed"} == {"test"}


def test_label_values_in_schema(rows):
    for r in rows:
        assert r["stance"] in STANCE_LABELS or (r["stance"] is None and r["source"] == "newsmtsc")
        assert r["sentiment"] in SENTIMENT_LABELS
        assert r["split"] in SPLITS


def test_every_split_has_every_label_in_real_text(rows):
    stance = [r for r in rows if r["stance"] is not None]
    for split in SPLITS:
        assert {r["stance"] for r in stance if r["split"] == split and r["origin"] == "real"} == set(STANCE_LABELS)
        assert {r["sentiment"] for r in rows if r["split"] == split and r["origin"] == "real"} == set(SENTIMENT_LABELS)
    assert sum(r["source"] == "written" for r in rows) >= 2000


def test_corpus_command_prints_the_v2_targets_it_checks(rows):
    from dovehawk.corpus_stats import targets

    real = [r for r in rows if r["origin"] == "real" and r["stance"] is not None]
    text = targets(rows)
    assert f"real rows with both labels {len(real)} (target 10000)" in text
    against = sum(r["stance"] == "against" for r in real)
    assert f"real against rows {against} (target 800): {'met' if against >= 800 else 'MISSED'}" in text


def test_written_contexts_are_the_previous_sentence_of_the_passage(rows):
    written = {(r["doc_id"], r["position"]): r for r in rows if r["source"] == "written"}
    dropped = 0
    for (doc, pos), r in written.items():
        if pos and (doc, pos - 1) not in written:  # previous sentence dropped as a cross-writer duplicate
            dropped += 1
            assert r["context"] == ""
        else:
            assert r["context"] == (written[(doc, pos - 1)]["text"] if pos else "")
    assert dropped <= 5


def test_datasheet_counts_match_the_corpus_command():
    from dovehawk.corpus_stats import BLOCK, DATASHEET, report
    from dovehawk.markdown import read_block

    assert read_block(DATASHEET, BLOCK) == report(SHARED)


def test_missing_sources_give_a_clear_error(tmp_path):
    with pytest.raises(SourceMissingError, match="DOVEHAWK_DATA"):
        resolve_source_dir(tmp_path / "nowhere")
    with pytest.raises(SourceMissingError, match="nowhere"):
        corpus_rows(tmp_path / "nowhere")


def test_kept_newsmtsc_stance_labels_merge_into_a_valid_train_only_corpus(tmp_path):
    import runpy
    import shutil

    from dovehawk.corpus_stats import report
    from dovehawk.data import check_rows

    tool = runpy.run_path(str(DATA_DIR / "tools" / "add_newsmtsc_stance.py"))
    work = DATA_DIR / "extra" / "newsmtsc_stance"
    items = tool["select"](SHARED)
    assert tool["stats"](work, items).startswith(f"{len(items)} items; Krippendorff's alpha 0.9")
    for name in ("labels.jsonl", "newsmtsc.jsonl", "written.jsonl"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    shutil.copytree(DATA_DIR / "annotations", tmp_path / "annotations")
    summary = tool["merge"](work, items, tmp_path)
    stats = report(SHARED, tmp_path)
    assert f"NewsMTSC sentences about negotiation labelled for stance (train only): {len(items)};" in stats
    assert f"| stance | v1: newsmtsc | {len(items)} |" in stats and "| sentiment | v1: newsmtsc |" not in stats
    rows = corpus_rows(SHARED, tmp_path)
    assert not check_rows(rows)
    labelled = [r for r in rows if r["source"] == "newsmtsc" and r["stance"] is not None]
    assert len(labelled) == summary["items"] == len(items)
    assert {r["split"] for r in labelled} == {"train"}
    assert summary["agreed"] + summary["adjudicated"] == len(items)
