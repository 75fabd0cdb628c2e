"""Sentence splitting with character offsets into the original text.

Lines are split first (headlines, datelines and paragraphs end at a line break in news text), then
each line is split by a sentence segmenter. `blingfire` (default; fast, finite-state) and `pysbd`
(rule-based, slower) are supported; `eval/segmentation.py` measures boundary F1 of both.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\n]+")
_MAX_CHARS = 2_000
# Titles and abbreviations after which blingfire may wrongly end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Sen|Rep|Gov|Pres|St|Jr|Sr|Rev|No|Vol|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|vs|etc|e\.g|i\.e)\.|\b[A-Z]\.)$"
)  # a "sentence" longer than this is cut, so one huge line cannot stall a batch


def split_sentences(text: str, method: str = "blingfire") -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of `text`, in order, whitespace trimmed.

    >>> text = "Talks resumed. Mr. Smith said the U.S. agreed.\\nHeadline here"
    >>> [text[a:b] for a, b in split_sentences(text)]
    ['Talks resumed.', 'Mr. Smith said the U.S. agreed.', 'Headline here']
    """
    spans = []
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        for a, b in _split_line(line.group(), method):
            spans.extend(_trim(text, line.start() + a, line.start() + b))
    return spans


def _split_line(line: str, method: str) -> list[tuple[int, int]]:
    if method == "blingfire":
        import blingfire

        _, offsets = blingfire.text_to_sentences_and_offsets(line)
        merged: list[tuple[int, int]] = []
        for a, b in offsets:
            if merged and _ABBREV.search(line[merged[-1][0] : merged[-1][1]]):
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        return merged
    if method == "pysbd":
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
        return [(s.start, s.end) for s in seg.segment(line)]
    raise ValueError(f"unknown sentence splitter {method!r} (use 'blingfire' or 'pysbd')")


def _trim(text: str, start: int, end: int) -> list[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return []
    return [(a, min(a + _MAX_CHARS, end)) for a in range(start, end, _MAX_CHARS)]
