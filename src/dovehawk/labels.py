"""The label schema: two heads, fixed label order (the order is part of every checkpoint)."""

STANCE_LABELS = ("favor", "against", "neutral", "unrelated")
SENTIMENT_LABELS = ("positive", "negative", "neutral")
HEADS = {"stance": STANCE_LABELS, "sentiment": SENTIMENT_LABELS}
# Stances that mean "the sentence is about negotiation" (salience).
ABOUT_NEGOTIATION = ("favor", "against", "neutral")
