"""The label schema: two heads, fixed label order (the order is part of every checkpoint)."""

STANCE_LABELS = ("favor", "against", "neutral", "unrelated")
SENTIMENT_LABELS = ("positive", "negative", "neutral")
HEADS = {"stance": STANCE_LABELS, "sentiment": SENTIMENT_LABELS}
# Stances that mean "the sentence is about negotiation" (salience).
ABOUT_NEGOTIATION = ("favor", "against", "neutral")


def dove_hawk_index(favor: int | float, against: int | float) -> float | None:
    """(favor - against) / (favor + against); None when neither occurs.

    >>> dove_hawk_index(3, 1)
    0.5
    """
    total = favor + against
    return None if total == 0 else (favor - against) / total
