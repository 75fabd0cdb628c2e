from dovehawk.language import looks_english
from dovehawk.segment import split_sentences


def test_split_keeps_offsets_titles_and_headlines():
    text = "  GENEVA, March 3 - Talks opened.  Mr. Lavrov met Gen. Smith.\n\nHeadline without a stop\nIt ended."
    spans = split_sentences(text)
    got = [text[a:b] for a, b in spans]
    assert got == ["GENEVA, March 3 - Talks opened.", "Mr. Lavrov met Gen. Smith.", "Headline without a stop",
                   "It ended."]


def test_split_cuts_a_huge_line():
    text = "word " * 10_000
    spans = split_sentences(text)
    assert all(b - a <= 2000 for a, b in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())


def test_split_handles_empty_and_whitespace():
    assert split_sentences("") == [] and split_sentences(" \n\t\n") == []


def test_language_check():
    assert looks_english("The two delegations agreed to meet again in Istanbul next month.")
    assert not looks_english("Die beiden Delegationen vereinbarten, sich im nächsten Monat wieder zu treffen.")
    assert not looks_english("Обе делегации договорились снова встретиться в Стамбуле.")
    assert looks_english("Ceasefire now")  # too short to judge: scored
