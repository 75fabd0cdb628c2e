"""The corpus v2 tools: story clusters, splits that never depend on labels, the selection filter."""

import runpy

import pytest

from tests.conftest import ROOT

build = runpy.run_path(str(ROOT / "data" / "tools" / "build_v2.py"))
select = runpy.run_path(str(ROOT / "data" / "tools" / "select_v2.py"))


def unit(text, date):
    return {"text": text, "date": date}


def test_near_duplicate_headlines_within_two_days_are_one_story():
    units = {
        "h/1": unit("Ceasefire talks resume in Cairo as mediators push for hostage deal", "2024-02-01"),
        "h/2": unit("Mediators push for hostage deal as ceasefire talks resume in Cairo", "2024-02-02"),
        "h/3": unit("Ceasefire talks resume in Cairo as mediators push for hostage deal", "2024-03-20"),
        "h/4": unit("Football club wins the national cup after extra time", "2024-02-01"),
    }
    story = build["stories"](units)
    assert story["h/1"] == story["h/2"] == "h/1"
    assert story["h/3"] == "h/3" and story["h/4"] == "h/4"  # too late / unrelated text


def test_hash_split_is_stable_and_roughly_70_15_15():
    split = build["_hash_split"]
    assert split("gdelt/doc-1") == split("gdelt/doc-1")
    shares = [split(f"doc-{i}") for i in range(3000)]
    assert 0.66 < shares.count("train") / 3000 < 0.74
    assert 0.12 < shares.count("test") / 3000 < 0.18


def test_the_filter_flags_negotiation_and_lets_trade_talks_through_only_next_to_a_conflict():
    flag = select["flag"]
    assert flag("Both sides agree to a 30-day ceasefire", "bbc_nyt_2024_26") == "strong"
    assert flag("Envoys hold talks on Ukraine in Riyadh", "bbc_nyt_2024_26") == "weak"
    assert flag("Steel tariff talks resume in Brussels", "bbc_nyt_2024_26") is None
    assert flag("Talks resume on Monday", "cnn_ukraine_live_2022_23") == "weak"  # a war-only source


def test_incomplete_annotator_files_are_not_read_as_complete(tmp_path):
    path = tmp_path / "b00.tsv"
    path.write_text("1\tfavor\tpositive\n2\tunrelated\tneutral\tunsure\n")
    assert build["read_tsv"](path, 3) is None
    labels = build["read_tsv"](path, 2)
    assert labels[2] == {"stance": "unrelated", "sentiment": "neutral", "note": "unsure"}


def _doc_unit(i, register, text, pos):
    return {
        "item_id": i,
        "doc_id": i.rsplit("/", 1)[0],
        "position": pos,
        "text": text,
        "context": "",
        "register": register,
        "source": {"news": "gdelt", "statement": "statements"}.get(register, "bbc_nyt_2024_26"),
        "date": "2022-03-01",
    }


def test_stratum_model2_takes_only_what_keywords_and_v1_7_both_miss(tmp_path, monkeypatch):
    import json

    import dovehawk.sources

    u = _doc_unit
    units = {
        "gdelt/d1/0": u("gdelt/d1/0", "news", "Both envoys left the room early.", 0),
        "gdelt/d1/1": u("gdelt/d1/1", "news", "Officials met to agree a ceasefire.", 1),  # keywords flag it
        "gdelt/d1/2": u("gdelt/d1/2", "news", "Kyiv said the door stays open.", 2),  # v1.7 already flagged
        "gdelt/d1/3": u("gdelt/d1/3", "news", "The weather was cold.", 3),  # later model below 0.2
        "statements/s1/0": u("statements/s1/0", "statement", "We remain open to contacts.", 0),
        "statements/s1/1": u("statements/s1/1", "statement", "The minister visited a school.", 1),  # below 0.3
        "gdelt/d0/0": u("gdelt/d0/0", "news", "Already selected before.", 0),
    }
    monkeypatch.setattr(dovehawk.sources, "real_news_texts", lambda source_dir, ids: {i: units[i] for i in ids})
    data = tmp_path / "data"
    data.mkdir()
    (data / "selection.jsonl").write_text(
        json.dumps({"item_id": "gdelt/d0/0", "stratum": "flagged", "flag": "weak", "batch": "b07"}) + "\n"
    )
    later = {
        "gdelt/d1/0": 0.25,
        "gdelt/d1/1": 0.9,
        "gdelt/d1/2": 0.8,
        "gdelt/d1/3": 0.1,
        "statements/s1/0": 0.35,
        "statements/s1/1": 0.25,
        "gdelt/d0/0": 0.9,
    }
    scores, v1 = tmp_path / "later.jsonl", tmp_path / "v1.jsonl"
    scores.write_text("".join(json.dumps({"item_id": i, "p_about": p}) + "\n" for i, p in later.items()))
    v1.write_text(json.dumps({"item_id": "gdelt/d1/2", "p_about": 0.6}) + "\n")
    select["model2_round"](tmp_path / "work", data, scores, v1, n_statements=5, seed=13)
    rows = [json.loads(line) for line in (data / "selection.jsonl").read_text().splitlines()]
    new = {r["item_id"]: r for r in rows if r["stratum"] == "model2"}
    assert set(new) == {"gdelt/d1/0", "statements/s1/0"}
    assert new["gdelt/d1/0"]["batch"] == "b08" and new["gdelt/d1/0"]["p_about_later"] == 0.25
    assert (tmp_path / "work" / "batches" / "b08.txt").exists()


def test_a_labelled_story_keeps_its_key_when_a_new_headline_joins_it():
    story = {"a1": "a1", "b2": "a1", "c3": "a1", "d4": "d4"}  # a1 is new and sorts first
    old = {"b2": {"story": "b2"}, "c3": {"story": "b2"}, "d4": {"story": "d4"}}
    assert build["keep_old_keys"](story, old) == {"a1": "b2", "b2": "b2", "c3": "b2", "d4": "d4"}
    assert build["keep_old_keys"]({"x": "x"}, {}) == {"x": "x"}


def test_stratum_model3_takes_what_no_earlier_stratum_took_and_v2_7_flags(tmp_path, monkeypatch):
    import json

    import dovehawk.sources

    units = {
        "gdelt/d1/0": _doc_unit("gdelt/d1/0", "news", "Both envoys left the room early.", 0),
        "gdelt/d1/1": _doc_unit("gdelt/d1/1", "news", "Officials met to agree a ceasefire.", 1),  # keywords flag it
        "gdelt/d1/3": _doc_unit("gdelt/d1/3", "news", "The weather was cold.", 3),  # v2.7 below 0.2
        "statements/s1/0": _doc_unit("statements/s1/0", "statement", "We remain open to contacts.", 0),
        "gdelt/d0/0": _doc_unit("gdelt/d0/0", "news", "Already selected before.", 0),
    }
    monkeypatch.setattr(dovehawk.sources, "real_news_texts", lambda source_dir, ids: {i: units[i] for i in ids})
    data = tmp_path / "data"
    data.mkdir()
    (data / "selection.jsonl").write_text(
        json.dumps({"item_id": "gdelt/d0/0", "stratum": "model2", "flag": None, "batch": "b59"}) + "\n"
    )
    v27 = {"gdelt/d1/0": 0.21, "gdelt/d1/1": 0.9, "gdelt/d1/3": 0.1, "statements/s1/0": 0.4, "gdelt/d0/0": 0.9}
    scores = tmp_path / "v27.jsonl"
    scores.write_text("".join(json.dumps({"item_id": i, "p_about": p}) + "\n" for i, p in v27.items()))
    select["model3_round"](tmp_path / "work", data, scores, n_statements=5, seed=13)
    rows = [json.loads(line) for line in (data / "selection.jsonl").read_text().splitlines()]
    new = {r["item_id"]: r for r in rows if r["stratum"] == "model3"}
    assert set(new) == {"gdelt/d1/0", "statements/s1/0"}
    assert new["gdelt/d1/0"]["batch"] == "b60" and new["gdelt/d1/0"]["p_about_v27"] == 0.21
    assert len(rows) == 3  # the earlier row is kept as it was
    select["model3_round"](
        tmp_path / "work", data, scores, n_statements=5, seed=13, p_min=0.1, p_max=0.2, stratum="model3b"
    )
    rows = [json.loads(line) for line in (data / "selection.jsonl").read_text().splitlines()]
    assert {r["item_id"] for r in rows if r["stratum"] == "model3b"} == {"gdelt/d1/3"}  # the next band: 0.1


def _round(tmp_path, ids, a, b, adjudicated=None):
    import json

    work = tmp_path / "work"
    for sub in ("batches", "labels/A", "labels/B", "adjudicated"):
        (work / sub).mkdir(parents=True, exist_ok=True)
    (work / "batches" / "b60.ids.json").write_text(json.dumps({str(n): i for n, i in enumerate(ids, 1)}))
    for who, labels in (("A", a), ("B", b)):
        (work / "labels" / who / "b60.tsv").write_text("".join(f"{n}\t{x}\n" for n, x in enumerate(labels, 1)))
    if adjudicated:
        (work / "adjudicated" / "b60.tsv").write_text("".join(f"{n}\t{x}\n" for n, x in adjudicated.items()))
    return work


def _data(tmp_path, old_rows, selected):
    import json

    data = tmp_path / "data"
    (data / "v2").mkdir(parents=True)
    (data / "annotations").mkdir()
    (data / "labels_v2.jsonl").write_text("".join(json.dumps(r) + "\n" for r in old_rows))
    (data / "v2" / "selection.jsonl").write_text(
        "".join(json.dumps({"item_id": i, "stratum": "model3", "flag": None, "batch": "b60"}) + "\n" for i in selected)
    )
    for who in ("A", "B"):
        (data / "annotations" / f"v2_annotator_{who}.jsonl").write_text(
            "".join(
                json.dumps({"item_id": r["item_id"], "stance": r["stance"], "sentiment": r["sentiment"], "note": ""})
                + "\n"
                for r in old_rows
            )
        )
    return data


def test_add_appends_a_round_and_keeps_every_split_already_given(tmp_path, monkeypatch):
    import json

    units = {
        "statements/s1/5": _doc_unit("statements/s1/5", "statement", "We are ready to talk.", 5),
        "statements/s9/0": _doc_unit("statements/s9/0", "statement", "The talks must stop.", 0),
    }
    monkeypatch.setitem(build["add"].__globals__, "real_news_texts", lambda source_dir, ids: {i: units[i] for i in ids})
    old = [
        {
            "item_id": "statements/s1/0",
            "source": "statements",
            "register": "statement",
            "stratum": "document",
            "stance": "favor",
            "sentiment": "neutral",
            "adjudication": "agreed",
            "reason": "",
            "split": "dev",
            "story": None,
            "time_split": False,
        }
    ]
    data = _data(tmp_path, old, list(units))
    work = _round(
        tmp_path,
        list(units),
        ["favor\tneutral", "against\tnegative"],
        ["favor\tneutral", "unrelated\tnegative"],
        adjudicated={2: "against\tnegative\tthe sentence rejects talks"},
    )
    build["add"](work, data)
    rows = {r["item_id"]: r for r in map(json.loads, (data / "labels_v2.jsonl").read_text().splitlines())}
    assert rows["statements/s1/0"] == old[0]
    assert rows["statements/s1/5"]["split"] == "dev"  # its document's split
    assert rows["statements/s9/0"]["split"] == build["_hash_split"]("statements/s9")
    assert rows["statements/s9/0"]["adjudication"] == "adjudicated" and rows["statements/s9/0"]["stance"] == "against"
    raw_b = (data / "annotations" / "v2_annotator_B.jsonl").read_text().splitlines()
    assert len(raw_b) == 3 and json.loads(raw_b[-1])["stance"] == "unrelated"


def test_add_refuses_headlines_and_rows_already_labelled(tmp_path, monkeypatch):
    import pytest

    head = _doc_unit("headlines/bbc_nyt_2024_26-abc", "headline", "Talks resume", 0)
    monkeypatch.setitem(build["add"].__globals__, "real_news_texts", lambda source_dir, ids: {head["item_id"]: head})
    data = _data(tmp_path, [], [head["item_id"]])
    work = _round(tmp_path, [head["item_id"]], ["favor\tneutral"], ["favor\tneutral"])
    with pytest.raises(SystemExit, match="article and statement sentences only"):
        build["add"](work, data)
    assert (data / "labels_v2.jsonl").read_text() == ""
    old = {
        "item_id": "statements/s1/0",
        "register": "statement",
        "stance": "favor",
        "sentiment": "neutral",
        "split": "dev",
    }
    data = _data(tmp_path / "again", [old], [old["item_id"]])
    work = _round(tmp_path / "again", [old["item_id"]], ["against\tneutral"], ["against\tneutral"])
    with pytest.raises(SystemExit, match="already in the corpus"):
        build["add"](work, data)


def test_add_can_hold_a_round_back_as_pending(tmp_path, monkeypatch):
    import json

    unit = _doc_unit("statements/s9/0", "statement", "The talks must stop.", 0)
    monkeypatch.setitem(build["add"].__globals__, "real_news_texts", lambda source_dir, ids: {unit["item_id"]: unit})
    data = _data(tmp_path, [], [unit["item_id"]])
    work = _round(tmp_path, [unit["item_id"]], ["against\tnegative"], ["against\tnegative"])
    build["add"](work, data, pending=True)
    assert (data / "labels_v2.jsonl").read_text() == ""
    (held,) = map(json.loads, (data / "v2" / "pending" / "labels_v2.jsonl").read_text().splitlines())
    assert held["stance"] == "against" and held["split"] == build["_hash_split"]("statements/s9")
    assert (data / "v2" / "pending" / "v2_annotator_A.jsonl").exists()
    with pytest.raises(SystemExit, match="already in the corpus or pending"):
        build["add"](work, data, pending=True)
    build["add"](work, data, pending=True, only=("b61",))  # another batch only: nothing to add
    assert len((data / "v2" / "pending" / "labels_v2.jsonl").read_text().splitlines()) == 1


def test_the_held_back_rows_report_their_agreement_per_stratum(tmp_path):
    import json

    from dovehawk.corpus_stats import held_agreement

    held = [
        {"item_id": f"s/{i}", "stratum": "model3", "stance": s, "sentiment": "neutral"}
        for i, s in enumerate(["favor", "unrelated", "against", "unrelated"])
    ]
    for who, flip in (("A", False), ("B", True)):
        rows = [dict(r, stance="neutral" if flip and k == 0 else r["stance"]) for k, r in enumerate(held)]
        (tmp_path / f"v2_annotator_{who}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    line = held_agreement(held, tmp_path)
    assert "`model3` 4 rows, 2 about negotiation" in line and "sentiment alpha n/a" in line
    assert "stance alpha 0.6" in line or "stance alpha 0.7" in line  # one of four differs
    assert held_agreement(held, tmp_path / "none") == ""


def test_add_gives_a_row_the_split_its_document_has_among_the_pending_rows(tmp_path, monkeypatch):
    import json

    unit = _doc_unit("statements/s7/9", "statement", "We will not sign.", 9)
    monkeypatch.setitem(build["add"].__globals__, "real_news_texts", lambda source_dir, ids: {unit["item_id"]: unit})
    data = _data(tmp_path, [], [unit["item_id"]])
    other = next(s for s in ("train", "dev", "test") if s != build["_hash_split"]("statements/s7"))
    (data / "v2" / "pending").mkdir()
    held = {"item_id": "statements/s7/0", "register": "statement", "stance": "favor", "split": other}
    (data / "v2" / "pending" / "labels_v2.jsonl").write_text(json.dumps(held) + "\n")
    build["add"](_round(tmp_path, [unit["item_id"]], ["against\tneutral"], ["against\tneutral"]), data, pending=True)
    rows = [json.loads(line) for line in (data / "v2" / "pending" / "labels_v2.jsonl").read_text().splitlines()]
    assert [r["split"] for r in rows] == [other, other]  # not the hash: the held document's split
