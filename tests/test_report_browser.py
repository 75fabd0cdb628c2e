"""The HTML report in a real browser: headless Chromium (Debian's /usr/bin/chromium) via Playwright.

.ci/run and scripts/setup.sh install Chromium where they may (root with apt-get); without it the
browser tests skip, saying so.
"""

import json
import os
from pathlib import Path

import pytest

from dovehawk.cli import main
from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS

CHROMIUM = os.environ.get("DOVEHAWK_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set DOVEHAWK_CHROMIUM)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def test_report_highlights_and_filters_in_chromium(browser, tiny_checkpoint, tmp_path, capsys):
    src = tmp_path / "c.jsonl"
    texts = [
        "Talks resumed in Geneva. Both sides must return to the table.\n\nA drone hit a depot.",
        "The minister rejected any talks as a trap. The football club won the cup.",
    ]
    src.write_text("".join(json.dumps({"id": f"a{i}", "outlet": "X", "text": t}) + "\n" for i, t in enumerate(texts)))
    labelled, page_path = tmp_path / "l.jsonl", tmp_path / "r.html"
    assert main(["label", str(src), "-o", str(labelled), "--model", str(tiny_checkpoint)]) == 0
    assert main(["report", str(labelled), "-o", str(page_path)]) == 0
    rows = [json.loads(line) for line in labelled.read_text().splitlines()]

    page = browser.new_page()
    page.goto(page_path.as_uri())
    sentences = page.locator(".sent[data-stance][data-sentiment]")
    assert sentences.count() == len(rows) == 5
    assert sentences.evaluate_all("els => els.map(e => e.dataset.stance)") == [r["stance"] for r in rows]
    colours = sentences.evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)")
    by_stance = {}
    for r, c in zip(rows, colours):
        by_stance.setdefault(r["stance"], set()).add(c)
    assert all(len(c) == 1 for c in by_stance.values())  # one colour per stance
    assert len({c.pop() for c in by_stance.values()}) == len(by_stance)  # distinct colours
    first_row = rows[0]
    title = sentences.first.get_attribute("title")
    assert title.startswith(
        "stance: "
        + ", ".join(f"{l} {first_row[f'stance_{l}']:.2f}" for l in STANCE_LABELS)
        + " | sentiment: "
        + ", ".join(f"{l} {first_row[f'sentiment_{l}']:.2f}" for l in SENTIMENT_LABELS)
    )
    assert (f" | holder: {first_row['holder']}" in title) == bool(first_row["holder"])  # who says it, on hover
    swatches = page.locator("#filters label span")
    assert swatches.count() == len(STANCE_LABELS)  # one per stance, in full colour: they must not look disabled
    assert swatches.evaluate_all("els => els.map(e => getComputedStyle(e).opacity)") == ["1"] * len(STANCE_LABELS)
    assert page.locator("#legend-unscored").is_visible() and "not scored" in page.locator("#filters").inner_text()
    blocks = page.locator('article[data-doc-id="a0"] p.para')
    assert blocks.count() == 2
    tops = blocks.evaluate_all("els => els.map(e => [getComputedStyle(e).display, e.getBoundingClientRect().top])")
    assert [d for d, _ in tops] == ["block", "block"] and tops[1][1] > tops[0][1]

    first = rows[0]["stance"]
    page.uncheck(f"input[name=stance][value={first}]")
    hidden = page.locator(f'.sent.dim[data-stance="{first}"]').count()
    assert hidden == sum(r["stance"] == first for r in rows)
    assert page.locator(".sent:not(.dim)").count() == len(rows) - hidden
    assert int(page.locator("#shown").inner_text()) == len(rows) - hidden
    page.emulate_media(media="print")
    assert page.locator("#filters").evaluate("e => getComputedStyle(e).display") == "none"
    page.close()


@pytest.mark.shipped
@pytest.mark.corpus
def test_test_split_report_opens_with_every_sentence_highlighted(browser, tmp_path, capsys):
    from dovehawk.eval.export_test_split import export
    from dovehawk.model import shipped_model_path
    from tests.conftest import SHARED

    if not SHARED.is_dir() or not (shipped_model_path() / "dovehawk_config.json").exists():
        pytest.skip("needs the shared sources and the shipped checkpoint")
    full = tmp_path / "test_corpus.jsonl"
    export(str(full), SHARED)
    docs = [json.loads(line) for line in full.read_text().splitlines()]
    chosen = [d for d in docs if d["source"] == "seed"] + [d for d in docs if d["source"] != "seed"][:20]
    corpus = tmp_path / "small.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in chosen))
    labelled, page_path = tmp_path / "l.jsonl", tmp_path / "r.html"
    assert main(["label", str(corpus), "-o", str(labelled)]) == 0
    assert main(["report", str(labelled), "-o", str(page_path), "--by", "source"]) == 0
    n_rows = len(labelled.read_text().splitlines())
    page = browser.new_page()
    page.goto(page_path.as_uri())
    sentences = page.locator(".sent[data-stance][data-sentiment]")
    assert sentences.count() == n_rows
    colours = sentences.evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)")
    assert all(c not in ("rgba(0, 0, 0, 0)", "transparent") for c in colours)
    assert page.locator('article[data-doc-id="seed"]').count() == 1
    page.close()
