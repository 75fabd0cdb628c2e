"""Sentence-boundary F1 of the splitters against the gold sentences of ukraine_news_2014.

Each article's gold sentences are joined with single spaces (the data set keeps no original
layout); a predicted boundary counts when it falls exactly at the end of a gold sentence.
"""

from __future__ import annotations

import time

from dovehawk.segment import split_sentences
from dovehawk.sources import iter_ukraine


def boundary_f1(source_dir=None, methods=("blingfire", "pysbd")) -> dict:
    docs: dict[str, list[str]] = {}
    for row in iter_ukraine(source_dir):
        docs.setdefault(row["doc_id"], []).append(row["text"])
    out = {}
    for method in methods:
        tp = fp = fn = 0
        start = time.perf_counter()
        for sentences in docs.values():
            text = " ".join(sentences)
            gold, pos = set(), 0
            for s in sentences:
                pos += len(s)
                gold.add(pos)
                pos += 1
            pred = {b for _, b in split_sentences(text, method)}
            tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
        p, r = tp / (tp + fp), tp / (tp + fn)
        out[method] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4),
                       "seconds": round(time.perf_counter() - start, 2), "articles": len(docs)}
    return out


if __name__ == "__main__":
    for name, m in boundary_f1().items():
        print(name, m)
