"""The holder rules read from a sentence's words rather than its parse, which Title Case and the
telegraphic style of headlines often break: transcript turns (`Peskov: ...`), the speaker named
after a closing quote or a dash (`...," Serhiy Nykyforov said.`, `... - Volodymyr Zelensky`), and
a headline's opening name and verb (`Zelensky Offers Terms ...`). Internal to `dovehawk.holders`."""

from __future__ import annotations

import re

from dovehawk.holder_document import PERSON_TITLES, DocumentState, Holder
from dovehawk.holder_names import GUIDELINE_PEOPLE, TITLE_WORDS, country_of, organisation_of, strip_name, translit_fold
from dovehawk.holder_rules import OFFICES, POSITION_VERBS, SPEECH_VERBS, noun_phrase

_CUE_WORDS = (
    r"said|says|added|adds|noted|notes|stressed|stresses|emphasi[sz]ed|explained|continued|concluded|stated|"
    r"declared|insisted|warned|told|wrote|asked|replied|urged|recalled|underlined|pointed out|is convinced|"
    r"believes|summed up|remarked"
)
_AFTER_QUOTE = re.compile(
    rf"[\"”»]\s*,?\s*(?:(?:{_CUE_WORDS})\s+(?P<who>[^,.;:\"”“]{{1,60}}?)\s*(?:[.,;]|$)|"
    rf"(?P<who2>[^,.;:\"”“]{{1,60}}?)\s+(?:has |had |is |was )?(?:{_CUE_WORDS})\b)"
)
DASH_SPEAKER = re.compile(
    r"(?:\s[-–—]|:|\s-(?=[A-Z]))\s*(?P<who>(?:[A-Z][\w'’.-]*\s*|(?:of|the|by|address|said)\s+){1,10}"
    r"(?:mediators|officials|sources|diplomats|negotiators)?)\.?\s*$"
)


def trailing_speaker(doc, state: DocumentState, patterns=None) -> Holder | None:
    """The speaker named after a closing quote mark (`...," Serhiy Nykyforov said.`) or after a
    dash at the end (`... - Volodymyr Zelensky`), read from the words (no parse needed)."""
    for pattern in patterns or (_AFTER_QUOTE, DASH_SPEAKER):
        match = pattern.search(doc.text)
        if not match:
            continue
        name = "who" if match.group("who") else "who2"
        who, start = match.group(name), match.start(name)
        first = who.split()[0].lstrip("-") if who.split() else ""
        titled = any(w.lower().strip(".") in OFFICES | {"pm"} for w in who.split()[1:])
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


def initial_subject(doc, state: DocumentState, common: frozenset, start: int = 0) -> Holder | None:
    """A headline that opens with a name and a verb of position or speech, read from the words
    (`Zelensky Offers Terms ...`, `Turkey halts trade ...`, `White House Hails Progress`); after a
    speech verb, a second such pair is the innermost holder (`Pakistan Says Iran Confirms ...`).
    `common`: the pipeline's common words (`wordnet_words`), which a name is not."""
    tokens = [t for t in doc[start:]]
    while tokens and (tokens[0].is_punct or tokens[0].lower_ == "that"):
        tokens = tokens[1:]
    name, joined = [], False
    for t in tokens[:7]:
        verb = _HEADLINE_VERBS.get(t.lower_) if not joined else None  # two joined names take a plural verb
        if joined and t.lower_ in _HEADLINE_VERBS:
            return None  # `Rebuffing Biden, Netanyahu Says ...`: the name after the comma speaks
        if verb is None and name and (joined or t.lower_ == "to" and t.i + 1 < len(doc)):
            # `Trump to Host Leaders ...`; `Israel and Hamas Agree ...` (the first named, guideline 1.1)
            base = doc[t.i + 1].lower_ if t.lower_ == "to" else t.lower_
            verb = base if base in _HEADLINE_VERB_LEMMAS else None
            t = doc[t.i + 1] if verb is not None and t.lower_ == "to" else t
        if verb is not None and name:
            break
        if t.lower_ in ("and", ",") and name and not joined:
            joined = True
            continue
        if not (t.text[:1].isupper() or t.text in ("'s", "’s") or t.is_punct and t.text == "."):
            return None
        if not joined:
            name.append(t)
    else:
        return None
    words = [w for w in name if w.text not in ("'s", "’s", ".")]
    if not words or name[-1].text in ("'s", "’s") or any(w.lower_ in TITLE_WORDS for w in words):
        return None
    phrase = doc[name[0].i : name[-1].i + 1].text
    form = "indirect" if verb in SPEECH_VERBS else "actor"
    if verb in SPEECH_VERBS:
        inner = initial_subject(doc, state, common, start=t.i + 1)
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
    if len(words) <= 3 and (label in ("PERSON", "ORG") or not _common_word(words[-1].lower_, common)):
        return Holder(strip_name(phrase), phrase, "person", form)
    return None


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


def _third_person(verb: str) -> list[str]:
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return [verb[:-1] + "ies"]
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return [verb + "es"]
    return [verb + "s"]


_HEADLINE_VERBS = {form: verb for verb in _HEADLINE_VERB_LEMMAS for form in _third_person(verb)}


def wordnet_words(nlp) -> frozenset:
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
        and _common_word(t.lower_, common)
        and not country_of(t.text)
    ]
    return len(plain) >= 2
