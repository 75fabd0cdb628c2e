"""The one context builder: which preceding sentences a sentence is read with.

Training, evaluation and labelling all call these, so a checkpoint's `context_window` means the
same thing everywhere: the context vector of a sentence is the mean of the vectors of its
`window` preceding sentences in the same document (none when the window is 0 or the sentence is
the first). A caller that only has the preceding text as one string passes that string; it counts
as one preceding sentence.
"""

from __future__ import annotations

from collections.abc import Sequence


def preceding(sentences: Sequence[str], window: int) -> list[list[str]]:
    """For each sentence of one document, the up to `window` sentences before it, in order.

    >>> preceding(["a", "b", "c"], 2)
    [[], ['a'], ['a', 'b']]
    >>> preceding(["a", "b"], 0)
    [[], []]
    """
    return [list(sentences[max(0, i - window) : i]) if window else [] for i in range(len(sentences))]


def given(contexts: Sequence[str | Sequence[str] | None] | None, n: int, window: int) -> list[list[str]]:
    """Normalise caller-given contexts (None, a string, or a list of preceding sentences per row) to
    lists of at most `window` preceding sentences; with window 0 every context is dropped.

    >>> given([None, "x", ["p", "q", "r"]], 3, 2)
    [[], ['x'], ['q', 'r']]
    >>> given(["x"], 1, 0)
    [[]]
    """
    contexts = list(contexts) if contexts is not None else [None] * n
    out = []
    for c in contexts:
        items = [c] if isinstance(c, str) else list(c or [])
        items = [t for t in items if t]
        out.append(items[len(items) - window :] if window and items else [])
    return out


def of_rows(rows: Sequence[dict], window: int) -> list[list[str]]:
    """Contexts of corpus rows: the preceding sentences of the same document found among `rows` (by
    `doc_id` and `position`), else the row's own `context` field (the sentence before it).

    >>> rows = [{"doc_id": "d", "position": 0, "text": "a", "context": ""},
    ...         {"doc_id": "d", "position": 1, "text": "b", "context": "a"},
    ...         {"doc_id": "e", "position": 4, "text": "z", "context": "y"}]
    >>> of_rows(rows, 2)
    [[], ['a'], ['y']]
    """
    if not window:
        return [[] for _ in rows]
    by_position = {(r.get("doc_id"), r.get("position")): r["text"] for r in rows}
    out = []
    for r in rows:
        found = []
        position = r.get("position")
        if isinstance(position, int):
            for p in range(position - 1, position - window - 1, -1):
                text = by_position.get((r.get("doc_id"), p))
                if text is None:
                    break
                found.insert(0, text)
        if not found and r.get("context"):
            found = [r["context"]]
        out.append(found)
    return out
