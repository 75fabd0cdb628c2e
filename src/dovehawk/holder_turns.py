"""Who speaks in a transcript, a speech or an interview, read from the words: transcript turns
(`Vladimir Putin: ...`, `Question: Anna Berg, Radio Nord.`), a speech or article published under
its speaker's name (`Speech by Head of the Office ... Andriy Yermak at ...`, `Full text of
Zelensky's speech at ...`: guideline 1.1, the speaker's own words, direct), and the dash turns of an
interview (`- question`, `- answer`, in turn). A head of state's own speech on the office's page
(`Speech by President of Ukraine ...`) stays the office's own voice (guideline 1.1, author).
Internal to `dovehawk.holders`."""

from __future__ import annotations

import re

from dovehawk.holder_document import PERSON_TITLES, DocumentState, Holder, by_title, topic_label
from dovehawk.holder_names import (
    GUIDELINE_PEOPLE,
    TITLE_WORDS,
    country_of,
    organisation_of,
    strip_name,
    translit_fold,
)
from dovehawk.holder_rules import QUESTION_TURNS

# headline labels before a colon that are not speakers (`Watch: ...`, `Analysis: ...`)
NOT_SPEAKERS = frozenset(
    """watch live video analysis explainer opinion update updates breaking exclusive factbox timeline
    editorial comment note photos photo also read listen podcast fact check verify map maps graphic
    interview review transcript""".split()
)
_TURN = re.compile(r"^\s*([A-Z][^:\n\"“”«»]{1,160}?)\s*:\s+\S")
# scraped transcript pages repeat a speaker's name reversed and the title glued on:
# `Federal Chancellor of Germany Olaf Scholz Scholz OlafFederal Chancellor of ...(retranslated)`
_REPEATED = re.compile(r"\b([A-Z][\w'’-]+)\s+([A-Z][\w'’-]+)\s+\2\s+\1(?=[A-Z(]|\s|$)")
# `Question: Anna Berg, Radio Nord.`: the journalist's outlet holds the question (guideline 1.1)
_OUTLET = re.compile(
    r"^\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3},\s+(?P<outlet>[A-Z][\w.&'’-]*(?:\s+[A-Z0-9][\w.&'’-]*){0,4})\.?\s*$"
)

_SPEECH_TITLES = (
    re.compile(
        r"^\s*(?:the\s+)?full\s+(?:text|transcript)\s+of\s+(?P<who>[A-Z][^:]{1,80}?)['’]s?\s+"
        r"(?:speech|address|remarks|statement|article|interview)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"^\s*(?i:speech|address|article|remarks|op-ed|column|lecture|statement)\s+(?:by|of)\s+(?:the\s+)?"
        r"(?P<who>[A-Z][^:]{1,120}?)(?=\s+(?:at|in|to|during|on|for|before|with)\s|\s*[:.]|\s*$)"
    ),
    # the office's page title of the head of state's own address: `... - address by the President of Ukraine`
    re.compile(
        r"^.{10,300}?\s[-–—]\s*(?i:address|speech)\s+by\s+(?:the\s+)?(?P<who>(?i:president)\b[^:]{0,80}?)\.?\s*$"
    ),
)
_INTERVIEW_TITLES = (
    re.compile(
        r"^\s*(?P<who>[A-Z][^:]{1,80}?)\s+in\s+an\s+interview\s+(?:for|with|to)\s+(?:the\s+)?(?P<outlet>[^:]{2,60}?)\s*(?::|$)"
    ),
    re.compile(
        r"^\s*(?i:interview)\s+(?:of|by|with)\s+(?:the\s+)?(?P<who>[A-Z][^:]{1,120}?)\s+(?:to|for|with)\s+"
        r"(?:the\s+)?(?P<outlet>[^:]{2,60}?)\s*[.:]?\s*$"
    ),
)
_THANKS = re.compile(r"(?:thank you|thanks)(?: very much)?[.,!]?\s+", re.IGNORECASE)
_DASH_TURN = re.compile(r"^\s*[-–—]\s+\S")
_ON_TOPIC = re.compile(r"^\s*(?P<who>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,5})\s+on\s+[^:\"“”]{3,160}:\s+\S")
# `Hamas Official To AFP:` (`to` and an outlet's capitalised name)
_TO_OUTLET = re.compile(r"\s+(?i:to)\s+[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}\s*$")
# words for unnamed officials of a country or organisation in a turn label (`Israeli military:`)
# (not a title before a name: `Russian envoy Kirill Dmitriev: ...?` is a headline about him)
_BODY_LABELS = frozenset("military army official officials source sources ministry government".split())


def speaker_turn(doc, state: DocumentState) -> Holder | None:
    """A transcript turn (`Vladimir Putin: ...`, `Question: ...`): its speaker holds this
    sentence and the next ones, until another turn."""
    turn = _TURN.match(doc.text)
    if not turn:
        return _inline_turn(doc, state)
    speaker = turn.group(1).strip()
    offset = 0
    thanks = _THANKS.match(speaker)
    if thanks and len(speaker) > thanks.end():
        # `Thank you Vladimir Putin: ...`: the last turn's closing words joined to the next label
        offset, speaker = thanks.end(), speaker[thanks.end() :]
    repeated = _REPEATED.search(speaker)
    if repeated:
        speaker = speaker[: repeated.end(2)]
    outlet = _TO_OUTLET.search(speaker)
    if outlet and _looks_like_name(speaker[: outlet.start()]):
        speaker = speaker[: outlet.start()]  # `Hamas Official To AFP: ...`: the outlet only carries it
    if not _looks_like_name(speaker):
        return _on_topic(doc, state)
    clean = re.sub(r"\(.*?\)", "", speaker).strip()
    if any(w.lower() in NOT_SPEAKERS for w in clean.split()):
        return None
    start = turn.start(1) + offset
    span = doc.char_span(start, start + len(speaker), alignment_mode="expand")
    named = span is not None and any(
        t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or t.lower_ in PERSON_TITLES for t in span
    )
    question = clean.lower().rstrip(".") in QUESTION_TURNS
    if not question and len(state.docs or ()) == 1 and doc.text.rstrip().endswith("?"):
        return None  # a headline asking about someone (`Envoy X: propagandist or key to peace?`)
    if not question and topic_label(clean, state):
        return None  # `Middle East Crisis: ...`, `Gaza: ...`: a headline's topic, not a speaker
    if not (
        named
        or question
        or state.turn is not None
        or any(translit_fold(w) in state.people or translit_fold(w) in GUIDELINE_PEOPLE for w in clean.split())
    ):
        return None  # `Trading Day: ...` is a label, not a speaker
    firm = question
    if question:
        outlet = _OUTLET.match(doc.text[turn.end(1) :].lstrip(" :"))
        if outlet:
            holder = Holder(outlet.group("outlet").strip().rstrip("."), speaker, "organisation", "direct")
        else:
            holder = Holder("journalist", speaker, "person", "direct")
    else:
        holder = _speaker(clean, speaker, state)
        firm = holder.holder in {p.name for p in state.people.values()}
        outlet = _journalist_outlet(holder, doc.text[turn.end(1) :].lstrip(" :"), state)
        if outlet is not None:  # a journalist's question: the outlet holds it (guideline 1.1)
            holder, firm = Holder(outlet, speaker, "organisation", "direct"), True
    state.turn, state.turn_firm = holder, firm
    return holder


# a turn label after other words of the same line: `* * * Speech at ... President of Russia
# Vladimir Putin: Mr Lavrov, colleagues, ...`, `Thank you Vladimir Putin: Regarding your question ...`
_INLINE_TURN = re.compile(r"(?<![\w'’-])((?:[A-Z][\w'’.-]+\s+){1,2}[A-Z][\w'’.-]+):\s+[A-Z\"“]")


def _inline_turn(doc, state: DocumentState) -> Holder | None:
    """A speaker turn whose label follows other words of the line (the splitter joined them): a
    full name the document names elsewhere, before a colon; that person holds the rest."""
    for match in _INLINE_TURN.finditer(doc.text):
        words = match.group(1).split()
        key = translit_fold(words[-1])
        person = state.people.get(key)
        if person is None or len(person.name.split()) < 2 or translit_fold(words[-2]) in state.people:
            continue
        if translit_fold(words[-2]) != translit_fold(person.name.split()[-2]):
            continue  # `Vladimir Putin:` (the given name too), not a surname alone
        holder = Holder(person.name, match.group(1), "person", "direct")
        # not firm: a person the turn reports speaking (`He noted that ...`) holds that (1.1, nested)
        state.turn, state.turn_firm = holder, False
        return holder
    return None


# a moderator's call of the next questioner: `Sky News.`, `Ekho Moskvy, please.`; `I see NTV, Irada Zeinalova.`
_OUTLET_CALL = re.compile(r"^\s*(?P<outlet>[A-Z][\w.&'’-]*(?:\s+[A-Z0-9][\w.&'’-]*){0,3})(?:,\s*please)?[.!]?\s*$")


_GREETINGS = frozenset(
    {"thank you", "thank you very much", "good afternoon", "good morning", "good evening", "go ahead", "hello"}
)


def _journalist_outlet(holder: Holder, rest: str, state: DocumentState) -> str | None:
    """The outlet a turn's speaker asks for, in a news conference: given after the name in the
    turn (`Maxim Kurnikov: Maxim Kurnikov, Ekho Moskvy.`), or by the moderator in the sentence
    before (`Sky News.`, `I see NTV, Irada Zeinalova.`); remembered for the speaker's later turns."""
    if holder.holder_type != "person" or not holder.holder.split():
        return None
    key = translit_fold(holder.holder.split()[-1])
    own = _OUTLET.match(rest)
    if own and translit_fold(own.group(0).split(",")[0].split()[-1]) == key:
        state.outlets[key] = own.group("outlet").strip().rstrip(".")
    elif key not in state.outlets and state.position > 0:
        before = [state.docs[j] for j in (state.position - 1, state.position - 2) if j >= 0]
        text = next((d.text for d in before if d is not None and _OUTLET_CALL.match(d.text)), None)
        text = text or " ".join(d.text for d in reversed(before) if d is not None)
        call = _OUTLET_CALL.match(text)
        named = re.search(
            r"(?P<outlet>[A-Z][\w.&'’-]*(?:\s+[A-Z0-9][\w.&'’-]*){0,3}),\s+" + re.escape(holder.surface.split()[0]),
            text,
        )
        outlet = (call.group("outlet") if call else named.group("outlet") if named else "").rstrip(".") or None
        official = key in state.people and bool(state.people[key].titles)  # `President Aliyev`: no journalist
        plausible = outlet and (len(outlet.split()) >= 2 or outlet.isupper()) and outlet.lower() not in _GREETINGS
        if (
            plausible
            and not official
            and not country_of(outlet)
            and translit_fold(outlet.split()[-1]) not in state.people
        ):
            state.outlets[key] = outlet
    return state.outlets.get(key)


def _on_topic(doc, state: DocumentState) -> Holder | None:
    """`Volodymyr Zelenskyy on the talks: We see ...`: a title that gives a named person's words on
    a topic is that person's, direct (for this sentence only: no turn follows)."""
    match = _ON_TOPIC.match(doc.text)
    if not match:
        return None
    who = match.group("who")
    span = doc.char_span(match.start("who"), match.end("who"), alignment_mode="expand")
    known = [translit_fold(w) for w in reversed(who.split()) if translit_fold(w) in state.people]
    if known:
        return Holder(state.people[known[0]].name, who, "person", "direct")
    if span is not None and any(t.ent_type_ == "PERSON" for t in span):
        return Holder(strip_name(who), who, "person", "direct")
    return None


def _speaker(clean: str, surface: str, state: DocumentState) -> Holder:
    """`President of Russia Vladimir Putin`: the name is what follows the last title or country; a
    person the document names by it (the name's own words first: the recogniser sometimes takes a
    country for a person)."""
    words = clean.split()
    sides = [w for w in words if country_of(w) or organisation_of(w)]
    if sides and all(w in sides or w.lower() in _BODY_LABELS for w in words) and len(sides) < len(words):
        # `Israeli military:`, `Hamas Official:`: unnamed officials take their country or organisation
        country, organisation = country_of(sides[0]), organisation_of(sides[0])
        return Holder(country or organisation, surface, "country" if country else "organisation", "direct")
    cut = max(
        (i + 1 for i, w in enumerate(words) if w.lower() in TITLE_WORDS or country_of(w) or w.lower() == "of"),
        default=0,
    )
    if not words[cut:]:
        # `President of Ukraine: ...`, `Head of State: ...`: the person the title names in the document
        title = next((w.lower() for w in words if w.lower() in PERSON_TITLES), None)
        mods = {country_of(w) or organisation_of(w) or w.lower() for w in words if w.lower() not in ("of", "the")}
        person = by_title(state, title, mods - {title}) if title else None
        if person is not None:
            return Holder(person.name, surface, "person", "direct")
    name = " ".join(words[cut:]) or clean
    ordered = [*reversed(name.split()), *words]
    known = [translit_fold(w) for w in ordered if translit_fold(w) in state.people]
    key = known[0] if known else translit_fold(name.split()[-1])
    if key in state.people:
        return Holder(state.people[key].name, surface, "person", "direct")
    if country_of(name) or organisation_of(name):
        table = country_of(name) or organisation_of(name)
        return Holder(table, surface, "country" if country_of(name) else "organisation", "direct")
    return Holder(strip_name(name), surface, "person", "direct")


def published_speaker(docs, state: DocumentState) -> None:
    """A document published under its speaker's name (a speech, article or interview title in its
    first two sentences): the speaker holds every sentence no other attribution claims, as a turn;
    an interview's outlet holds the questions (`interview_turn`)."""
    for doc in docs[:2]:
        if doc is None:
            continue
        text = doc.text
        for pattern in _INTERVIEW_TITLES:
            match = pattern.match(text)
            if match and _person(match.group("who"), state) is not None:
                state.turn, state.turn_firm = _person(match.group("who"), state), True
                # `the Italian newspaper La Repubblica`: the capitalised words at the end
                words = match.group("outlet").strip().rstrip(".").split()
                cut = max((i + 1 for i, w in enumerate(words) if not w[:1].isupper()), default=0)
                outlet = " ".join(words[cut:]) or " ".join(words)
                state.interview = (state.turn, Holder(outlet, outlet, "organisation", "direct"))
                return
        for pattern in _SPEECH_TITLES:
            match = pattern.match(text)
            if not match:
                continue
            who = match.group("who")
            if pattern is _SPEECH_TITLES[2]:
                state.own_title = docs.index(doc)  # the title is the office's voice too (guideline 1.1)
            if pattern is not _SPEECH_TITLES[0] and re.match(r"(?:president|king|head of state)\b", who, re.IGNORECASE):
                # a head of state's own speech on the office's page: the office's voice, and its
                # country's own positions in it too (`Ukraine wants peace.`: guideline 1.1, author)
                state.own_country = next((country_of(w) for w in re.findall(r"[\w'’-]+", who) if country_of(w)), None)
                return
            person = _person(who, state)
            if person is not None:
                state.turn, state.turn_firm = person, True
            return


def _person(who: str, state: DocumentState) -> Holder | None:
    """The person a title's `who` names (`Head of the Office of the President of Ukraine Andriy
    Yermak`, `Zelensky`): one the document names, else a name of two or more capitalised words
    after the titles, else None."""
    words = re.findall(r"[\w'’-]+", who)
    cut = max((i + 1 for i, w in enumerate(words) if w.lower() in TITLE_WORDS or country_of(w)), default=0)
    for word in reversed(words[cut:] or words):
        key = translit_fold(re.sub(r"['’]s$", "", word))
        if key in state.people:
            return Holder(state.people[key].name, who.strip(), "person", "direct")
    name = _speaker(who, who.strip(), state).holder  # the recogniser missed it: the words after the titles
    if len(name.split()) >= 2 and all(w[:1].isupper() for w in name.split()) and not country_of(name):
        return Holder(name, who.strip(), "person", "direct")
    return None


def interview_turn(doc, state: DocumentState) -> None:
    """In an interview, a paragraph opened by a dash starts the next turn: the outlet's question
    first, then the answer, and so on."""
    if state.interview is None or doc is None or not _DASH_TURN.match(doc.text):
        return
    speaker, outlet = state.interview
    state.turn = outlet if state.turn is not outlet else speaker
    state.turn_firm = True


def _looks_like_name(text: str) -> bool:
    """A transcript turn's speaker: at most twelve words, each capitalised (or a name particle)."""
    words = re.sub(r"\(.*?\)", " ", text).split()
    particles = {"de", "von", "van", "al", "bin", "el", "la", "of", "the"}
    titles = sum(w[:1].islower() and w in PERSON_TITLES for w in words)  # `Mariupol mayor: ...`
    return (
        0 < len(words) <= (4 if titles else 12)
        and words[0][:1].isupper()
        and all(
            w[:1].isupper() or w.lower() in particles or w.lower() in _BODY_LABELS or w in PERSON_TITLES for w in words
        )
    )
