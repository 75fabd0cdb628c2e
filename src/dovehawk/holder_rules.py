"""The holder rules on one sentence's parse: speech cues and their subjects (`X said`, `according
to X`, innermost first), a readout's joint subjects (`The leaders
agreed`), passive cues, and the holder a subject names (a name, a title, a pronoun). Internal to
`dovehawk.holders`."""

from __future__ import annotations

import re

from dovehawk import holder_names
from dovehawk.holder_document import (
    OFFICE_HOLDERS,
    PERSON_TITLES,
    SINGULAR_TITLES,
    DocumentState,
    Holder,
    by_title,
    common_word,
    pronoun,
    quoted_ranges,
    untitled_person,
)
from dovehawk.holder_names import GUIDELINE_PEOPLE, TITLE_WORDS, country_of, organisation_of, strip_name, translit_fold

SPEECH_VERBS = frozenset(
    """say tell warn insist urge ask demand state claim announce add note stress argue suggest propose
    reiterate declare accuse deny write tweet post report quote vow pledge promise threaten signal
    confirm explain emphasise emphasize underline acknowledge admit believe think predict recall
    reply respond answer comment caution complain describe indicate appeal plead convince conclude
    continue emphasise express reaffirm thank voice hail slam allege label assure welcome highlight
    praise criticise criticize condemn outline list cite recap repeat""".split()
)
# a speech verb only with these objects: `drew attention to`, `paid attention to`
# (`exchanged views` alone is an event of the meeting, not a position: guideline author)
OBJECT_CUES = {"draw": {"attention"}, "pay": {"attention"}}
# verbs of taking a position: the actor form, and the innermost holder inside reported speech
# (`Hamas rejects the truce proposal, Israel says` -> Hamas)
POSITION_VERBS = frozenset(
    """agree accept reject refuse offer propose want seek object oppose support back endorse approve
    withdraw halt suspend end resume rule""".split()
)
# `The leaders agreed`, `Both sides noted`: in a readout, the holders jointly, written as the first
# named (guideline 1.1), the document's principal
COLLECTIVE_NOUNS = frozenset({"leader", "side", "party", "participant", "head", "president", "interlocutor"})
# passive cues without an agent (`attention was drawn to the fact that ...`): the principal's words
PASSIVE_CUES = frozenset({"note", "stress", "emphasise", "emphasize", "draw", "underline", "express", "reaffirm"})
# titles of one office a country has (not a role many officials hold: `a Ukraine negotiator` is
# Ukraine's unnamed official)
OFFICES = frozenset(
    """president minister secretary chancellor premier leader chief king pope director mayor governor head
    commander chairman""".split()
)
# abbreviated titles: (title noun, modifier)
TITLE_ALIASES = {"pm": ("minister", "prime"), "fm": ("minister", "foreign")}
CALL_PARTICLES = frozenset({"for", "on", "upon"})
BODY_NOUNS = frozenset(
    """office ministry government administration army military forces official officials authorities
    side delegation diplomat diplomats source sources department mission cabinet parliament
    presidency regime leadership representatives representative embassy statement communique
    announcement""".split()
)
# bodies only a state has: an unnamed one is a country's, never an organisation's
GOVERNMENT_NOUNS = frozenset("government administration ministry cabinet presidency regime parliament embassy".split())
GROUP_NOUNS = frozenset(
    """analysts experts critics protesters observers residents activists commentators lawmakers
    legislators diplomats officials sources leaders journalists scholars economists""".split()
)
NAMED = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
UNNAMED_SOURCES = frozenset({"source", "official", "diplomat", "insider", "negotiator", "mediator"})
QUESTION_TURNS = frozenset({"question", "q", "journalist", "reporter", "correspondent"})


def noun_phrase(token, doc, state: DocumentState, form: str, groups: bool) -> Holder | None:
    """The holder a subject (or speaker) token names, or None when it names none."""
    token = _first_joined(token)
    lower = token.lower_
    if lower == "they" and not state.recent_bodies and state.principal is not None and _after_collective(state):
        return Holder(state.principal.name, token.text, "person", form)  # `The leaders met. They stressed ...`
    if token.pos_ == "PRON" or lower in ("he", "she", "they", "him", "her", "them"):
        before = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= token.i] if lower in ("he", "she") else []
        if before and token.dep_ == "nsubj" and token.head.dep_ in ("ccomp", "xcomp"):
            # `President Trump said he believes ...`: the person the sentence named before the
            # pronoun of its reported clause
            return _named(before[-1], state, form)
        return pronoun(lower, token.text, state, form)
    if _collective(token) and state.principal is not None and _takes_position(token.head):
        return Holder(state.principal.name, _phrase(token), "person", form)
    led = _leaders_of(token, state)
    if led is not None and _takes_position(token.head):
        return Holder(led.name, _phrase(token), "person", form)  # `The leaders of Ukraine and the EU agreed`
    span = _entity(token)
    if span is not None and not (len(span) == 1 and lower in PERSON_TITLES):  # `the Adviser` tagged PERSON
        return _named(span, state, form)
    if lower in ("kremlin", "pentagon") or country_of(lower) and token.pos_ == "PROPN":
        return Holder(country_of(lower), token.text, "country", form)
    noun = token.lemma_.lower() if token.pos_ == "NOUN" else lower
    if noun in PERSON_TITLES or lower in BODY_NOUNS or noun in BODY_NOUNS or lower in TITLE_ALIASES:
        titled = _titled(token, doc, state, form)
        if titled is not None or not (groups and token.tag_ == "NNS"):
            return titled
        # `according to senior negotiators on both sides`: a plural title of no side is a group
    if form == "direct" and lower in QUESTION_TURNS | {"journalists", "reporters", "correspondents"}:
        return Holder("journalist", token.text, "person", form)  # a journalist's question (guideline 1.1)
    if groups and lower in GROUP_NOUNS and token.tag_ == "NNS":
        return Holder(lower, token.text, "person", form)
    if groups and form != "actor" and token.dep_ == "nsubj" and lower in ("analyst", "expert", "observer"):
        return Holder(lower, token.text, "person", form)  # `..., analyst says`: an unnamed speaker, as given
    if groups and form != "actor" and token.tag_ == "NNS" and people_noun(noun) and noun not in COLLECTIVE_NOUNS:
        group = group_phrase(token)  # `Ukrainian members of parliament say ...` (guideline 1.2, groups)
        return Holder(group, group, "person", form)
    if token.pos_ == "NOUN" and token.text[:1].isupper() and translit_fold(token.text) in state.people:
        person = state.people[translit_fold(token.text)]  # `Zelenskyy noted ...` tagged as a noun
        return Holder(person.name, token.text, "person", form)
    if token.pos_ in ("PROPN", "NOUN") and translit_fold(token.text) in GUIDELINE_PEOPLE.keys() - state.people.keys():
        return Holder(GUIDELINE_PEOPLE[translit_fold(token.text)], token.text, "person", form)  # `Zelenskiy says`
    if token.pos_ == "PROPN" and token.text[:1].isupper():
        # a name the recogniser missed or mislabelled (`Zelenskyy` after a quote mark is often a
        # WORK_OF_ART): a person the document names, else, as a speaker, a name of its own
        words = [c.text for c in token.children if c.dep_ == "compound" and c.i < token.i] + [token.text]
        key = translit_fold(token.text)
        if key in state.people:
            return Holder(state.people[key].name, " ".join(words), "person", form)
        misspelt = misspelt_person(key, state)
        if misspelt is not None:
            return Holder(misspelt, " ".join(words), "person", form)
        if (groups or form == "actor") and token.lower_ not in TITLE_WORDS and not _starts(token):
            return Holder(" ".join(words), " ".join(words), "person", form)
        if (
            form == "actor"
            and _starts(token)
            and len(words) == 1
            and token.dep_ == "nsubj"
            and not common_word(token.lower_, state.common)  # `Hopes rise ...`: a thing, not an actor
        ):
            return Holder(token.text, token.text, "person", form)  # `Trump withdraws ...`
    return None


def _first_joined(token):
    """`Hamas, Islamic Jihad reject ...`, `US, Ukraine make progress ...`: two names joined by a
    comma before their verb, the first of which the parse hangs on the verb; the first named holds
    it (guideline 1.1)."""
    if token.dep_ != "nsubj":
        return token
    for child in token.head.children:
        if (
            child.dep_ in ("npadvmod", "intj", "dep")
            and (child.pos_ == "PROPN" or child.ent_type_ in NAMED)
            and child.i + 1 == token.left_edge.i - 1
            and token.doc[child.i + 1].text == ","
        ):
            return child
    return token


def _starts(token) -> bool:
    """The token starts its sentence, after any blanked dateline or label (whitespace)."""
    return token.is_sent_start or all(t.is_space for t in token.doc[token.sent.start : token.i])


def position_group(token) -> bool:
    """A plural noun for people as the subject of a verb of position (`The neighbours
    agree to a truce`, `Protesters reject the deal`): a group that takes the position itself."""
    verb = token.head
    lemma = token.lemma_.lower()
    # `Western countries oppose ...`, `Seven more countries agree ...`: countries a modifier picks out
    picked = lemma in ("country", "nation", "state") and any(
        c.dep_ == "amod" and c.lower_ not in _QUANTIFIERS for c in token.children
    )
    return (
        token.dep_ == "nsubj"
        and token.tag_ == "NNS"
        and people_noun(lemma)
        # people named by what they do (`protesters`, `neighbours`), not `our people` of a speech
        # nor `countries` in general (guideline 1.2: groups)
        and (lemma not in COLLECTIVE_NOUNS | {"people", "citizen", "nation", "country", "state"} or picked)
        and (verb.lemma_.lower() in POSITION_VERBS | GROUP_VERBS or _demanding(verb))
        and not obliged(verb)
    )


_AIDES = frozenset({"aide", "adviser", "advisor"})
_QUANTIFIERS = frozenset("many some several most few other numerous various all".split())
# what a group does to take a position (`Lawmakers renew calls for ...`, `Families rally for ...`)
GROUP_VERBS = frozenset("renew call push press rally demand plead march resist join".split())


def _demanding(verb) -> bool:
    """`Demonstrators gather ..., demanding a ceasefire`, `Protesters return to the streets to
    demand ...`: a participle or infinitive of speech or position after the group's verb."""
    return any(
        c.dep_ in ("advcl", "xcomp", "conj") and c.lemma_.lower() in SPEECH_VERBS | POSITION_VERBS | GROUP_VERBS
        for c in verb.children
    )


def people_noun(lemma: str) -> bool:
    """A noun for people or states (agent nouns: `protesters`, `analysts`, `Ukrainians`; `allies`,
    `members`, `nations`), not for things (`strikes`, `efforts`, `negotiations`)."""
    if lemma in (
        "ally",
        "member",
        "nation",
        "country",
        "state",
        "people",
        "citizen",
        "neighbor",
        "neighbour",
        "family",
        "veteran",
    ):
        return True
    return (
        lemma.endswith(("er", "or", "ist", "ian", "ant"))
        and not lemma.endswith(("tor", "ter"))
        or lemma.endswith(("ator", "ctor"))
    )


def group_phrase(token) -> str:
    """A group as the text gives it, lower case: its modifiers, the noun and an `of` phrase
    (`the warring nations` -> `warring nations`; `members of parliament`)."""
    keep = {t.i for t in token.subtree if t.i <= token.i and t.dep_ in ("amod", "compound") and t.i >= token.i - 3}
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
        keep |= {t.i for t in prep.subtree if t.i <= prep.i + 3 and t.dep_ not in ("det", "punct")}
    words = [t.text for t in token.doc[min(keep | {token.i}) : max(keep | {token.i}) + 1] if t.dep_ != "det"]
    return " ".join(words).lower() if words else token.lower_


def _named(span, state: DocumentState, form: str) -> Holder | None:
    surface = span.text
    label = span.label_ if hasattr(span, "label_") else ""
    name = strip_name(surface)
    if not name:
        return None
    country, organisation = country_of(name), organisation_of(name)
    words = surface.split()
    if (
        label != "PERSON"
        and len(words) > 1
        and words[-1].lower() in BODY_NOUNS
        and all(country_of(w) or w.lower() in TITLE_WORDS | {"the"} for w in words[:-1])
    ):
        # `The Russian Defense Ministry`: a country's ministry, army or government is the country
        country = country or next((country_of(w) for w in words[:-1] if country_of(w)), None)
    if country and label != "PERSON":
        return Holder(country, surface, "country", form)
    if organisation and label != "PERSON":
        return Holder(organisation, surface, "organisation", form)
    key = translit_fold(name.split()[-1])
    misspelt = misspelt_person(key, state) if label == "PERSON" or len(name.split()) == 1 else None
    if misspelt is not None:  # the recogniser often takes a misspelt name for an organisation
        return Holder(misspelt, surface, "person", form)
    if label == "PERSON" or key in state.people:
        person = state.people.get(key)
        return Holder(person.name if person else name, surface, "person", form)
    if label in ("GPE",):
        return Holder(name, surface, "country", form)
    if label in ("ORG", "NORP", "FAC"):
        return Holder(name, surface, "organisation", form)
    return Holder(name, surface, "person", form)


def misspelt_person(key: str, state: DocumentState) -> str | None:
    """The name of the person the document (else the guideline) names whose folded surname `key`
    misspells by one swap of neighbouring letters (`Zelenksy` for `Zelensky`), or None."""
    own = state.people.get(key)
    if key in GUIDELINE_PEOPLE or own is not None and len(own.name.split()) > 1:
        return None  # a surname the document gives with a first name is a name of its own
    known = next((k for k in state.people if holder_names.transposed(key, k)), None)
    if known is not None:
        return state.people[known].name
    known = next((k for k in GUIDELINE_PEOPLE if holder_names.transposed(key, k)), None)
    return GUIDELINE_PEOPLE[known] if known is not None else None


def _titled(token, doc, state: DocumentState, form: str) -> Holder | None:
    """`the Ukrainian president`, `Russia's foreign ministry`, `a Hamas official`, `Zelensky's office`."""
    for child in token.children:
        if child.dep_ == "appos":
            found = _entity(child)
            if found is not None and found.label_ == "PERSON":
                return _named(found, state, form)
    modifiers, body, nation = set(), None, False
    left = [t for t in token.subtree if t.i < token.i]
    for child in [*left, *[t for c in token.children if c.dep_ == "prep" for t in c.children]]:
        found = _entity(child)
        if found is not None and found.label_ in NAMED:
            named = _named(found, state, form)
            if named is not None and named.holder_type == "person" and token.lower_ in BODY_NOUNS:
                return named  # `Zelensky's office said`
            if named is not None and named.holder_type == "person" and token.lemma_.lower() in _AIDES:
                # `Zelensky adviser says ...`: an unnamed aide speaks for the leader's country
                key = translit_fold(named.holder.split()[-1])
                country = next((c for (_, c), k in OFFICE_HOLDERS.items() if k == key), None)
                if country is not None:
                    return Holder(country, _phrase(token), "country", form)
            if (
                found.label_ == "NORP"
                and not country_of(found.text)
                and not organisation_of(found.text)
                and token.lower_ in GROUP_NOUNS
            ):
                # `African leaders`, `Western leaders`, `humanitarian officials`: a group of no one
                # country or organisation, written as given from the name on (guideline 1.2)
                group = token.doc[found.start : token.i + 1].text if found.start < token.i else _phrase(token)
                return Holder(group, group, "person", form)
            if named is not None:
                body = body or named
                modifiers.add(named.holder)
                nation = nation or found.label_ in ("GPE", "NORP") and organisation_of(named.holder) is None
        elif country_of(child.text) or organisation_of(child.text):
            name = country_of(child.text) or organisation_of(child.text)
            modifiers.add(name)
            body = body or Holder(name, child.text, "country" if country_of(child.text) else "organisation", form)
        elif child.pos_ in ("ADJ", "NOUN", "PROPN") and child.dep_ in ("amod", "compound"):
            modifiers.add(child.lower_)
    title = token.lemma_.lower()
    if token.lower_ in TITLE_ALIASES:  # `the PM` is the prime minister
        title, alias = TITLE_ALIASES[token.lower_]
        modifiers.add(alias)
    definite = any(c.lower_ in ("the", "his", "her") for c in token.children if c.dep_ in ("det", "poss"))
    definite = definite or token.text[:1].isupper() and token.text[1:2].islower()  # `President of France`
    plural = token.tag_ in ("NNS", "NNPS") or token.lower_ != token.lemma_.lower() and token.lower_.endswith("s")
    if title in PERSON_TITLES and (definite or not body) and not plural:
        person = by_title(state, title, modifiers)
        if person is None and definite and state.people and not any(country_of(m) for m in modifiers):
            # `said the Head of the President's Office` with no title learnt: the most named person
            # of those the document gives no other title (`The Naftogaz CEO warns`: not Putin)
            person = untitled_person(state, title)
        if person is not None:
            return Holder(person.name, _phrase(token), "person", form)
    if title in OFFICES and not plural and body is not None and (body.holder_type == "country" or nation):
        # `the Ukrainian president` is the guideline's person it names; another title of a country
        # that the document gives no name for is written as given (`Turkish president`, guideline 1.2)
        offices = [OFFICE_HOLDERS.get((title, m)) for m in modifiers] if title in SINGULAR_TITLES else []
        known = next((GUIDELINE_PEOPLE[o] for o in offices if o in GUIDELINE_PEOPLE), None)
        return Holder(known or _phrase(token), _phrase(token), "person", form)
    if body is not None:
        return Holder(body.holder, _phrase(token), body.holder_type, form)
    if (token.lower_ in BODY_NOUNS or title in BODY_NOUNS) and definite and not modifiers and state.recent_bodies:
        # `..., the ministry added.` after `Saudi Arabia's ministry said`; a government's own body is
        # the last country's, never an organisation's (`the government` after `the UN envoy`)
        state_body = title in GOVERNMENT_NOUNS
        earlier = next((b for b in reversed(state.recent_bodies) if not state_body or b.holder_type == "country"), None)
        if earlier is not None:
            return Holder(earlier.holder, _phrase(token), earlier.holder_type, form)
        return Holder(_phrase(token).lower(), _phrase(token), "country", form)  # of no country named: as given
    if title in PERSON_TITLES and definite and token.tag_ != "NNS" and not token.lower_.endswith("s"):
        return Holder(_phrase(token).lower(), _phrase(token), "person", form)
    if form == "indirect" and token.lower_ in UNNAMED_SOURCES and token.dep_ == "pobj" and token.head.lower_ == "to":
        # `according to a diplomatic source`: no name nor side, the source as the text gives it
        return Holder(_phrase(token).lower(), _phrase(token), "person", form)
    if form != "actor" and token.dep_ == "nsubj" and token.lemma_.lower() in UNNAMED_SOURCES | {"analyst", "expert"}:
        # `..., source says`, `..., analyst tells CNN`: an unnamed speaker of no side, as given
        return Holder(token.lower_, token.text, "person", form)
    if form != "actor" and token.lower_ in TITLE_ALIASES and token.dep_ == "nsubj" and not definite:
        return Holder(token.text, token.text, "person", form)  # `..., says PM`: the title as given
    return None


def _entity(token):
    """The named entity (PERSON, ORG, GPE, NORP, FAC) the token is part of, else None."""
    if token.ent_type_ not in NAMED:
        return None
    for span in token.doc.ents:
        if span.start <= token.i < span.end:
            return span
    return None


def _phrase(token) -> str:
    words = [t for t in token.subtree if t.i <= token.i and t.dep_ not in ("punct", "det", "poss", "case")]
    words = [t for t in words if t.i >= token.i - 5]
    return " ".join(t.text for t in words) if words else token.text


def speech_cues(doc):
    """(cue verb, its subject) of every speech or attribution, innermost (deepest) first;
    `according to X` as a cue whose subject is X."""
    found = []
    for token in doc:
        if token.lower_ == "according":
            for prep in token.children:
                if prep.lower_ == "to":
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            found.append((len(list(token.ancestors)) - 0.5, token, obj))
            continue
        if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token.dep_ == "ROOT"):
            continue
        lemma = token.lemma_.lower()
        if lemma == "call" and not any(c.lower_ in CALL_PARTICLES for c in token.children):
            continue
        if lemma == "continue" and any(c.dep_ in ("xcomp", "dobj") for c in token.children):
            continue  # `Kiev continues to refuse ...`, `X continues its strikes` are no speech (`..., he continued.` is)
        if lemma == "point" and any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
            lemma = "note"  # `X pointed out that ...`
        if lemma in OBJECT_CUES:
            if not any(c.dep_ == "dobj" and c.lemma_.lower() in OBJECT_CUES[lemma] for c in token.children):
                continue
        elif lemma in POSITION_VERBS and lemma not in SPEECH_VERBS:
            if not _reported(token) or obliged(token):
                continue  # `X warned that Russia must withdraw`: X's demand, not Russia's position
        elif lemma not in SPEECH_VERBS and lemma != "call":
            continue
        if token.dep_ == "acl" and token.tag_ == "VBN":
            continue  # `the guarantees proposed by Russia`, `interest expressed by X`: a noun's modifier
        subject = _subject(token)
        if subject is not None and lemma in POSITION_VERBS and lemma not in SPEECH_VERBS and subject.pos_ == "PRON":
            continue  # `X said he would not rule out ...`: the speaker's own position
        if subject is not None:
            depth = len(list(token.ancestors))
            found.append(
                (depth + 100 if lemma in POSITION_VERBS and lemma not in SPEECH_VERBS else depth, token, subject)
            )
    inside = quoted_ranges(doc.text, open_ends=True)
    found = [f for f in found if not any(a <= f[1].idx < b for a, b in inside)]  # the quote's own words
    # innermost first (a nested report takes the innermost holder), but a cue inside a relative or
    # adverbial clause (`it was not the first time that Ukraine called on ...`) after the others
    found.sort(key=lambda x: (_embedded(x[1]), -x[0]))
    return [(cue, subject) for _, cue, subject in found]


_EMBEDDING = frozenset({"relcl", "acl", "advcl", "pobj", "pcomp", "attr", "csubj", "nsubj", "dobj", "amod"})


def _embedded(token) -> bool:
    """The token is inside a relative, adverbial or noun clause on its way to the root."""
    return any(t.dep_ in _EMBEDDING for t in [token, *token.ancestors] if t.dep_ != "ROOT")


def obliged(verb) -> bool:
    """`must withdraw`, `should accept`, `needs to agree`, `has to end`: an obligation put on the
    subject by someone else."""
    if any(c.dep_ == "aux" and c.lower_ in ("must", "should", "ought") for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("need", "have")


def _reported(token) -> bool:
    """A position verb that is the reported clause of a speech verb after it (`Hamas rejects the
    plan, Israel says`), reached through clausal complements and conjuncts only. A speech verb
    before it (`X stressed that Ukraine offers ...`, `X said Moscow and Kiev had agreed`) keeps the
    speaker: the speaker's own report of the position."""
    t = token
    while t.dep_ in ("ccomp", "conj", "xcomp", "parataxis") and t.head is not t:
        t = t.head
        if t.lemma_.lower() in SPEECH_VERBS:
            return t.i > token.i
    if token.dep_ == "ROOT":  # a headline: `Hamas rejects the plan, Israel says` (says is a ccomp of it)
        return any(
            c.dep_ in ("ccomp", "parataxis") and c.lemma_.lower() in SPEECH_VERBS and c.i > token.i
            for c in token.children
        )
    return False


def _subject(verb):
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and not (child.dep_ == "nsubjpass" and verb.lemma_ == "say"):
            return child
    for child in verb.children:  # `was quoted by X`, `said by X`
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    if verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        return _subject(verb.head)
    return None


_COLLECTIVE_START = re.compile(
    r"^\s*(?:the|both)\s+(?:two\s+)?(?:leaders|sides|parties|presidents|heads of state|participants)\b", re.IGNORECASE
)


def _collective(token) -> bool:
    """`The leaders`, `Both sides`, `the parties`, `The heads of state`, `Both` as a subject."""
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if token.lower_ == "both" and token.pos_ in ("PRON", "DET"):
        return True
    plural = token.tag_ in ("NNS", "NNPS")
    return (
        plural
        and token.lemma_.lower() in COLLECTIVE_NOUNS
        and not any(
            c.dep_ == "prep"
            for c in token.children  # `The Presidents of Lithuania and Poland`: named
        )
    )


def _leaders_of(token, state: DocumentState):
    """`The leaders of Ukraine and the EU`: the document's principal when the first named is the
    country the principal leads (guideline 1.1: jointly, the first named), else None."""
    if state.principal is None or token.dep_ != "nsubj" or token.lemma_.lower() not in COLLECTIVE_NOUNS:
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            first = next((c for c in prep.children if c.dep_ == "pobj"), None)
            country = country_of(first.text) if first is not None else None
            if country and by_title(state, "leader", {country}) is state.principal:
                return state.principal
    return None


def _takes_position(verb) -> bool:
    """A verb of position or speech (`agreed`, `noted`, `paid attention to`), not of an event
    (`had an exchange of opinions`, `focused on`)."""
    lemma = verb.lemma_.lower()
    if lemma in OBJECT_CUES:
        return any(c.dep_ == "dobj" and c.lemma_.lower() in OBJECT_CUES[lemma] for c in verb.children)
    if lemma == "point":  # `the two leaders pointed out their readiness`
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children)
    return lemma in POSITION_VERBS or lemma in SPEECH_VERBS and lemma not in ("continue", "add")


def _after_collective(state: DocumentState) -> bool:
    j = state.position - 1
    return j >= 0 and state.docs[j] is not None and bool(_COLLECTIVE_START.match(state.docs[j].text))


def passive_cue(doc):
    """A passive speech verb with no agent (`attention was drawn to the fact that ...`, `It was
    stressed that ...`), else None."""
    for token in doc:
        if token.dep_ in ("ROOT", "conj") and token.tag_ == "VBN" and token.lemma_.lower() in PASSIVE_CUES:
            children = list(token.children)
            if any(c.dep_ in ("auxpass", "nsubjpass") for c in children) and not any(
                c.dep_ == "agent" for c in children
            ):
                return token
    return None
