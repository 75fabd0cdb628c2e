from dovehawk.language import looks_english
from dovehawk.segment import split_sentences


def test_split_keeps_offsets_titles_and_headlines():
    text = "  GENEVA, March 3 - Talks opened.  Mr. Lavrov met Gen. Smith.\n\nHeadline without a stop\nIt ended."
    spans = split_sentences(text)
    got = [text[a:b] for a, b in spans]
    assert got == [
        "GENEVA, March 3 - Talks opened.",
        "Mr. Lavrov met Gen. Smith.",
        "Headline without a stop",
        "It ended.",
    ]


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


ARTICLE = [  # paragraphs, written for this test
    "Ceasefire talks resume in Geneva",
    "GENEVA, March 3 - Negotiators from both sides met again on Monday after a break of four weeks. "
    "Mr. Lavrov said the talks were serious, and the envoy welcomed the draft plan as a real chance for "
    "peace. Both governments must now return to the table, she said.",
    "The minister rejected any truce while troops remain in the east. A drone strike killed two workers "
    "at a depot near the front line on Sunday night, officials said. The football club won the national cup.",
]


def test_hard_wrapped_text_gives_the_same_sentences():
    import textwrap

    from dovehawk.segment import hard_wrap_width

    plain = "\n\n".join(ARTICLE)
    wrapped = "\n\n".join([ARTICLE[0]] + [textwrap.fill(p, 70) for p in ARTICLE[1:]])
    assert hard_wrap_width(plain) is None and 60 <= hard_wrap_width(wrapped) <= 70
    expected = [plain[a:b] for a, b in split_sentences(plain)]
    assert len(expected) == 7 and expected[0] == "Ceasefire talks resume in Geneva"
    spans = split_sentences(wrapped)
    assert [wrapped[a:b].replace("\n", " ") for a, b in spans] == expected  # offsets index the wrapped text
    assert any("\n" in wrapped[a:b] for a, b in spans)
    crlf = wrapped.replace("\n", "\r\n")
    assert [" ".join(crlf[a:b].split()) for a, b in split_sentences(crlf)] == expected


def test_headline_above_a_wrapped_paragraph_stays_apart():
    import textwrap

    text = ARTICLE[0] + "\n" + textwrap.fill(ARTICLE[1], 64) + "\n" + textwrap.fill(ARTICLE[2], 64)
    got = [" ".join(text[a:b].split()) for a, b in split_sentences(text)]
    assert got[0] == "Ceasefire talks resume in Geneva" and len(got) == 7


def test_lines_that_are_not_wrapped_are_kept():
    from dovehawk.segment import hard_wrap_width

    headlines = "\n".join(
        [
            "Ceasefire talks resume in Geneva",
            "Minister rejects any truce in the east",
            "Drone strike kills two workers at a depot",
            "Football club wins the national cup",
            "Envoy welcomes draft peace plan",
        ]
    )
    assert hard_wrap_width(headlines) is None
    assert len(split_sentences(headlines)) == 5
    full = "\n".join(
        [
            "Mediators bring a bridging plan to both delegations",  # every line looks full
            "Kremlin says it sees no basis for talks with Kyiv now",
            "Envoy to travel to Cairo on Sunday for more talks",
        ]
    )
    assert hard_wrap_width(full) is None
    assert len(split_sentences(full)) == 3
    one_per_line = "\n".join(s for p in ARTICLE for s in [p[a:b] for a, b in split_sentences(p)])
    assert hard_wrap_width(one_per_line) is None


def test_boundary_f1_table_scores_the_hard_wrapped_copy_alike():
    import textwrap

    from dovehawk.eval.segmentation import WRAP_WIDTH, score

    sentences = [[s for p in ARTICLE[1:] for s in (p[a:b] for a, b in split_sentences(p))]]
    plain = score(sentences, "blingfire", lambda text: text)
    wrapped = score(sentences, "blingfire", lambda text: textwrap.fill(text, WRAP_WIDTH))
    assert plain["f1"] == wrapped["f1"] == 1.0
