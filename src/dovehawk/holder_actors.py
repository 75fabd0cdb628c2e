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


def _position_predicate(verb) -> bool:
    """A predicate that reports its subject taking a position (`rejects`, `is ready for`), not an
    obligation put on it (`Russia must seek peace`, `needs to`) nor a description (`Germany is one
    of Ukraine's partners`, `The US is an outlier`)."""
    if verb.lemma_ == "be":
        complements = [c for c in verb.children if c.dep_ in ("acomp", "attr", "prep")]
        return any(c.lower_ in READINESS for c in complements)
    if obliged(verb) or verb.lemma_.lower() in ("need", "have") and any(c.dep_ == "xcomp" for c in verb.children):
        return False
    return True
