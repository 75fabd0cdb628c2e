"""Sentence-boundary F1 of the splitters against the gold sentences of ukraine_news_2014.

Each article's gold sentences are joined with single spaces (the data set keeps no original
layout); a predicted boundary counts when it falls exactly at the end of a gold sentence. The
hard-wrapped copy wraps each joined article at 70 characters (`textwrap.fill`, as saved by mail and
news tools); its boundaries are matched by the count of non-space characters before them, since
wrapping replaces spaces with newlines.
"""

from __future__ import annotations

import textwrap
import time

from dovehawk.segment import split_sentences
from dovehawk.sources import iter_ukraine

WRAP_WIDTH = 70


def boundary_f1(source_dir=None, methods=("blingfire", "pysbd"), wrapped=True) -> dict:
    """{splitter name: precision, recall, f1, seconds, articles}; with `wrapped`, also each splitter
    on the hard-wrapped copy (named "<splitter>, hard-wrapped at 70")."""
    docs: dict[str, list[str]] = {}
    for row in iter_ukraine(source_dir):
        docs.setdefault(row["doc_id"], []).append(row["text"])
    layouts = {"": lambda text: text}
    if wrapped:
        layouts[f", hard-wrapped at {WRAP_WIDTH}"] = lambda text: textwrap.fill(text, WRAP_WIDTH)
    out = {}
    for suffix, layout in layouts.items():
        for method in methods:
            out[method + suffix] = score(docs.values(), method, layout)
    return out


def score(articles, method: str, layout) -> dict:
    tp = fp = fn = n = 0
    start = time.perf_counter()
    for sentences in articles:
        n += 1
        text = layout(" ".join(sentences))
        gold, ink = set(), 0
        for s in sentences:
            ink += len("".join(s.split()))
            gold.add(ink)
        ink_before = _ink_before(text)
        pred = {ink_before[b] for _, b in split_sentences(text, method)}
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    p, r = tp / (tp + fp), tp / (tp + fn)
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4),
        "seconds": round(time.perf_counter() - start, 2),
        "articles": n,
    }


def _ink_before(text: str) -> list[int]:
    """For each position of `text`, the non-space characters before it: a position that survives wrapping."""
    counts = [0]
    for c in text:
        counts.append(counts[-1] + (not c.isspace()))
    return counts


if __name__ == "__main__":
    for name, m in boundary_f1().items():
        print(name, m)
