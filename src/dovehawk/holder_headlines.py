"""The holder rules read from a sentence's words rather than its parse, which Title Case and the
telegraphic style of headlines often break: transcript turns (`Peskov: ...`), the speaker named
after a closing quote or a dash (`...," Serhiy Nykyforov said.`, `... - Volodymyr Zelensky`), and
a headline's opening name and predicate (`Zelensky Offers Terms ...`, `Hamas has rejected ...`,
`Kyiv ready for talks`, `Moldovan foreign minister to visit ...`, `CIA chief in talks ...`).
Internal to `dovehawk.holders`."""

from __future__ import annotations

import re

from dovehawk.holder_actors import MEETING_VERBS, READINESS, READOUT_VERBS
from dovehawk.holder_document import (
    OFFICE_HOLDERS,
    PERSON_TITLES,
    SINGULAR_TITLES,
    DocumentState,
    Holder,
    closing_straight,
    common_word,
    topic_label,
)
from dovehawk.holder_names import GUIDELINE_PEOPLE, TITLE_WORDS, country_of, organisation_of, strip_name, translit_fold
from dovehawk.holder_rules import (
    BODY_NOUNS,
    GROUP_NOUNS,
    GROUP_VERBS,
    OFFICES,
    POSITION_VERBS,
    SPEECH_VERBS,
    noun_phrase,
    people_noun,
)

_CUE_WORDS = (
    r"said|says|added|adds|noted|notes|stressed|stresses|emphasi[sz]ed|explained|continued|concluded|stated|"
    r"declared|insisted|warned|told|wrote|asked|replied|urged|recalled|underlined|pointed out|is convinced|"
    r"believes|summed up|remarked"
)
_AFTER_QUOTE = re.compile(
    rf"[\"”»]\s*,?\s*(?:(?:{_CUE_WORDS})\s+(?P<who>[^,.;:\"”“]{{1,60}}?)\s*(?:[.,;]|$)|"
    rf"(?P<who2>[^,.;:\"”“]{{1,60}}?)\s+(?:has |had |is |was )?(?:{_CUE_WORDS})\b)"
)
# the last word of a publisher's name that scraped headlines end with (`... - Israel News`)
OUTLET_WORDS = frozenset(
    """news times post herald journal tribune telegraph guardian gazette online tv radio daily weekly
    today press review monitor observer chronicle standard""".split()
)
DASH_SPEAKER = re.compile(
    r"(?:\s[-–—]|:|\s-(?=[A-Z]))\s*(?P<who>(?:[A-Z][\w'’.-]*\s*|(?:of|the|by|address|said|to the)\s+){1,10}"
    r"(?:mediators|officials|sources|diplomats|negotiators|envoy|chief|spokesman|spokeswoman)?)\.?\s*$"
)


def trailing_speaker(doc, state: DocumentState, patterns=None) -> Holder | None:
    """The speaker named after a closing quote mark (`...," Serhiy Nykyforov said.`) or after a
    dash at the end (`... - Volodymyr Zelensky`), read from the words (no parse needed)."""
    for pattern in patterns or (_AFTER_QUOTE, DASH_SPEAKER):
        match = pattern.search(doc.text)
        if match and pattern is _AFTER_QUOTE:
            # a mark that closes a quotation (`...," he said`), not one that opens it (`"When X says`)
            match = next((m for m in pattern.finditer(doc.text) if _closes(doc.text, m.start())), None)
        if not match:
            continue
        name = "who" if match.group("who") else "who2"
        who, start = match.group(name), match.start(name)
        first = who.split()[0].lstrip("-") if who.split() else ""
        titled = any(w.lower().strip(".") in OFFICES | {"pm"} for w in who.split()[1:])
        if pattern is DASH_SPEAKER and who.split() and who.split()[-1].lower().strip(".") in OUTLET_WORDS:
            continue  # `... - Israel News`: the page's publisher, not a speaker
        if pattern is DASH_SPEAKER and len(re.findall(r"\s[-–—]\s", doc.text[: match.start() + 2])) >= 2:
            continue  # `... the route Svitylnia - Ploske - Brovary.`: a list of places, not a speaker
        if pattern is DASH_SPEAKER and topic_label(who, state):
            continue  # `...: Morning Rundown`, `...: Palestinian Debates`: a label, not a speaker
        if pattern is DASH_SPEAKER and country_of(first) and titled:
            return Holder(who.strip(), who.strip(), "person", "direct")  # `... - UK PM`: the title as given
        if pattern is DASH_SPEAKER and (country_of(first) or organisation_of(first)):
            # `... -Qatar mediators`, `... - Kremlin`: unnamed officials take their country
            table = country_of(first) or organisation_of(first)
            return Holder(table, who.strip(), "country" if country_of(first) else "organisation", "direct")
        span = doc.char_span(start, start + len(who), alignment_mode="expand")
        if span is None or not len(span):
            continue
        if pattern is DASH_SPEAKER and not any(
            translit_fold(t.text) in state.people
            or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
            or t.lower_ in PERSON_TITLES
            for t in span
        ):
            continue
        holder = noun_phrase(_head_of(span), doc, state, "direct", groups=True)
        if holder is not None:
            return holder
    return None


def _closes(text: str, i: int) -> bool:
    return text[i] in "”»" or text[i] == '"' and closing_straight(text, i)


def initial_subject(
    doc, state: DocumentState, common: frozenset, start: int = 0, inner: bool = False, nest: bool = True
) -> Holder | None:
    """A headline that opens with a name and a verb of position or speech, read from the words
    (`Zelensky Offers Terms ...`, `Turkey halts trade ...`, `White House Hails Progress`); after a
    speech verb, a second such pair is the innermost holder (`Pakistan Says Iran Confirms ...`).
    `common`: the pipeline's common words (`wordnet_words`), which a name is not."""
    tokens = [t for t in doc[start:]]
    while tokens and (tokens[0].is_punct or tokens[0].is_space or tokens[0].lower_ == "that"):
        tokens = tokens[1:]
    name, joined, verb = [], False, None
    for t in tokens[:8]:
        if joined and t.lower_ in _HEADLINE_VERBS:
            return None  # `Rebuffing Biden, Netanyahu Says ...`: the name after the comma speaks
        if name:
            # two joined names take a plural verb: `Israel and Hamas Agree ...` (the first named)
            # so does a plural name: `Houthis reject the truce`
            plural = joined or t.tag_ == "VBP" or name[-1].lower_.endswith("s") and name[-1].tag_ in ("NNS", "NNPS")
            verb, end = _predicate(doc, t.i, plural=plural, inner=inner)
            if verb is not None:
                t = doc[end]
                break
        if t.lower_ in ("and", ",") and name and not joined:
            joined = True
            continue
        if not (
            t.text[:1].isupper()
            or t.text in ("'s", "’s")
            or t.is_punct
            and t.text == "."
            or (_office_word(t) or t.pos_ == "ADJ" and t.i + 1 < len(doc) and _office_word(doc[t.i + 1]))
            and any(_side(w) for w in name)  # `Ukrainian foreign minister`, `Iran's supreme leader`
        ):
            return None
        if not joined:
            name.append(t)
    else:
        return None
    possessive = [k for k, w in enumerate(name[:-1]) if w.text in ("'s", "’s")]
    if possessive and not any(_office_word(w) for w in name[possessive[-1] + 1 :]):
        name = name[possessive[-1] + 1 :]  # `Finland's Haavisto`: the one the possessor's country has
    words = [w for w in name if w.text not in ("'s", "’s", ".")]
    if (
        not words
        or name[-1].text in ("'s", "’s")
        or words[0].lower_ in _PRONOUNS
        or words[0].is_stop
        and words[0].lower_ != "the"
        and not _office_word(words[0])  # `Top Ukrainian official ...`
        and not (words[0].text.isupper() and country_of(words[0].text))  # `US pushes for ...`
    ):
        return None  # `We also discussed ...`: the document's own voice; `How X ...`: no subject
    if joined and verb in READOUT_VERBS or verb in MEETING_VERBS:
        return None  # `X and Y discussed ...`, `X to meet Y`: a readout's or a meeting's event (guideline 1.2a, 1.2b: author)
    form = "indirect" if verb in SPEECH_VERBS or verb == "call" else "actor"  # `X calls for ...` (guideline 1.1)
    titled = _titled_phrase(words, state, form)
    if titled is False:
        return None
    if verb in SPEECH_VERBS and verb not in DIRECTIVE_VERBS and nest:
        inner = initial_subject(doc, state, common, start=t.i + 1, inner=True)
        if inner is not None:
            speaker = titled if titled is not None else initial_subject(doc, state, common, start, inner, nest=False)
            if not (speaker is not None and own_side(speaker, inner, state)):
                return inner
    if titled is not None:
        return titled
    offices = [k for k, w in enumerate(name) if _office_word(w) or w.lower_ in TITLE_WORDS]
    whole = doc[name[0].i : name[-1].i + 1].text
    if offices and offices[-1] + 1 < len(name) and not (country_of(whole) or organisation_of(whole)):
        name = name[offices[-1] + 1 :]  # `U.K. Labour Leader Starmer Calls ...`: the name after the title
        words = [w for w in name if w.text not in ("'s", "’s", ".")]
    phrase = doc[name[0].i : name[-1].i + 1].text
    if (
        words[-1].ent_type_ == ""
        and common_word(words[-1].lower_, common)
        and not (country_of(phrase) or organisation_of(phrase))
    ):
        last = translit_fold(words[-1].text)
        if last not in state.people and last not in GUIDELINE_PEOPLE and not words[-1].text.isupper():
            return None  # `Gaza Truce to Take Effect`: a thing, not an actor
    country, organisation = country_of(phrase), organisation_of(phrase)
    if country:
        return Holder(country, phrase, "country", form)
    if organisation:
        return Holder(organisation, phrase, "organisation", form)
    key = translit_fold(words[-1].text)
    if key in state.people:
        return Holder(state.people[key].name, phrase, "person", form)
    label = words[-1].ent_type_ or next((w.ent_type_ for w in words if w.ent_type_), "")
    if label == "GPE":
        return Holder(strip_name(phrase), phrase, "country", form)
    if label in ("ORG", "NORP") and len(words) > 1:
        return Holder(strip_name(phrase), phrase, "organisation", form)
    known = GUIDELINE_PEOPLE.get(key)
    if known is not None:
        return Holder(known, phrase, "person", form)
    if len(words) <= 3 and (label in ("PERSON", "ORG") or not common_word(words[-1].lower_, common)):
        return Holder(strip_name(phrase), phrase, "person", form)
    if len(words) == 1 and 2 <= len(words[0].text) <= 5 and words[0].text.isupper() and words[0].is_alpha:
        return Holder(phrase, phrase, "organisation", form)  # an acronym (`DOD in talks ...`) is a name
    return None


# what a group named by a plural noun does in a headline (`Mediators Aim for ...`, `Released
# Hostages Press Netanyahu ...`, `Protesters in Japan demand ...`)
_GROUP_HEADLINE_VERBS = frozenset("aim try rush work develop renew rally march plead demand urge call press".split())


def group_subject(doc, state: DocumentState, start: int = 0) -> Holder | None:
    """A headline's group of people as its subject, read from the words (the parse often takes
    its verb for a noun): a few modifiers, a plural noun for people, an optional `in` and a name,
    then a verb of position, speech or effort in the plural. The group as the text gives it, lower
    case (guideline 1.2: groups)."""
    tokens = [t for t in doc[start:] if not t.is_space]
    while tokens and (tokens[0].is_punct or tokens[0].is_quote):
        tokens = tokens[1:]
    head = next((k for k, t in enumerate(tokens[:5]) if t.lower_.endswith("s") and _group_noun(t)), None)
    if head is None or any(
        t.is_punct or t.lower_ in _PRONOUNS or t.is_stop and t.lower_ != "more" for t in tokens[:head]
    ):
        return None
    k = head + 1
    if k + 1 < len(tokens) and tokens[k].lower_ == "in" and tokens[k + 1].text[:1].isupper():
        k += 2  # `Protesters in Japan demand ...`
    if k >= len(tokens):
        return None
    verb = tokens[k].lower_
    # the plain present only: a past form after the group is often a passive (`Sixteen more
    # hostages freed ...`); meeting is an event (`European Leaders Meet ...`)
    if verb not in (_HEADLINE_VERB_LEMMAS | GROUP_VERBS | _GROUP_HEADLINE_VERBS) - {"meet", "host", "hold"}:
        return None
    if any(_table_side(t) for t in tokens[:head]) and tokens[head].lower_ in BODY_NOUNS | _BODY_WORDS:
        return None  # `Israeli officials say ...`: the country's, by the other rules
    phrase = " ".join(t.text for t in tokens[: head + 1])
    form = "indirect" if verb in SPEECH_VERBS or verb == "call" else "actor"
    return Holder(phrase.lower(), phrase, "person", form)


def _group_noun(token) -> bool:
    """A plural noun for people (`protesters`, `hostages`, `mediators`, `officials`)."""
    lower = token.lower_
    singular = lower[:-3] + "y" if lower.endswith("ies") else lower[:-1]
    return lower not in ("talks", "news", "forces", "us") and (
        people_noun(singular) or lower in _BODY_WORDS or lower in GROUP_NOUNS or singular in _PEOPLE
    )


_PEOPLE = frozenset("hostage protester demonstrator mediator pastor family veteran worker student parent".split())


_EFFORTS = frozenset({"push", "bid", "offer", "overture", "plea", "proposal", "appeal"})
_COPULAS = frozenset({"is", "are", "was", "were", "'s", "’s", "remains", "remain", "seems", "appears", "still"})
# auxiliaries before a headline's verb (`Russia won't accept ...`, `Hamas has agreed ...`)
_AUXILIARIES = frozenset(
    """has have had will would wo can could may might does do did is are was were 's ’s not n't never
    still also now cannot""".split()
)
_TALKS = frozenset({"talks", "negotiations", "discussions", "contact", "push", "bid", "drive"})
# words of an actor's name phrase written in lower case after a country or organisation
# (`Ukrainian foreign minister`, `Israeli troops`, `Hamas official`)
_BODY_WORDS = frozenset(
    """official officials government army military forces troops delegation negotiators negotiator
    diplomats diplomat ministry side leadership authorities""".split()
)
# speech verbs whose object is the one asked (`Biden urges Israel to accept ...`): no inner holder
# after them (guideline 1.1: the one who urges or asks, not the one asked)
DIRECTIVE_VERBS = frozenset("urge ask tell call press pressure push demand appeal plead".split())
_PRONOUNS = frozenset("i we you he she it they this that these those there".split())
_TITLE_ALIASES = {"pm": "minister", "fm": "minister"}  # `Israeli PM`, `Polish FM`
_OFFICE_MODIFIERS = frozenset({"pm", "fm"}) | frozenset(
    {"foreign", "prime", "defence", "defense", "vice", "deputy", "top", "senior", "chief"}
)


def _predicate(doc, i: int, plural: bool = False, inner: bool = False) -> tuple[str | None, int]:
    """`_headline_predicate`, after a speech verb (`inner`) only a verb of the first list in the
    present or past (`Norway says Iran agrees ...`)."""
    verb, end = _headline_predicate(doc, i, plural)
    if inner and (verb in _ACTOR_LEMMAS or verb in ("ready", "talk")):
        return None, i
    return verb, end


def _headline_predicate(doc, i: int, plural: bool = False) -> tuple[str | None, int]:
    """The verb lemma of a headline predicate starting at token i, and the index of its last
    token; (None, i) when none starts there. A verb of the list in the third person (`Rejects`),
    the past (`agreed`) or after auxiliaries (`won't accept`, `has agreed`), `to` and a verb
    (`Trump to host ...`), a position after an optional copula (`Kyiv ready for talks`, `are
    skeptical of`) and being in talks (`X in early talks with ...`)."""
    lower = doc[i].lower_
    if lower in ("makes", "make", "made", "launches", "launch", "launched"):
        # `Witkoff Makes Push on Peace`, `Trump makes diplomatic push`: a push, a bid, an offer
        found = next((t for t in doc[i + 1 : i + 4] if t.lower_ in _EFFORTS), None)
        if found is not None:
            return "push", found.i
    if lower in _HEADLINE_VERBS and not plural:
        return _HEADLINE_VERBS[lower], i
    if plural and lower in _HEADLINE_VERB_LEMMAS:
        return lower, i
    if lower in _HEADLINE_PAST:
        return _HEADLINE_PAST[lower], i
    j = i
    if lower == "to" and i + 1 < len(doc):
        base = doc[i + 1].lower_
        if base in _HEADLINE_VERB_LEMMAS:
            return base, i + 1
        # `Moldovan minister to visit Kyiv`: a plan the actor announces, whatever its verb
        return ("plan", i + 1) if doc[i + 1].tag_ == "VB" and not plural else (None, i)
    while (
        j < len(doc)
        and j < i + 3
        and (
            doc[j].lower_ in _AUXILIARIES
            or doc[j].lower_ in _COPULAS
            or doc[j].lower_.endswith("ly")
            and doc[j].pos_ == "ADV"
        )
    ):
        j += 1  # `Russia indefinitely suspended ...`
    while j < len(doc) and doc[j].is_quote:
        j += 1  # `Merz 'skeptical' of ...`
    if j >= len(doc):
        return None, i
    word = doc[j].lower_
    if word in READINESS:
        return "ready", j
    if word in _VERB_FORMS and (j > i or word.endswith("ing")):
        return _VERB_FORMS[word], j  # `has rejected`; a headline's bare participle `Qatar weighing ...`
    if word == "in" and j == i:
        k = j + 1
        while k < len(doc) and k < j + 3 and doc[k].pos_ == "ADJ":
            k += 1
        if k < len(doc) and doc[k].lower_ in _TALKS:
            return "talk", k
    return None, i


# the words of negotiation (the keyword baseline's, `eval/baselines.py`), to find a headline's
# clause about talks
NEGOTIATION = re.compile(
    r"\b(talks?|negotiat\w*|cease-?fires?|truces?|peace\w*|diploma\w*|mediat\w*|dialogue|settlement|"
    r"accord|agreement|deal|compromise|armistice)\b",
    re.IGNORECASE,
)


_NOT_A_CLAUSE = frozenset("well long much soon far part a an the of".split())


def talks_clause(doc) -> int | None:
    """Where a sentence's second clause starts when only it is about negotiation (`Israeli forces
    advance in Gaza City as Netanyahu resists ceasefire calls`, `... while X ...`): the one who
    takes a position there holds it, not the subject of the lead clause's event."""
    for t in doc[2:]:
        if t.i + 1 < len(doc) and doc[t.i + 1].lower_ in _NOT_A_CLAUSE or doc[t.i - 1].lower_ in ("as", "such", "so"):
            continue  # `as well as`, `as long as`, `such as`
        clause = t.dep_ == "mark" or t.pos_ == "SCONJ" or doc[t.i - 1].text == ","
        clause = clause or t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN"  # `... as Trump talks peace`
        if t.lower_ in ("as", "while") and clause:
            if (
                t.i + 2 < len(doc)
                and NEGOTIATION.search(doc[t.i + 1 :].text)
                and not NEGOTIATION.search(doc[: t.i].text)
            ):
                return t.i + 1
            return None
    return None


def clause_starts(doc) -> list[int]:
    """Where a sentence's main clause may start: each sentence's start, and after a fronted
    adverbial ended by a comma (`After the attack on the port, Russia suspended ...`)."""
    out = []
    for sentence in doc.sents:
        out.append(sentence.start)
        first = doc[sentence.start]
        if first.pos_ in ("ADP", "SCONJ") and first.lower_ not in ("that", "while", "whether", "if"):
            comma = next((t for t in sentence[1:20] if t.text == ","), None)
            if comma is not None and comma.i + 1 < sentence.end:
                out.append(comma.i + 1)
    return out


def _office_word(token) -> bool:
    lower = token.lower_
    return lower in PERSON_TITLES or lower in _BODY_WORDS or lower in BODY_NOUNS or lower in _OFFICE_MODIFIERS


def _side(token) -> bool:
    """A country, organisation or demonym (`Ukrainian`, `Hamas`, `EU`) that a title or body
    noun after it belongs to."""
    return bool(
        country_of(token.text)
        or organisation_of(token.text)
        or token.ent_type_ in ("GPE", "NORP", "ORG")
        or _demonym(token)
    )


def _table_side(token) -> bool:
    return bool(country_of(token.text) or organisation_of(token.text) or _demonym(token))


def _demonym(token) -> bool:
    """A capitalised adjective of nationality the recogniser may miss (`Moldovan`, `Finnish`)."""
    return token.pos_ == "ADJ" and token.text[:1].isupper() and token.lower_.endswith(_DEMONYM_ENDINGS)


_DEMONYM_ENDINGS = ("an", "ese", "ish", "i")


def _titled_phrase(words, state: DocumentState, form: str):
    """A headline's opening phrase with a title or body noun: the person the title names
    (`Russian President` -> Vladimir Putin where the document or guideline allows), the country or
    organisation of its officials (`Israeli troops` -> Israel), else the title as given with the
    title words in lower case (`Ukrainian foreign minister`, `CIA director`; guideline 1.2a). None
    when the phrase has no title or body noun (a name), False when it is a title alone."""
    offices = [w for w in words if _office_word(w) or w.lower_ in TITLE_WORDS]
    if not offices:
        return None
    # an organisation's own name (`Syrian Democratic Forces`) is a name, not a body of its side:
    # of the recogniser's ORG words only an acronym (`OSCE chief`) counts as the side
    sides = [w for w in words if _side(w) and (w.ent_type_ != "ORG" or w.text.isupper() or _table_side(w))]
    names = [w for w in words if w not in offices and w not in sides and w.text[:1].isupper() and not w.is_stop]
    if names:
        return None  # `President Zelensky`: the name (the existing rules)
    if not sides:
        return False  # `President Says ...`: a title alone
    side = sides[0]
    country, organisation = country_of(side.text), organisation_of(side.text)
    surface = " ".join(w.text for w in words)
    head = _TITLE_ALIASES.get(offices[-1].lower_, offices[-1].lower_)
    key = OFFICE_HOLDERS.get((head, country)) if country else None
    if key in state.people:  # `Kremlin spokesman` in a document naming Dmitry Peskov
        return Holder(state.people[key].name, surface, "person", form)
    if head in OFFICES and head in PERSON_TITLES and (country or side.ent_type_ in ("GPE", "NORP") or _demonym(side)):
        # a country's office: its holder, else the title as given (guideline 1.2a); an
        # organisation's unnamed head takes the organisation (guideline 1.2: the UN's Secretary-General)
        if head in SINGULAR_TITLES and key in GUIDELINE_PEOPLE:
            return Holder(GUIDELINE_PEOPLE[key], surface, "person", form)
        phrase = " ".join(w.text if w in sides else w.lower_ for w in words)
        return Holder(phrase, phrase, "person", form)
    if head in PERSON_TITLES or head in _BODY_WORDS or head in BODY_NOUNS:  # unnamed officials
        if country or not organisation and (side.ent_type_ in ("GPE", "NORP") or _demonym(side)):
            return Holder(country or side.text, surface, "country", form)
        return Holder(organisation or strip_name(side.text), surface, "organisation", form)
    return False


def own_side(speaker: Holder, inner: Holder, state: DocumentState) -> bool:
    """The speaker speaks for the country the inner clause names (`Lavrov says Russia won't
    accept ...`, `Ukrainian official says Ukraine ...`): the speaker's own position (guideline
    1.1), not a report of another's. Known from the speaker's phrase, the titles the document gives
    them, or the offices of section 1.2's people."""
    if inner.holder_type != "country" or speaker.holder_type == "author":
        return False
    if speaker.holder == inner.holder:
        return True
    if speaker.holder_type != "person":
        return False
    if any(country_of(w) == inner.holder for w in speaker.surface.split()):
        return True
    key = translit_fold(speaker.holder.split()[-1]) if speaker.holder.split() else ""
    person = state.people.get(key)
    if person is not None and any(inner.holder in mods for _, mods in person.titles):
        return True
    return any(k == key and c == inner.holder for (_, c), k in OFFICE_HOLDERS.items())


def _head_of(span):
    """The token that names a speaker phrase: a person's name, else the first title (`the Head of
    the President's Office` -> Head), else the phrase's syntactic root."""
    for token in span:
        if token.ent_type_ == "PERSON":
            return [t for t in span if t.ent_type_ == "PERSON"][-1]
    for token in span:
        if token.lower_ in PERSON_TITLES:
            return token
    return span.root if span.root.dep_ else span[-1]


# headline verbs after a sentence-initial name: position, speech, and acts of negotiation
_HEADLINE_VERB_LEMMAS = (
    POSITION_VERBS
    | SPEECH_VERBS
    | frozenset(
        """release free set halt revert leave adopt join share hail slam rule delay urge call
    offer host welcome vow back meet oversee chair discuss weigh extend send issue counter veto sign
    link""".split()
    )
) - frozenset({"continue", "believe", "think", "report", "post", "quote", "write"})
# verbs of taking a position in a negotiation that report the subject's own act at the start of a
# headline (`Russia blocks the resolution`, `Hamas mulls the offer`) but, after a speech verb, are
# the speaker's report rather than a position of the one named (`Trump says Israel and Hamas
# reach a deal`: Trump); so are `to` and a verb, a readiness and being in talks
_ACTOR_LEMMAS = frozenset(
    """push press pursue consider mull eye plan prepare resist block snub spurn dismiss rebuff shun
    embrace float unveil present submit table pressure favor favour prefer decline balk commit
    disagree consent concede ratify violate breach renew revive abandon scrap quit exit negotiate
    mediate broker seal clinch reach finalise finalize reassess review question doubt challenge
    hope drop pull walk cede turn use rally circulate vote reconsider re-evaluate reevaluate try aim""".split()
)


def _third_person(verb: str) -> list[str]:
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return [verb[:-1] + "ies"]
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return [verb + "es"]
    return [verb + "s"]


def _past(verb: str) -> str:
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


_IRREGULAR_PAST = {
    "withdraw": "withdrew",
    "offer": "offered",
    "set": "set",
    "leave": "left",
    "send": "sent",
    "meet": "met",
    "hold": "held",
    "tell": "told",
    "say": "said",
    "write": "wrote",
    "seek": "sought",
    "free": "freed",
    "halt": "halted",
    "think": "thought",
    "end": "ended",
    "rule": "ruled",
    "issue": "issued",
    "plan": "planned",
    "veto": "vetoed",
    "ask": "asked",
    "sign": "signed",
}
_HEADLINE_VERB_LEMMAS = _HEADLINE_VERB_LEMMAS | _ACTOR_LEMMAS
_HEADLINE_VERBS = {form: verb for verb in _HEADLINE_VERB_LEMMAS for form in _third_person(verb)}
# the past forms and participles of the headline verbs (`Hamas agreed`, `has rejected`, `is seeking`)
_HEADLINE_PAST = {_IRREGULAR_PAST.get(verb, _past(verb)): verb for verb in _HEADLINE_VERB_LEMMAS} | {
    "withdrawn": "withdraw",
    "sought": "seek",
}
_VERB_FORMS = (
    {verb: verb for verb in _HEADLINE_VERB_LEMMAS}
    | _HEADLINE_VERBS
    | _HEADLINE_PAST
    | {
        (verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb) + "ing": verb
        for verb in _HEADLINE_VERB_LEMMAS
    }
)


def wordnet_words(nlp) -> frozenset:
    """The lemmas of the pipeline's lemmatizer index (WordNet 3.0 nouns, verbs, adjectives and
    adverbs): the common words, as against names."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except Exception:  # a pipeline without the rule lemmatizer: every word counts as a name
        return frozenset()
    return frozenset(w for words in table.values() for w in words)


def title_case(doc, common: frozenset) -> bool:
    """A headline in Title Case: nearly all of its longer words capitalised, at least two of them
    common words outside names and titles (`Trump Reverts to Diplomacy With Iran, but the Road Is
    Narrow`; not `Ukrainian President Volodymyr Zelenskyy met Joe Biden in Washington`)."""
    long = [t for t in doc if len(t.text) > 3 and t.text[:1].isalpha() and not t.is_stop]
    if len(long) < 3 or sum(t.text[:1].isupper() for t in long) < 0.85 * len(long):
        return False
    plain = [
        t
        for t in long
        if t.text[:1].isupper()
        and t.i > 0
        and t.ent_type_ not in ("GPE", "NORP", "LOC")
        and t.lower_ not in PERSON_TITLES
        and t.lower_ not in TITLE_WORDS
        and common_word(t.lower_, common)
        and not country_of(t.text)
    ]
    return len(plain) >= 2
