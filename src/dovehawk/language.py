"""A cheap English check, so a non-English article is marked unscored instead of labelled wrongly."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
_STOPWORDS = frozenset(
    "the of and to in a is that for on with as was it by be at from are this said has have not but an "
    "or will his their they its were he which been who would after had more also than we talks war".split()
)


def looks_english(text: str, min_words: int = 8, min_latin: float = 0.7, min_stopwords: float = 0.12) -> bool:
    """True unless `text` is clearly not English (too few Latin letters or English function words).

    >>> looks_english("The delegations met in Geneva and agreed to talk again next week.")
    True
    >>> looks_english("Делегации встретились в Женеве и договорились продолжить переговоры.")
    False
    >>> looks_english("Las delegaciones se reunieron en Ginebra y acordaron volver a hablar.")
    False
    """
    words = _WORD.findall(text[:20_000].lower())
    if not words:
        return False
    latin = sum(w.isascii() for w in words) / len(words)
    if latin < min_latin:
        return False
    if len(words) < min_words:
        return True  # too short to judge: score it
    return sum(w in _STOPWORDS for w in words) / len(words) >= min_stopwords
