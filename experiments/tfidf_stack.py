"""A product of experts on real dev: the shipped model's calibrated probabilities times TF-IDF +
logistic regression's (the eval baseline, fitted on train), raised to a weight w (issue 14).

label = argmax(log p_model + w * log p_tfidf). The weight is chosen on one half of the real dev
documents and stories and scored on the other, over five random halvings, so the printed gain is
not the gain of a weight picked on the rows it is scored on. The test split is not read.

    python experiments/tfidf_stack.py [--model model/v1]
"""

from __future__ import annotations

import argparse
import os

import numpy as np

WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="model/v1")
    parser.add_argument("--halvings", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    import dovehawk
    from dovehawk.data import load_corpus
    from dovehawk.labels import HEADS
    from dovehawk.metrics import macro_f1
    from dovehawk.model.context import of_rows

    corpus = load_corpus()
    dev = [r for r in corpus["dev"] if r["origin"] == "real" and r["stance"] is not None]
    model = dovehawk.load_model(args.model, quantize=False)
    logits = model.logits([r["text"] for r in dev], of_rows(dev, model.config.context_window))
    groups = np.array([f"{r['source']}:{r.get('story') or r.get('doc_id') or r['item_id']}" for r in dev])
    registers = sorted({r["register"] for r in dev if r.get("register")})
    print(f"real dev: {len(dev)} rows, model {args.model} (fp32)")
    for (head, labels), lg in zip(HEADS.items(), logits):
        p = np.log(model.config.scaled(head, lg).softmax(-1).numpy())
        train = [r for r in corpus["train"] if r.get(head) is not None]  # as the eval baseline fits it
        tfidf = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
            LogisticRegression(max_iter=2000, class_weight="balanced", random_state=0),
        ).fit([r["text"] for r in train], [labels.index(r[head]) for r in train])
        q = np.log(tfidf.predict_proba([r["text"] for r in dev]))
        gold = np.array([labels.index(r[head]) for r in dev])

        n = len(labels)

        def f1(rows, w, gold=gold, p=p, q=q, n=n):
            return macro_f1(gold[rows], (p[rows] + w * q[rows]).argmax(1), n)

        everything = np.ones(len(dev), bool)
        print(
            f"\n{head}: macro-F1 on all of real dev by weight: "
            + ", ".join(f"{w} {f1(everything, w):.4f}" for w in WEIGHTS)
        )
        rng, gains = np.random.default_rng(0), []
        for _ in range(args.halvings):
            docs = np.unique(groups)
            rng.shuffle(docs)
            half = np.isin(groups, docs[: len(docs) // 2])
            for pick, score in ((half, ~half), (~half, half)):
                best = max(WEIGHTS, key=lambda w: f1(pick, w))
                gains.append(f1(score, best) - f1(score, 0.0))
        print(f"{head}: gain of a weight chosen on the other half: {np.mean(gains):+.4f} (sd {np.std(gains):.4f})")
        if head == "stance":
            for reg in registers:
                rows = np.array([r.get("register") == reg for r in dev])
                print(f"  {reg} ({rows.sum()}): " + ", ".join(f"{w} {f1(rows, w):.4f}" for w in (0.0, 0.2, 0.5)))
                pred = p[rows].argmax(1)
                for k, label in enumerate(labels):  # the model alone: what each gold label is read as
                    read = ", ".join(f"{labels[j]} {np.sum((gold[rows] == k) & (pred == j))}" for j in range(n))
                    print(f"    gold {label} ({np.sum(gold[rows] == k)}): read as {read}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
