"""`dovehawk report`: one self-contained HTML file with the summary, plots and highlighted articles.

Every sentence is a `<span class="sent">` with `data-stance` and `data-sentiment` attributes (and the
probabilities in its tooltip), so scripts and tests can read the report; each paragraph of an
article is a `<p class="para">`. No network is needed to open it: styles, script and plots (inline
SVG) are embedded.
"""

from __future__ import annotations

import argparse
import html
import io
import sys
from pathlib import Path

from dovehawk.labelling import ROW_COLUMNS
from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS
from dovehawk.plots import _pyplot, crosstab_figure
from dovehawk.summarize import format_measure, holder_names, iter_articles, summarise

COLOURS = {
    "favor": "#b7e4c7",
    "against": "#f4b6b6",
    "neutral": "#c9d6f2",
    "unrelated": "#f1f1f1",
    "unscored": "#ffffff",
}
MARKERS = {"positive": "+", "negative": "\u2212", "neutral": "\u00b7", "unscored": "?"}

CSS = """
body{font:15px/1.55 Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1,h2,h3{font-family:Helvetica,Arial,sans-serif} table{border-collapse:collapse;font:13px Helvetica,Arial}
td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right} th{background:#f6f6f6}
.sent{padding:.1rem .15rem;border-radius:3px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.sent sup,.swatch sup{font:bold 11px Helvetica,Arial;margin-left:1px}
.sent.dim{opacity:.18} .swatch{padding:.1rem .3rem;border-radius:3px;border:1px solid #bbb}
#filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.5rem 0;font:13px Helvetica}
article{border-top:1px solid #ddd;margin-top:1.5rem} .meta{color:#666;font:12px Helvetica}
@media print{#filters{display:none} .sent.dim{opacity:1} article{break-inside:avoid-page}}
"""
SCRIPT = """
function applyFilters(){
  const st=[...document.querySelectorAll('input[name=stance]:checked')].map(e=>e.value);
  const se=[...document.querySelectorAll('input[name=sentiment]:checked')].map(e=>e.value);
  const hf=document.getElementById('holder-filter'); const ho=hf?hf.value:'';
  document.querySelectorAll('article .sent').forEach(s=>{
    const ok=(st.includes(s.dataset.stance)||s.dataset.stance==='unscored')&&
             (se.includes(s.dataset.sentiment)||s.dataset.sentiment==='unscored')&&
             (!ho||s.dataset.holder===ho);
    s.classList.toggle('dim',!ok);});
  document.getElementById('shown').textContent=document.querySelectorAll('article .sent:not(.dim)').length;
}
document.querySelectorAll('#filters input,#filters select').forEach(e=>e.addEventListener('change',applyFilters));
applyFilters();
"""


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def crosstab_svg(crosstab) -> str:
    plt = _pyplot()
    fig = crosstab_figure(crosstab)
    svg = _svg(fig)
    plt.close(fig)
    return svg


def sentence_html(row: dict, names: dict | None = None) -> str:
    """One sentence; with a holder (`dovehawk label --holders`), `data-holder` (the run's one name
    for it, from `names`) and the holder in the tooltip."""
    scored = _scored(row)
    stance = row["stance"] if scored else "unscored"
    sentiment = row["sentiment"] if scored else "unscored"
    if scored:
        tip = "stance: " + ", ".join(f"{l} {float(row[f'stance_{l}']):.2f}" for l in STANCE_LABELS)
        tip += " | sentiment: " + ", ".join(f"{l} {float(row[f'sentiment_{l}']):.2f}" for l in SENTIMENT_LABELS)
    else:
        tip = "not scored (not English)"
    holder = row.get("holder") or ""
    attribute = ""
    if holder:
        holder = (names or {}).get(holder, holder)
        said = row.get("holder_surface") or ""
        if holder == "author":
            tip += " | holder: author (the outlet's own voice)"
        else:
            tip += f" | holder: {holder} ({row.get('holder_type')}, {row.get('holder_form')}" + (
                f', "{said}")' if said and said != holder else ")"
            )
        attribute = f' data-holder="{html.escape(holder)}"'
    return (
        f'<span class="sent" data-stance="{stance}" data-sentiment="{sentiment}"{attribute} '
        f'style="background:{COLOURS[stance]}" title="{html.escape(tip)}">{html.escape(str(row["text"]))}'
        f"<sup>{MARKERS[sentiment]}</sup></span>"
    )


def _scored(row: dict) -> bool:
    return str(row.get("scored")) in ("True", "true", "1")


def paragraphs(rows: list[dict]) -> list[list[dict]]:
    """The sentences of one article in paragraphs. The labelled rows keep each sentence's offsets but
    not the text between sentences: a gap of two or more characters (a blank line, `\\n\\n`) starts a
    paragraph, a single space or line break does not."""
    out: list[list[dict]] = []
    end = None
    for row in rows:
        try:
            start = int(row["start"])
        except (KeyError, TypeError, ValueError):
            start = None
        if not out or (start is not None and end is not None and start - end >= 2):
            out.append([])
        out[-1].append(row)
        try:
            end = int(row["end"])
        except (KeyError, TypeError, ValueError):
            end = None
    return out


def render(paths: list[str], by: list[str], max_articles: int = 500, title: str = "dovehawk report") -> str:
    table, crosstab = summarise(paths, by, n_boot=300)
    unscored = sum(row["n_unscored_docs"] for row in table)
    parts = [
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title>"
        f"<style>{CSS}</style></head><body><h1>{html.escape(title)}</h1>"
    ]
    parts.append(
        "<h2>Summary</h2><p>Articles: those with at least one scored (English) sentence. "
        "Salience: share of sentences about negotiation. Favor / against: "
        "shares among negotiation sentences. Dove-hawk index: (favor - against) / (favor + against). "
        "Brackets: 95% interval, bootstrap over articles.</p><table><tr>"
    )
    heads = by + [
        "articles",
        "sentences",
        "share_about_negotiation",
        "favor",
        "against",
        "dove-hawk index",
        "mean sentiment",
    ]
    parts.append("".join(f"<th>{html.escape(h)}</th>" for h in heads) + "</tr>")
    for row in table:
        cells = [html.escape(str(row[c])) for c in by] + [str(row["n_articles"]), str(row["n_sentences"])]
        for m in (
            "share_about_negotiation",
            "favor_share_of_about",
            "against_share_of_about",
            "dove_hawk_index",
            "mean_sentiment",
        ):
            cells.append(_cell(row, m))
        parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    parts.append("</table>")
    if unscored:
        parts.append(
            f"<p id=unscored-documents>{unscored} document{'s' if unscored > 1 else ''} with no scored "
            f"sentence (not English) {'are' if unscored > 1 else 'is'} shown below but not counted.</p>"
        )
    parts.append(f"<h2>Stance and sentiment</h2><figure>{crosstab_svg(crosstab)}</figure>")
    names = holder_names(paths)
    holders = holder_table(paths) if names else []
    if holders:
        parts.append(holders_html(holders))
    filters = ["<div id=filters><b>Show stance:</b> "]
    filters += [
        f'<label><input type=checkbox name=stance value="{l}" checked> '
        f'<span class=swatch style="background:{COLOURS[l]}">{l}</span></label> '
        for l in STANCE_LABELS
    ]
    filters.append(" <b>sentiment:</b> ")
    filters += [
        f'<label><input type=checkbox name=sentiment value="{l}" checked> {l} <sup>{MARKERS[l]}</sup></label> '
        for l in SENTIMENT_LABELS
    ]
    filters.append(
        f' &nbsp; <span id=legend-unscored><span class=swatch style="background:{COLOURS["unscored"]}">'
        f"<sup>{MARKERS['unscored']}</sup></span> not scored (not English), always shown</span>"
    )
    if holders:
        options = "".join(
            f'<option value="{html.escape(str(r["holder"]))}">{html.escape(str(r["holder"]))}</option>' for r in holders
        )
        filters.append(f' <b>holder:</b> <select id=holder-filter><option value="">all</option>{options}</select>')
    filters.append(" &nbsp; <span id=shown></span> sentences shown</div>")
    parts.append("<h2>Articles</h2>" + "".join(filters))
    for n, rows in enumerate(iter_articles(paths)):
        if n >= max_articles:
            parts.append(f"<p>Only the first {max_articles} articles are shown (--max-articles).</p>")
            break
        meta = {k: v for k, v in rows[0].items() if k not in ROW_COLUMNS}
        parts.append(
            f'<article data-doc-id="{html.escape(str(rows[0]["doc_id"]))}"><h3>'
            f"{html.escape(str(rows[0]['doc_id']))}</h3><p class=meta>"
            + html.escape(", ".join(f"{k}: {v}" for k, v in meta.items()))
            + "</p>"
            + "".join(
                "<p class=para>" + " ".join(sentence_html(r, names) for r in para) + "</p>" for para in paragraphs(rows)
            )
            + "</article>"
        )
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    return "".join(parts)


def holder_table(paths: list[str], top: int = 25) -> list[dict]:
    """The most quoted holders (most stance-bearing sentences first), with their stance mix and
    dove-hawk index (`dovehawk summarize --by holder`, fewer bootstrap replicates)."""
    table, _ = summarise(paths, ["holder"], n_boot=300)
    return sorted(table, key=lambda r: (-r["n_sentences"], str(r["holder"])))[:top]


def holders_html(table: list[dict]) -> str:
    heads = ["holder", "articles", "sentences", "favor", "against", "neutral", "dove-hawk index"]
    out = [
        "<h2>Who says it</h2><p id=holders-note>The most quoted holders: who holds the stance of "
        "stance-bearing sentences (speaker of a quote, the one reported, else the actor or the "
        "outlet's own voice, <i>author</i>). Shares among that holder's sentences; brackets: 95% "
        "interval, bootstrap over articles.</p><table id=holders><tr>"
        + "".join(f"<th>{h}</th>" for h in heads)
        + "</tr>"
    ]
    for row in table:
        cells = [html.escape(str(row["holder"])), str(row["n_articles"]), str(row["n_sentences"])]
        for m in ("favor_share_of_about", "against_share_of_about", "neutral_share_of_about", "dove_hawk_index"):
            cells.append(_cell(row, m))
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return "".join(out) + "</table>"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", help="dovehawk label output (.jsonl, .csv, .parquet)")
    parser.add_argument("-o", "--output", default="report.html", help="the HTML file to write")
    parser.add_argument("--by", nargs="*", default=[], help="metadata columns for the summary table")
    parser.add_argument("--max-articles", type=int, default=500, help="articles shown in full")
    parser.add_argument("--title", default="dovehawk report", help="title of the page")


def run(args: argparse.Namespace) -> int:
    """Write one self-contained HTML file with the summary, plots and highlighted articles."""
    from dovehawk.io import InputError

    if next(iter_articles(args.inputs), None) is None:
        raise InputError(f"{', '.join(args.inputs)}: no labelled sentences (empty input); nothing to report")
    Path(args.output).write_text(render(args.inputs, args.by, args.max_articles, args.title), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _cell(row: dict, m: str) -> str:
    return format_measure(row, m, interval="[{lo:.2f}, {hi:.2f}]")


def main(argv: list[str] | None = None) -> int:
    from dovehawk.cli import run_command

    return run_command("report", argv)
