"""The actors a sentence reports taking a position without a speech verb (`Russia rejects the
plan`, `Kyiv is ready for talks`): the subjects of its main predicates. Internal to
`dovehawk.holders`."""

from __future__ import annotations

from dovehawk.holder_rules import NAMED, obliged


def actors(doc):
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


# the events of a readout of a call or meeting, which take no position (guideline 1.2a: author)
READOUT_VERBS = frozenset({"discuss", "speak", "talk", "converse"})
MEETING_NOUNS = frozenset({"talks", "meeting", "conversation", "consultations"})
# meeting, visiting, travelling and hosting, which take no position either (guideline 1.2b: author)
MEETING_VERBS = frozenset(
    {"meet", "visit", "travel", "host", "chair", "oversee", "arrive", "head", "attend", "receive", "fly", "discuss"}
)
# the sides starting or ending a round of talks together (`US and Iran begin talks`, `Armenia and
# Azerbaijan end talks in Geneva`): the news of the talks, as a meeting (guideline 1.2b); one side
# alone deciding to (`Armenia resumes talks with Azerbaijan`) takes a position
ROUND_VERBS = frozenset({"begin", "start", "resume", "end", "open", "conclude", "wrap"})


def meeting(verb) -> bool:
    """`X and Y to meet in Alaska`, `Envoy heads to Cairo`, `X hosts talks`, `X to hold talks with Y`:
    the news of a meeting or a visit, with no position taken (guideline 1.2b)."""
    lemma = verb.lemma_.lower()
    if lemma == "hold":
        return any(c.dep_ == "dobj" and c.lower_ in MEETING_NOUNS | {"summit", "call"} for c in verb.children)
    if lemma in ROUND_VERBS:
        joint = any(c.dep_ == "nsubj" and any(k.dep_ == "conj" for k in c.children) for c in verb.children)
        talks = any(
            c.dep_ == "dobj" and any(t.lower_ in MEETING_NOUNS | {"negotiations"} for t in c.subtree)
            for c in verb.children
        )
        return joint and talks
    return lemma in MEETING_VERBS


def _readout(verb) -> bool:
    """`X and Y discussed ...`, `X held talks with Y during which they discussed ...`: the meeting's
    event, jointly (guideline 1.2a: author). One speaker who `spoke about` a position holds it,
    and `X and Y to hold talks` is news of a plan, not a readout."""
    lemma = verb.lemma_.lower()
    if lemma in READOUT_VERBS:
        return any(c.dep_ == "nsubj" and any(k.dep_ == "conj" for k in c.children) for c in verb.children)
    if lemma == "hold":
        talks = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ in MEETING_NOUNS]
        return any(t.lemma_.lower() == "discuss" for c in talks for t in c.subtree)
    return False


def meeting_news(doc, taking: frozenset) -> bool:
    """The sentence reports a meeting, visit or talks being held and no one speaking or taking a
    position in it (`taking`: the verbs that would: speech, position, directives), as
    `Witkoff and Kushner to meet Putin in Moscow`, `US and Iran hold talks as fears grow`."""
    if not any(meeting(t) for t in doc if t.pos_ in ("VERB", "AUX")) or "according to" in doc.text.lower():
        return False
    words = {t.lemma_.lower() for t in doc} | {t.lower_ for t in doc}  # Title Case tags verbs as nouns
    return not (words - {"continue"}) & taking


def _position_predicate(verb) -> bool:
    """A predicate that reports its subject taking a position (`rejects`, `is ready for`), not an
    obligation put on it (`Russia must seek peace`, `needs to`) nor a description (`Germany is one
    of Ukraine's partners`, `The US is an outlier`)."""
    if verb.lemma_ == "be":
        complements = [c for c in verb.children if c.dep_ in ("acomp", "attr", "prep")]
        return any(c.lower_ in READINESS for c in complements)
    if _readout(verb) or meeting(verb):
        return False
    if obliged(verb) or verb.lemma_.lower() in ("need", "have") and any(c.dep_ == "xcomp" for c in verb.children):
        return False
    return True


# protests and the people in them (`Thousands at a protest call for a ceasefire`, `Protesters demand
# a deal`): the protesters hold the call (guideline 1.2: groups, as the text gives them)
PROTEST_NOUNS = frozenset(
    {"protest", "protester", "protestor", "demonstration", "demonstrator", "rally", "march", "marcher"}
)
PROTEST_CALLS = frozenset({"call", "demand", "urge", "plead", "press"})


def protest(doc):
    """The protest or protesters a sentence reports calling for something (`... call for`,
    `... demand`, `protests for a hostage deal`): the first such noun, else None."""
    nouns = [
        t
        for t in doc
        if t.pos_ in ("NOUN", "PROPN")
        and t.lemma_.lower() in PROTEST_NOUNS
        and t.dep_ != "dobj"  # `killing protesters`
    ]
    if not nouns:
        return None
    if any(t.lemma_.lower() in PROTEST_CALLS or t.lower_ in ("calls", "calling", "demanding") for t in doc):
        return nouns[0]
    return next((t for t in nouns if any(c.dep_ == "prep" and c.lower_ == "for" for c in t.children)), None)
