"""Baselines a researcher would otherwise use, each returning predicted label indices per head.

- majority class (of train);
- a keyword dictionary (hand-written cue lists; no training);
- TF-IDF + logistic regression (trained on train);
- VADER (sentiment only; compound score thresholds of its authors, +-0.05);
- SetFit on the same base encoder (few-shot: a class-balanced sample of train).
"""

from __future__ import annotations

import random
import re
from collections import Counter

from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS

NEGOTIATION = re.compile(
    r"\b(talks?|negotiat\w*|ceasefire|cease-fire|truce|peace\w*|diplomac\w*|diplomat\w*|mediat\w*|"
    r"dialogue|settlement|accord|agreement|deal|compromise|armistice|summit|envoy)\b",
    re.I,
)
FAVOR = re.compile(
    r"\b(urge[sd]?|call(?:s|ed)? for|ready to|willing|welcome[sd]?|support(?:s|ed)?|hope|must|should|"
    r"only way|breakthrough|promising|opportunit\w*|chance|return to the table|de-?escalat\w*)\b",
    re.I,
)
AGAINST = re.compile(
    r"\b(reject\w*|refus\w*|rule[sd]? out|no talks|never|trap|appeasement|capitulat\w*|surrender|"
    r"betray\w*|futile|pointless|sham|so-called|victory|won't|will not|cannot)\b",
    re.I,
)
POSITIVE = re.compile(
    r"\b(hope\w*|success\w*|welcome\w*|progress|breakthrough|relief|praise\w*|agree\w*|peace\w*|"
    r"constructive|positive|win\w*|good|great|celebrat\w*|safe|calm)\b",
    re.I,
)
NEGATIVE = re.compile(
    r"\b(kill\w*|dead|death\w*|attack\w*|strike\w*|war|fail\w*|collaps\w*|blame\w*|condemn\w*|threat\w*|"
    r"fear\w*|destroy\w*|shell\w*|bomb\w*|violence|crisis|wounded|injur\w*|loss\w*|terror\w*|accus\w*)\b",
    re.I,
)


def majority(train_labels: list[int], n: int) -> list[int]:
    return [Counter(train_labels).most_common(1)[0][0]] * n


def dictionary_stance(texts: list[str]) -> list[int]:
    out = []
    for t in texts:
        if not NEGOTIATION.search(t):
            out.append(STANCE_LABELS.index("unrelated"))
            continue
        f, a = len(FAVOR.findall(t)), len(AGAINST.findall(t))
        out.append(STANCE_LABELS.index("favor" if f > a else "against" if a > f else "neutral"))
    return out


def dictionary_sentiment(texts: list[str]) -> list[int]:
    out = []
    for t in texts:
        p, n = len(POSITIVE.findall(t)), len(NEGATIVE.findall(t))
        out.append(SENTIMENT_LABELS.index("positive" if p > n else "negative" if n > p else "neutral"))
    return out


def tfidf_logreg(train_texts, train_labels, test_texts, seed: int = 0) -> list[int]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    clf = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(max_iter=2000, class_weight="balanced", random_state=seed),
    )
    clf.fit(train_texts, train_labels)
    return clf.predict(test_texts).tolist()


def vader_sentiment(texts: list[str]) -> list[int]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    out = []
    for t in texts:
        c = analyzer.polarity_scores(t)["compound"]
        out.append(SENTIMENT_LABELS.index("positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral"))
    return out


def setfit_predict(
    base_model: str, train_texts, train_labels, test_texts, per_class: int = 32, iterations: int = 10, seed: int = 0
) -> list[int]:
    """SetFit (contrastive fine-tuning + logistic head) on `per_class` examples per class."""
    from datasets import Dataset
    from setfit import SetFitModel, Trainer, TrainingArguments

    rng = random.Random(seed)
    by_class: dict[int, list[int]] = {}
    for i, y in enumerate(train_labels):
        by_class.setdefault(y, []).append(i)
    chosen = [i for ids in by_class.values() for i in rng.sample(ids, min(per_class, len(ids)))]
    data = Dataset.from_dict({"text": [train_texts[i] for i in chosen], "label": [train_labels[i] for i in chosen]})
    import tempfile

    model = SetFitModel.from_pretrained(base_model)
    with tempfile.TemporaryDirectory() as scratch:  # SetFit's trainer writes checkpoints to its output_dir
        args = TrainingArguments(
            output_dir=scratch, batch_size=16, num_epochs=1, num_iterations=iterations, seed=seed, save_strategy="no"
        )
        Trainer(model=model, args=args, train_dataset=data).train()
    return [int(p) for p in model.predict(test_texts)]
