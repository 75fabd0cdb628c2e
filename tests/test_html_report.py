"""The HTML report's page content, read without a browser (tests/test_report_browser.py opens it)."""

import json
from html.parser import HTMLParser

import pytest

from dovehawk.cli import main
from dovehawk.html_report import paragraphs

ARTICLES = [  # written for these tests
    (
        "a",
        "Talks resumed in Geneva. Both sides must return to the table.\n\nThe minister rejected any talks.\n\n"
        "A drone hit a depot.",
    ),
    ("b", "Обе делегации договорились снова встретиться в Стамбуле. Переговоры продолжатся в понедельник."),
]


class Page(HTMLParser):
    """Per article: its paragraphs, each a list of sentence texts; plus the table and the filter bar."""

    def __init__(self):
        super().__init__()
        self.articles, self.cells, self.filters, self.stack = {}, [], "", []
        self.doc = self.para = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if tag == "article":
            self.doc = attrs["data-doc-id"]
            self.articles[self.doc] = []
        elif tag == "p" and attrs.get("class") == "para":
            self.articles[self.doc].append([])
        elif tag == "span" and attrs.get("class") == "sent":
            self.articles[self.doc][-1].append("")

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass
        if tag == "article":
            self.doc = None

    def handle_data(self, data):
        tags = [t for t, _ in self.stack]
        if "sup" in tags:
            pass
        elif self.doc is not None and any(t == "span" and a.get("class") == "sent" for t, a in self.stack):
            self.articles[self.doc][-1][-1] += data
        elif "td" in tags:
            self.cells.append(data)
        if any(a.get("id") == "filters" for _, a in self.stack):
            self.filters += data


@pytest.fixture()
def page(tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps({"id": i, "outlet": "X", "text": t}) + "\n" for i, t in ARTICLES))
    labelled, out = tmp_path / "l.jsonl", tmp_path / "r.html"
    assert main(["label", str(src), "-o", str(labelled), "--model", str(tiny_checkpoint)]) == 0
    assert main(["report", str(labelled), "-o", str(out), "--by", "outlet"]) == 0
    capsys.readouterr()
    parser = Page()
    parser.feed(out.read_text())
    return parser


def test_paragraphs_of_an_article_stay_separate_blocks(page):
    assert page.articles["a"] == [
        ["Talks resumed in Geneva.", "Both sides must return to the table."],
        ["The minister rejected any talks."],
        ["A drone hit a depot."],
    ]


def test_unscored_documents_are_not_counted_as_articles(page):
    assert page.cells[:3] == ["X", "1", "4"]  # outlet, articles, sentences
    assert len(page.articles["b"]) == 1 and len(page.articles["b"][0]) == 2  # still shown


def test_the_question_mark_has_a_legend(page):
    assert "? not scored" in " ".join(page.filters.split())


def test_paragraph_breaks_come_from_the_offsets():
    rows = [{"start": 0, "end": 5}, {"start": 6, "end": 9}, {"start": 11, "end": 14}, {"start": "15", "end": "20"}]
    assert [[r["start"] for r in p] for p in paragraphs(rows)] == [[0, 6], [11, "15"]]
