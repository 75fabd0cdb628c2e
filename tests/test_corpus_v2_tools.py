"""The corpus v2 tools: story clusters, splits that never depend on labels, the selection filter."""

import runpy

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
