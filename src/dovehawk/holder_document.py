"""What a document tells the holder rules: the `Holder` record, the people the document names
with the titles it gives them, and the state carried from one sentence to the next (the last
speaker, the names for a pronoun, the principal of a readout). Internal to `dovehawk.holders`."""

from __future__ import annotations

from dataclasses import dataclass, field

from dovehawk.holder_names import (
    AUTHOR,
    GUIDELINE_PEOPLE,
    TITLE_WORDS,
    country_of,
    organisation_of,
    strip_name,
    translit_fold,
)

PERSON_TITLES = frozenset(
    """president minister spokesman spokeswoman spokesperson secretary chancellor premier leader chief
    envoy ambassador negotiator adviser advisor aide commander general head chairman senator king
    pope ceo director mayor governor""".split()
)

# Offices held through the corpus years (2022-26), used only for a person the document names: `the
# President of Russia noted` in a document naming Vladimir Putin is Putin. (title noun, country or
# organisation) -> the surname, folded by `translit_fold`.
OFFICE_HOLDERS = {
    ("president", "Russia"): "putin",
    ("leader", "Russia"): "putin",
    ("president", "Ukraine"): "zelenski",
    ("head", "Ukraine"): "zelenski",
    ("leader", "Ukraine"): "zelenski",
    ("president", "France"): "macron",
    ("leader", "France"): "macron",
    ("president", "Belarus"): "lukashenko",
    ("president", "Turkey"): "erdogan",
    ("minister", "Russia"): "lavrov",
    ("spokesman", "Russia"): "peskov",
    ("chancellor", "Germany"): "scholz",
    ("minister", "Israel"): "netanyahu",
}
# offices that changed hands over the corpus years: the holder is the one of them the document names
# (`the US president insisted` in a document naming Joe Biden), never supplied from the table alone
SHARED_OFFICES = {
    ("president", "United States"): ("biden", "trump"),
    ("minister", "United Kingdom"): ("johnson", "truss", "sunak", "starmer"),
}
_OFFICE_KEYS = frozenset(k for (t, _), k in OFFICE_HOLDERS.items() if t in ("president", "head", "chancellor"))
_KNOWN_SURNAMES = frozenset(OFFICE_HOLDERS.values()) | frozenset(k for ks in SHARED_OFFICES.values() for k in ks)
SINGULAR_TITLES = frozenset({"president", "head", "leader", "chancellor", "premier", "king", "pope"})

# places that are no government, so no speaker before a headline's colon (`Gaza: Aid reaches ...`)
PLACES = frozenset({"gaza", "gaza strip", "west bank", "middle east", "rafah", "donbas", "crimea", "red sea"})
# the words of an unnamed speaker's phrase (`Hamas official`, `Elysee Palace source`, `protesters`)
SPEAKER_NOUNS = frozenset(
    """official officials source sources spokesman spokeswoman spokesperson military army ministry
    government delegation negotiators negotiator mediators mediator diplomats diplomat envoy chief
    leader leaders officer member analyst analysts expert experts protesters demonstrators families
    lawmakers activists residents""".split()
)


def common_word(lower: str, words: frozenset) -> bool:
    """`lower`, or a plural, past or -ing form of it, is one of the common `words` (WordNet lemmas)."""
    candidates = {lower}
    for suffix, replacements in (
        ("ies", ("y",)),
        ("es", ("", "e")),
        ("s", ("",)),
        ("ed", ("", "e")),
        ("ing", ("", "e")),
    ):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            candidates |= {lower[: -len(suffix)] + r for r in replacements}
    return any(c in words for c in candidates)


def topic_label(label: str, state: DocumentState) -> bool:
    """A headline's label that names a topic or a place, not a speaker (`Middle East Crisis: ...`,
    `Israel-Hamas Latest: ...`, `Gaza: ...`, `...: Morning Rundown`): it ends in a common word that
    is no title or speaker noun, and is no country or organisation of the tables, or it is a place
    with no government."""
    words = [w.strip(".,'’\"") for w in label.split()]
    words = [w for w in words if w]
    if not words:
        return False
    if label.strip().lower() in PLACES:
        return True
    if country_of(label) or organisation_of(label):
        return False
    lowers = {w.lower() for w in words}
    if lowers & (PERSON_TITLES | TITLE_WORDS | SPEAKER_NOUNS | {"pm", "fm"}) or not state.common:
        return False  # `address by the President of Ukraine`, `UK PM`, `Hamas official`
    if country_of(words[-1]) or organisation_of(words[-1]) or translit_fold(words[-1]) in GUIDELINE_PEOPLE:
        return False  # `...: Putin` (a surname WordNet lists as a word)
    common = [common_word(w.lower().split("-")[-1], state.common) for w in words]
    # a person the recogniser found is a speaker, unless every word of the label is a common word
    # (`Morning Rundown`); a name's first word is rarely one (`Donald Trump`)
    return common[-1] and (translit_fold(words[-1]) not in state.people or all(common))


@dataclass(frozen=True)
class Holder:
    """Who holds the stance of one sentence.

    `holder`: the normalised name (`Volodymyr Zelensky`, `Russia`, `NATO`), or `author`;
    `surface`: the words of the text that name it (`Mr Zelenskyy`, `the Kremlin`, `he`; "" for
    author); `holder_type`: person, organisation, country or author; `form`: direct, indirect,
    actor or author (how the sentence attributes the position).
    """

    holder: str
    surface: str
    holder_type: str
    form: str


AUTHOR_HOLDER = Holder(AUTHOR, "", AUTHOR, AUTHOR)


@dataclass
class Person:
    name: str  # the fullest form in the document
    titles: list[tuple[str, frozenset]] = field(default_factory=list)  # (title noun, modifiers)
    mentions: int = 0


class DocumentState:
    """What the sentences so far of one document tell: people, titles, the last speaker."""

    def __init__(self, people: dict[str, Person], common: frozenset = frozenset()):
        self.people = people  # folded surname -> person
        self.common = common  # the pipeline's common words (`wordnet_words`), which a name is not
        self.recent_people: list[str] = []  # surname keys, most recent last
        self.recent_bodies: list[Holder] = []  # organisations and countries, most recent last
        self.last_speaker: Holder | None = None
        self.last_speaker_at = -10
        self.turn: Holder | None = None
        self.turn_firm = False  # the turn's speaker holds its reported speech too (a named speaker)
        self.interview: tuple[Holder, Holder] | None = None  # (the one interviewed, the outlet)
        self.principal: Person | None = None  # who a readout is about (`Vladimir Putin had a telephone ...`)
        self.position = 0
        self.docs: list = []
        self.groups: list[int | None] = []  # the quotation (over several sentences) each sentence is in
        self.quote_group: int | None = None
        self.quote_speaker: dict[int, Holder] = {}
        self.own_country: str | None = None  # the country whose head of state's own speech this is
        self.own_title: int | None = (
            None  # the sentence that titles it so (`... - address by the President of Ukraine`)
        )
        self.outlets: dict[str, str] = {}  # a journalist's folded surname -> the outlet they ask for
        self.listing: Holder | None = None  # who announced the list the sentences now run through


def recent_person(state: DocumentState) -> Holder | None:
    """The speaker of the last few sentences, else the person the document named last."""
    if state.last_speaker is not None and state.position - state.last_speaker_at <= 6:
        return state.last_speaker
    if state.recent_people:
        person = state.people[state.recent_people[-1]]
        return Holder(person.name, person.name, "person", "direct")
    return state.last_speaker


def with_form(holder: Holder, form: str) -> Holder:
    return Holder(holder.holder, holder.surface, holder.holder_type, form)


def pronoun(lower: str, surface: str, state: DocumentState, form: str) -> Holder | None:
    if lower in ("he", "she", "him", "her"):
        if state.last_speaker is not None and state.position - state.last_speaker_at <= 1:
            return Holder(state.last_speaker.holder, surface, "person", form)
        if state.recent_people:
            return Holder(state.people[state.recent_people[-1]].name, surface, "person", form)
        if state.last_speaker is not None:
            return Holder(state.last_speaker.holder, surface, "person", form)
        return Holder(lower, surface, "person", form) if form != "actor" else None
    if lower in ("they", "them") and state.recent_bodies:
        body = state.recent_bodies[-1]
        return Holder(body.holder, surface, body.holder_type, form)
    return None  # I, we, it: the document's own voice


def by_title(state: DocumentState, title: str, modifiers: set) -> Person | None:
    """The person a title stands for: the office holder of the modifiers' country the document names
    (`the President of Russia`), else the most recently named person whose learnt titles include
    `title` with these modifiers; a bare `the President` or `the Head of State` is the office holder
    the document names most, else the most recent person with that learnt title."""
    wanted = {m for m in modifiers if m not in ("the", "state")}
    offices = [OFFICE_HOLDERS.get((title, m)) for m in wanted]
    offices += [k for m in wanted for k in SHARED_OFFICES.get((title, m), ())]
    offices = [o for o in offices if o in state.people]
    if offices:
        return state.people[offices[0]]
    if not wanted and title in SINGULAR_TITLES:
        named = [p for k, p in state.people.items() if k in _OFFICE_KEYS]
        if named:
            return max(named, key=lambda p: p.mentions)
    for key in reversed(state.recent_people):
        person = state.people[key]
        for noun, mods in person.titles:
            if noun == title and wanted <= mods:
                return person
    for person in state.people.values():  # named later in the document
        for noun, mods in person.titles:
            if noun == title and wanted <= mods:
                return person
    if not any(country_of(m) for m in wanted):  # `the head of the President's Office`: the title alone
        for key in reversed(state.recent_people):
            if any(noun == title for noun, _ in state.people[key].titles):
                return state.people[key]
    return None


def untitled_person(state: DocumentState, title: str) -> Person | None:
    """For a definite title no learnt title matches (`The Naftogaz CEO warns`), the person the
    document names most, of those who hold no other office of the tables (not Vladimir Putin for
    `the CEO`); None when it names none."""
    offices = [
        *((t, k) for (t, _), k in OFFICE_HOLDERS.items()),
        *((t, k) for (t, _), ks in SHARED_OFFICES.items() for k in ks),
    ]
    others = {k for t, k in offices if t != title} - {k for t, k in offices if t == title}
    free = [p for k, p in state.people.items() if k not in others]
    return max(free, key=lambda p: p.mentions) if free else None


def title_modifier(span) -> bool:
    """A PERSON span that is the modifier of a title in lower case after it (`The MI6 chief`,
    `Naftogaz CEO`): the recogniser took an organisation for a person."""
    doc = span.doc
    if span.end >= len(doc) or translit_fold(span[-1].text) in _KNOWN_SURNAMES:
        return False
    after = doc[span.end]
    return after.lower_ in PERSON_TITLES and (after.text.islower() or after.text.isupper() and len(after.text) <= 3)


def principal(docs, people: dict[str, Person]) -> Person | None:
    """The person a readout is about: the first one named as the subject at the start of a
    sentence (`Vladimir Putin had a telephone conversation with ...`, `President of Ukraine
    Volodymyr Zelenskyy met ...`), read from the words before the name."""
    for doc in docs[:4]:
        if doc is None:
            continue
        for span in doc.ents:
            last = translit_fold(span[-1].text)
            if span.label_ != "PERSON" and not (span.label_ == "ORG" and last in people and len(span) > 1):
                continue  # `Ukraine Volodymyr Zelenskyy` is often an ORG to the recogniser
            before = doc[: span.start]
            if all(
                t.lower_ in PERSON_TITLES
                or t.lower_ in TITLE_WORDS
                or t.ent_type_ in ("GPE", "NORP")
                or t.lower_ in ("of", "the")
                and t.i > 0  # `President of Ukraine Volodymyr Zelenskyy met ...`
                for t in before
            ):
                name = strip_name(span.text)
                key = translit_fold(name.split()[-1]) if name else ""
                if (
                    key in people
                    and span.end < len(doc)
                    and doc[span.end].pos_ in ("VERB", "AUX", "")
                    and (doc[span.end].text[:1].islower())
                ):
                    return people[key]
            break
    return None


def named_people(docs, common: frozenset = frozenset()) -> dict[str, Person]:
    """Every person the document names, by folded surname, with the fullest name and the titles it
    gives them (`Ukrainian President Volodymyr Zelensky`; `Dmitry Peskov, the Kremlin spokesman`).
    With the pipeline's `common` words, an organisation ending in two capitalised words that are
    no common words is a person the recogniser mislabelled (`the Security Council Oleksiy Danilov`)."""
    people: dict[str, Person] = {}
    places = _places(docs)
    for doc in docs:
        if doc is None:
            continue
        for span in doc.ents:
            label = span.label_
            if label == "ORG" and common and _person_in_organisation(span, common):
                span, label = span[-2:], "PERSON"
            if label == "PERSON" and title_modifier(span):
                continue
            name = strip_name(span.text)
            if not name or not any(ch.isalpha() for ch in name):
                continue
            if span.start > 0 and doc[span.start - 1].lower_ == "of" and len(name.split()) >= 3:
                name = " ".join(name.split()[1:])  # the recogniser took the country into the name
            words = name.split()
            name = " ".join(w for i, w in enumerate(words) if w not in words[:i])  # `Karl Brenner Brenner`
            key = translit_fold(name.split()[-1])
            if country_of(name.split()[-1]) or organisation_of(name.split()[-1]):
                continue  # `Helping Ukraine` taken for a person
            if len(name.split()) == 1 and (name.lower() in PERSON_TITLES or name.lower() in TITLE_WORDS):
                continue  # `the Adviser` tagged PERSON is a title, not a name
            if len(name.split()) == 1 and key in places and key not in _KNOWN_SURNAMES:
                continue  # `Luhansk`, a place elsewhere in the document, taken for a person here
            if label != "PERSON" and key not in _KNOWN_SURNAMES:  # `Zelenskyy` is often an ORG
                continue
            person = people.setdefault(key, Person(name))
            person.mentions += 1
            if len(name.split()) > len(person.name.split()):
                person.name = name
            person.titles.extend(_titles(span))
    return people


def _person_in_organisation(span, common: frozenset) -> bool:
    words = list(span[-2:])
    return (
        len(words) == 2
        and all(w.text[:1].isupper() and w.text[1:].islower() and w.lower_ not in common for w in words)
        and not any(country_of(w.text) or organisation_of(w.text) for w in words)
    )


def _places(docs) -> set[str]:
    """The folded words of the places the document names (GPE, LOC; `the Donetsk and Luhansk
    regions`, whose names the recogniser sometimes takes for people)."""
    out = set()
    for doc in docs:
        for token in doc or ():
            if token.ent_type_ in ("GPE", "LOC") or token.lower_ in ("region", "regions", "oblast") and token.i > 0:
                if token.ent_type_:
                    out.add(translit_fold(token.text))
                else:  # `the Luhansk region`: the word before
                    out.add(translit_fold(token.nbor(-1).text))
    return out


def _titles(span) -> list[tuple[str, frozenset]]:
    """Titles written beside a name, read from the tokens (no parse needed)."""
    doc, out = span.doc, []

    def read(tokens):
        nouns, mods, after_of = [], set(), False
        for t in tokens:
            lower = t.lower_
            if lower in ("of", "to"):  # `Head of the Office`, `Adviser to the Head`
                after_of = bool(nouns)
            if lower in PERSON_TITLES:
                if after_of:  # `Head of the Office of the President`: the head noun comes before `of`
                    mods.add(lower)
                    continue
                nouns.append(lower)
            elif country_of(t.text) or organisation_of(t.text):
                mods.add(country_of(t.text) or organisation_of(t.text))
            elif lower in ("foreign", "prime", "defence", "defense", "vice", "deputy", "press", "chief", "top"):
                mods.add(lower)
        mods |= set(nouns[:-1])
        return [(nouns[-1], frozenset(mods))] if nouns else []

    before = []
    for t in reversed(doc[max(0, span.start - 8) : span.start]):
        if (
            t.lower_ in PERSON_TITLES
            or t.lower_ in ("of", "the", "to")
            and before
            and before[-1].lower_ not in ("of", "to")
            and before[-1].lower_ != t.lower_  # `Head of the Office of the President of Ukraine`
            or t.ent_type_ in ("GPE", "NORP", "ORG")
            or country_of(t.text)  # `of Belarus` the recogniser missed
            or t.text in ("'s", "’s")
            or (t.lower_ in ("foreign", "prime", "defence", "defense", "vice", "deputy", "press", "chief", "top"))
            or t.lower_ == "affairs"
            and before  # `Minister of Foreign Affairs of Belarus`
        ):
            before.append(t)
        else:
            break
    while before and before[-1].lower_ in ("of", "the", "to"):
        before.pop()
    out += read(reversed(before))
    if span.end < len(doc) and doc[span.end].text == ",":
        after = []
        for t in doc[span.end + 1 : span.end + 8]:
            if t.text in (",", ".", ";") or t.pos_ == "VERB":
                break
            after.append(t)
        out += read(after)
    return out


def remember(doc, state: DocumentState) -> None:
    """Names of this sentence, for pronouns in the next ones (subjects last, so they win)."""
    people = [e for e in doc.ents if e.label_ == "PERSON" and not title_modifier(e)]
    # the people a quotation names are not the ones a pronoun after it stands for (`"Macron is
    # interested ...," he said`: the speaker)
    if state.quote_group is not None and not any(ch in doc.text for ch in '"“”«»„'):
        return
    inside = quoted_ranges(doc.text, open_ends=True)
    people = [e for e in people if not any(a <= e.start_char < b for a, b in inside)]
    if not people:
        return
    ordered = sorted(people, key=lambda e: (e.root.dep_ in ("nsubj", "nsubjpass"), -e.start))
    for span in ordered:
        name = strip_name(span.text)
        if name:
            key = translit_fold(name.split()[-1])
            if key in state.people:
                if key in state.recent_people:
                    state.recent_people.remove(key)
                state.recent_people.append(key)


def quoted_ranges(text: str, open_ends: bool = False) -> list[tuple[int, int]]:
    """Character ranges inside quote marks (curly pairs, or straight ones taken in pairs). With
    `open_ends`, also the part of a quotation over several sentences that this sentence holds: up to
    a closing mark with no opening one (`... before," he said.`), and from an opening mark that
    nothing closes to the end (`"When Ukraine says ...`)."""
    out, start = [], None
    for i, ch in enumerate(text):
        if ch in "“«" or (ch == '"' and start is None):
            if open_ends and not out and start is None and (ch == '"' and closing_straight(text, i)):
                out.append((0, i))  # the end of a quotation opened in an earlier sentence
                continue
            start = i
        elif (ch in "”»" or ch == '"') and start is not None:
            out.append((start, i))
            start = None
        elif open_ends and ch in "”»" and not out:
            out.append((0, i))
    if open_ends and start is not None:
        out.append((start, len(text)))
    return out


def closing_straight(text: str, i: int) -> bool:
    """A straight quote mark that closes: after a word or punctuation, before a space, a comma,
    a full stop or the end."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ",.;:!?)")
