"""`dovehawk corpus`: check the corpus against its sources and print counts, splits and agreement.

Its output is the block that `docs/datasheet.md` quotes between its `corpus-stats` markers
(`--update-datasheet` rewrites it; a test checks that the datasheet matches this output).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from dovehawk.data import DATA_DIR, SPLITS, check_rows, corpus_rows, corpus_version, read_jsonl
from dovehawk.labels import HEADS, SENTIMENT_LABELS, STANCE_LABELS

DATASHEET = Path(__file__).resolve().parents[2] / "docs" / "datasheet.md"
BLOCK = "corpus-stats"


def agreement(data_dir=None) -> dict:
    """Krippendorff's alpha (nominal) and raw agreement of the two annotators, per head and source."""
    import krippendorff
    import numpy as np

    data_dir = Path(data_dir or DATA_DIR)
    a = {r["item_id"]: r for r in read_jsonl(data_dir / "annotations" / "annotator_A.jsonl")}
    b = {r["item_id"]: r for r in read_jsonl(data_dir / "annotations" / "annotator_B.jsonl")}
    out = {}
    for head, labels in HEADS.items():
        for source in ("all", "ukraine", "ruw", "seed"):
            ids = [i for i in a if source == "all" or i.startswith(source)]
            data = np.array([[labels.index(a[i][head]) for i in ids], [labels.index(b[i][head]) for i in ids]])
            alpha = (krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
                     if len(set(data.ravel())) > 1 else float("nan"))
            out[(head, source)] = {"n": len(ids), "alpha": float(alpha),
                                   "agreement": float((data[0] == data[1]).mean())}
        pairs = Counter(tuple(sorted((a[i][head], b[i][head]))) for i in a if a[i][head] != b[i][head])
        out[(head, "confusions")] = pairs.most_common(6)
    news_a, news_b = (data_dir / "annotations" / f"newsmtsc_{who}.jsonl" for who in "AB")
    if news_a.exists() and news_b.exists():  # NewsMTSC sentences about negotiation: stance only
        a = {r["item_id"]: r["stance"] for r in read_jsonl(news_a)}
        b = {r["item_id"]: r["stance"] for r in read_jsonl(news_b)}
        data = np.array([[STANCE_LABELS.index(a[i]) for i in a], [STANCE_LABELS.index(b[i]) for i in a]])
        out[("stance", "newsmtsc")] = {
            "n": len(a), "alpha": float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")),
            "agreement": float((data[0] == data[1]).mean())}
    return out


def table(title: str, rows: list[list], header: list[str]) -> str:
    lines = [f"**{title}**", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def report(source_dir=None, data_dir=None) -> str:
    rows = corpus_rows(source_dir, data_dir)
    problems = check_rows(rows)
    if problems:
        raise ValueError(f"corpus check failed ({len(problems)} problems), first: {problems[0]}")
    stance_rows = [r for r in rows if r["stance"] is not None]
    parts = [f"Corpus version `{corpus_version(data_dir)}`: {len(rows)} rows, {len(stance_rows)} with both "
             f"labels, {len({r['doc_id'] for r in rows})} documents. All checks passed.\n"]
    for head, labels in (("stance", STANCE_LABELS), ("sentiment", SENTIMENT_LABELS)):
        body = []
        for split in SPLITS:
            c = Counter(r[head] for r in rows if r["split"] == split and r[head] is not None)
            body.append([split, *[c[label] for label in labels], sum(c.values())])
        c = Counter(r[head] for r in rows if r[head] is not None)
        body.append(["**total**", *[c[label] for label in labels], sum(c.values())])
        parts.append(table(f"{head} per split", body, ["split", *labels, "total"]))
    sources = sorted({r["source"] for r in rows})
    body = []
    for source in sources:
        c = Counter(r["stance"] for r in rows if r["source"] == source)
        s = Counter(r["split"] for r in rows if r["source"] == source)
        docs = len({r["doc_id"] for r in rows if r["source"] == source})
        words = [len(r["text"].split()) for r in rows if r["source"] == source]
        body.append([source, docs, *[c[label] for label in STANCE_LABELS], c[None],
                     *[s[x] for x in SPLITS], sum(s.values()), f"{sum(words) / len(words):.1f}"])
    parts.append(table("per source (stance counts; splits; mean words per sentence)", body,
                       ["source", "documents", *STANCE_LABELS, "no stance", *SPLITS, "rows", "words"]))
    about = sum(r["stance"] != "unrelated" for r in rows if r["source"] == "ukraine_news_2014")
    news = sum(r["source"] == "ukraine_news_2014" for r in rows)
    parts.append(f"Share of ukraine_news_2014 sentences about negotiation: {about / max(1, news):.1%}.\n")
    adjudication = Counter(r.get("adjudication") for r in rows if r["origin"] == "real" and r["source"] != "newsmtsc")
    parts.append(f"Real-text items where the two annotators agreed on both labels: {adjudication['agreed']}; "
                 f"decided by the adjudicator: {adjudication['adjudicated']}.\n")
    labelled = Counter(r.get("adjudication") for r in rows if r["source"] == "newsmtsc" and r["stance"] is not None)
    if labelled:
        parts.append(f"NewsMTSC sentences about negotiation labelled for stance (train only): "
                     f"{sum(labelled.values())}; annotators agreed on {labelled['agreed']}, the adjudicator decided "
                     f"{labelled['adjudicated']}.\n")
    real = Counter(r["stance"] for r in rows if r["origin"] == "real" and r["stance"] not in (None, "unrelated"))
    parts.append(f"Real-text sentences labelled favor / against / neutral: {sum(real.values())} "
                 f"({real['favor']} / {real['against']} / {real['neutral']}).\n")
    try:
        agree = agreement(data_dir)
    except FileNotFoundError:
        return "\n".join(parts)
    body = []
    for head in HEADS:
        for source in ("all", "ukraine", "ruw", "seed", "newsmtsc"):
            if (head, source) not in agree:
                continue
            m = agree[(head, source)]
            body.append([head, source, m["n"], f"{m['alpha']:.3f}", f"{m['agreement']:.3f}"])
    parts.append(table("agreement of the two independent annotators, before adjudication", body,
                       ["head", "source", "items", "Krippendorff's alpha", "raw agreement"]))
    for head in HEADS:
        pairs = ", ".join(f"{x} vs {y}: {n}" for (x, y), n in agree[(head, "confusions")])
        parts.append(f"Most frequent {head} disagreements: {pairs}.\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dovehawk corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", help="third-party data (default ../shared/data or $DOVEHAWK_DATA)")
    parser.add_argument("--data-dir", help="label files (default: the repo's data/)")
    parser.add_argument("--update-datasheet", action="store_true",
                        help="rewrite the generated block of docs/datasheet.md with this output")
    args = parser.parse_args(argv)
    text = report(args.source_dir, args.data_dir)
    print(text)
    if args.update_datasheet:
        from dovehawk.markdown import update_block

        update_block(DATASHEET, BLOCK, text)
        print(f"updated {DATASHEET}")
    return 0
