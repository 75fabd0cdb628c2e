"""A learned ranker over candidate holders against the hand rules, on the train gold only (issue 16).

For every gold train sentence the rules run as `dovehawk label --holders` runs them; beside their
answer, every noun, proper noun or pronoun of the sentence that the rules' own name reader turns
into a holder is a candidate, with `author`. A logistic regression scores each candidate from its
features (the rules' answer and form, the candidate's dependency role, entity label, head verb,
position, the sentence's register, quotes, transcript turn) and the best-scored candidate is the
prediction. Five folds by document over train; dev and test are not read.

    python experiments/holder_ranker.py

Prints the rules' accuracy, the oracle (the share of sentences whose gold holder is among the
candidates) and the ranker's cross-validated accuracy for a few regularisation strengths.
"""

from __future__ import annotations

import random

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from dovehawk.eval import holders as H
from dovehawk.holder_names import AUTHOR, same_holder
from dovehawk.holder_rules import SPEECH_VERBS, noun_phrase
from dovehawk.holders import HolderExtractor
from dovehawk.io import read_jsonl

ROLES = {"nsubj", "nsubjpass", "pobj", "dobj", "compound", "poss", "appos", "ROOT", "npadvmod", "conj", "agent"}


class Tracing(HolderExtractor):
    """The rules, recording each stance-bearing sentence's candidates by (document, position)."""

    def __call__(self, documents, stances):
        self.trace, self._d = {}, -1
        return super().__call__(documents, stances)

    def _document(self, docs, labels):
        self._d += 1
        return super()._document(docs, labels)

    def _sentence(self, doc, state):
        rule = super()._sentence(doc, state)
        found = {}
        for t in doc:
            if t.pos_ not in ("PROPN", "NOUN", "PRON") or t.dep_ not in ROLES:
                continue
            try:
                c = noun_phrase(t, doc, state, "actor", groups=True)
            except Exception:  # a parse the rules do not expect: no candidate
                c = None
            if c is not None and c.holder != AUTHOR and c.holder not in found:
                found[c.holder] = {
                    "ctype": c.holder_type,
                    "dep": t.dep_,
                    "ent": t.ent_type_,
                    "cpos": t.pos_,
                    "hdep": t.head.dep_,
                    "hpos": t.head.pos_,
                    "speech": t.head.lemma_.lower() in SPEECH_VERBS,
                    "rel": t.i / max(len(doc), 1),
                }
        self.trace[self._d, state.position] = {
            "rule": rule,
            "cands": found,
            "quoted": any(ch in doc.text for ch in '"“”'),
            "turn": state.turn is not None,
            "qgroup": state.quote_group is not None,
        }
        return rule


def sentences(split: str = "train") -> list[dict]:
    """The gold sentences of `split` with the rules' answer and the candidates."""
    gold = [g for g in read_jsonl(H.DATA / "holders" / "gold.jsonl") if g["split"] == split]
    by_id = {g["item_id"]: g for g in gold}
    names, units, labels = H.gold_documents(gold, H.corpus_stances(H.DATA / "labels_v2.jsonl"))
    extractor = Tracing()
    found = extractor([[u["text"] for u in units[d]] for d in names], labels)
    out = []
    for d, name in enumerate(names):
        for i, u in enumerate(units[name]):
            t = extractor.trace.get((d, i))
            if u["item_id"] in by_id and t is not None:
                # the rules' final answer: the document's checks after the sentence's own rules
                context = units[name][i - 1]["text"] if i else ""
                out.append(
                    {
                        "gold": by_id[u["item_id"]],
                        "doc": name,
                        **t,
                        "rule": found[d][i],
                        "text": u["text"],
                        "previous": context,
                    }
                )
    return out


def candidates(s: dict) -> list[tuple[str, dict]]:
    """(holder, features) for the rules' answer, `author` and each candidate, once per holder."""
    rule = s["rule"]
    register = s["gold"]["register"]
    base = {"reg": register, "quoted": s["quoted"], "turn": s["turn"], "qgroup": s["qgroup"], "rform": rule.form}
    out: list[tuple[str, dict]] = []

    def add(name, kind, extra):
        if not any(same_holder(name, n) and same_holder(n, name) for n, _ in out):
            features = {}
            for k, v in {**base, **extra}.items():  # one-hot for strings, the value for numbers and flags
                features[f"{kind}:{k}={v}" if isinstance(v, str) else f"{kind}:{k}"] = (
                    1.0 if isinstance(v, str) else float(v)
                )
            out.append((name, features))

    add(rule.holder, "rule", {"rtype": rule.holder_type})
    add(AUTHOR, "author", {})
    for k, (name, c) in enumerate(s["cands"].items()):
        add(
            name,
            "cand",
            {**c, "first": k == 0, "k": min(k, 4), "dep_reg": c["dep"] + register, "rform_dep": rule.form + c["dep"]},
        )
    return out


def cross_validated(rows: list[dict], c: float, folds: int = 5, seed: int = 0) -> float:
    """Accuracy of the ranker over `folds` folds by document."""
    docs = sorted({s["doc"] for s in rows})
    random.Random(seed).shuffle(docs)
    fold = {d: i % folds for i, d in enumerate(docs)}
    right = []
    for k in range(folds):
        train = [s for s in rows if fold[s["doc"]] != k]
        X = [f for s in train for _, f in candidates(s)]
        y = [int(same_holder(n, s["gold"]["holder"])) for s in train for n, _ in candidates(s)]
        vec = DictVectorizer()
        model = LogisticRegression(C=c, max_iter=3000).fit(vec.fit_transform(X), y)
        for s in (s for s in rows if fold[s["doc"]] == k):
            cands = candidates(s)
            best = cands[int(np.argmax(model.decision_function(vec.transform([f for _, f in cands]))))][0]
            right.append(same_holder(best, s["gold"]["holder"]))
    return float(np.mean(right))


def main() -> int:
    rows = sentences("train")
    rules = np.mean([same_holder(s["rule"].holder, s["gold"]["holder"]) for s in rows])
    oracle = np.mean([any(same_holder(n, s["gold"]["holder"]) for n, _ in candidates(s)) for s in rows])
    print(f"train gold sentences: {len(rows)}")
    print(f"rules {rules:.3f}; oracle over the candidates {oracle:.3f}")
    for c in (0.1, 1.0, 10.0):
        print(f"ranker, C={c}: {cross_validated(rows, c):.3f} (5 folds by document)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
