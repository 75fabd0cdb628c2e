"""`dovehawk corpus`: check the corpus against its sources and print counts, splits and agreement.

Its output is the block that `docs/datasheet.md` quotes between its `corpus-stats` markers
(`--update-datasheet` rewrites it; a test checks that the datasheet matches this output).
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from dovehawk.data import (
    SPLITS,
    add_corpus_arguments,
    check_rows,
    corpus_rows,
    corpus_version,
    read_jsonl,
    resolve_data_dir,
)
from dovehawk.labels import ABOUT_NEGOTIATION, HEADS, SENTIMENT_LABELS, STANCE_LABELS
from dovehawk.metrics import macro_f1

CHECKOUT = Path(__file__).resolve().parents[2]
DATASHEET = CHECKOUT / "docs" / "datasheet.md"
BLOCK = "corpus-stats"


# Source groups whose agreement is reported (corpus v1 by source, corpus v2 by register).
GROUPS = {
    "v1: ukraine_news_2014": lambda i: i.startswith("ukraine/"),
    "v1: ruw tweets": lambda i: i.startswith("ruw/"),
    "v1: seed article": lambda i: i.startswith("seed/"),
    "v2: news prose (GDELT, SemEval)": lambda i: i.startswith(("gdelt/", "semeval/")),
    "v2: official statements": lambda i: i.startswith("statements/"),
    "v2: headlines and summaries": lambda i: i.startswith("headlines/") and "fignews" not in i,
    "v2: social posts (FIGNEWS)": lambda i: i.startswith("headlines/fignews"),
}
ALPHA_TARGET = 0.75


def _alpha(x: list[str], y: list[str], labels) -> float:
    import krippendorff
    import numpy as np

    data = np.array([[labels.index(v) for v in x], [labels.index(v) for v in y]])
    if len(set(data.ravel())) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def held_agreement(held: list[dict], folder) -> str:
    """Per stratum of the held-back rows: rows, rows about negotiation, and the two annotators'
    Krippendorff's alpha per head before adjudication (from the pending raw label sets)."""
    raw = {}
    for who in ("A", "B"):
        path = folder / f"v2_annotator_{who}.jsonl"
        if not path.exists():
            return ""
        raw[who] = {r["item_id"]: r for r in read_jsonl(path)}
    by_stratum = defaultdict(list)
    for r in held:
        by_stratum[r.get("stratum") or "?"].append(r)
    lines = []
    for stratum, rows_of in sorted(by_stratum.items()):
        ids = [r["item_id"] for r in rows_of]
        both = [i for i in ids if i in raw["A"] and i in raw["B"]]
        about = sum(r["stance"] != "unrelated" for r in rows_of)
        values = {
            head: _alpha([raw["A"][i][head] for i in both], [raw["B"][i][head] for i in both], labels)
            for head, labels in HEADS.items()
        }
        alphas = ", ".join(f"{head} alpha {v:.3f}" if v == v else f"{head} alpha n/a" for head, v in values.items())
        rows = "row" if len(ids) == 1 else "rows"
        lines.append(f"`{stratum}` {len(ids)} {rows}, {about} about negotiation ({alphas} before adjudication)")
    return "Held back per stratum: " + "; ".join(lines) + ".\n"


def agreement(data_dir=None) -> dict:
    """Krippendorff's alpha (nominal), raw agreement and the top confusions of the two independent
    annotators, per head and source group, before adjudication."""
    data_dir = resolve_data_dir(data_dir)
    a, b = {}, {}
    for prefix in ("", "v2_"):
        for who, store in (("A", a), ("B", b)):
            path = data_dir / "annotations" / f"{prefix}annotator_{who}.jsonl"
            if path.exists():
                store.update({r["item_id"]: r for r in read_jsonl(path)})
    out = {}
    for head, labels in HEADS.items():
        for group, keep in {"all": lambda i: True, **GROUPS}.items():
            ids = [i for i in a if i in b and keep(i)]
            if not ids:
                continue
            x, y = [a[i][head] for i in ids], [b[i][head] for i in ids]
            pairs = Counter(tuple(sorted(p)) for p in zip(x, y) if p[0] != p[1])
            out[(head, group)] = {
                "n": len(ids),
                "alpha": _alpha(x, y, labels),
                "agreement": sum(p == q for p, q in zip(x, y)) / len(ids),
                # the measure the model is scored with, one annotator's labels against the other's
                "macro_f1": macro_f1([labels.index(v) for v in x], [labels.index(v) for v in y], len(labels)),
                "confusions": pairs.most_common(3),
            }
        pairs = Counter(tuple(sorted((a[i][head], b[i][head]))) for i in a if i in b and a[i][head] != b[i][head])
        out[(head, "confusions")] = pairs.most_common(6)
    news_a, news_b = (data_dir / "annotations" / f"newsmtsc_{who}.jsonl" for who in "AB")
    if news_a.exists() and news_b.exists():  # NewsMTSC sentences about negotiation: stance only
        x = {r["item_id"]: r["stance"] for r in read_jsonl(news_a)}
        y = {r["item_id"]: r["stance"] for r in read_jsonl(news_b)}
        ids = list(x)
        out[("stance", "v1: newsmtsc")] = {
            "n": len(ids),
            "alpha": _alpha([x[i] for i in ids], [y[i] for i in ids], STANCE_LABELS),
            "agreement": sum(x[i] == y[i] for i in ids) / len(ids),
            "macro_f1": macro_f1(
                [STANCE_LABELS.index(x[i]) for i in ids], [STANCE_LABELS.index(y[i]) for i in ids], len(STANCE_LABELS)
            ),
            "confusions": [],
        }
    return out


def filter_recall(rows: list[dict], data_dir=None) -> str:
    """How much of what is about negotiation the corpus v2 selection filter finds (datasheet, stratum a).

    Estimated from the labelled random sample of unflagged units (scaled to each source's unflagged
    population) against the labelled flagged units (scaled to the whole flagged pool), and measured
    exactly inside the whole documents, where every sentence is labelled whatever the filter said.
    """
    import json

    data_dir = resolve_data_dir(data_dir)
    sel_path, pop_path = data_dir / "v2" / "selection.jsonl", data_dir / "v2" / "population.json"
    if not sel_path.exists() or not pop_path.exists():
        return ""
    selection = {r["item_id"]: r for r in read_jsonl(sel_path)}
    population = json.loads(pop_path.read_text())
    v2 = [r for r in rows if r["item_id"] in selection]
    if not v2:
        return ""
    about = [r for r in v2 if r["stance"] in ABOUT_NEGOTIATION]
    flagged = [r for r in v2 if r.get("stratum") == "flagged"]
    flagged_about = sum(r["stance"] in ABOUT_NEGOTIATION for r in flagged)
    pool = population["flagged_total"]
    found = 0.0  # per filter tier (strong words, weak words next to a conflict): labelled share x pool
    for tier in ("strong", "weak"):
        tier_pool = sum(r["stratum"] == "flagged" and r["flag"] == tier for r in selection.values())
        rows = [r for r in flagged if selection[r["item_id"]]["flag"] == tier]
        if rows:
            found += sum(r["stance"] in ABOUT_NEGOTIATION for r in rows) / len(rows) * tier_pool
    missed = 0.0
    for source, n_pop in population["unflagged_per_source"].items():
        sample = [r for r in v2 if r.get("stratum") == "random" and r["source"] == source]
        if sample:
            missed += sum(r["stance"] in ABOUT_NEGOTIATION for r in sample) / len(sample) * n_pop
    docs = [r for r in v2 if r.get("stratum") == "document" and r["stance"] in ABOUT_NEGOTIATION]
    in_docs = sum(selection[r["item_id"]]["flag"] is not None for r in docs)
    random_rows = [r for r in v2 if r.get("stratum") == "random"]
    model = _model_part(v2, selection, population, data_dir, found, missed, docs)
    return (
        f"Selection filter (stratum a): {len(flagged)} of the {pool} flagged units are labelled so far, "
        f"{flagged_about} of them about negotiation ({flagged_about / max(1, len(flagged)):.1%}). In the random "
        f"sample of unflagged units ({len(random_rows)} rows), "
        f"{sum(r['stance'] in ABOUT_NEGOTIATION for r in random_rows)} are about negotiation; scaled to the "
        f"unflagged population that is about {missed:.0f} units the filter misses against about {found:.0f} it "
        f"finds: estimated recall {found / max(1e-9, found + missed):.1%}. Inside the whole documents the filter "
        f"flags {in_docs} of the {len(docs)} sentences about negotiation ({in_docs / max(1, len(docs)):.1%}). "
        f"Real v2 rows about negotiation: {len(about)}.{model}\n"
    )


MODEL_THRESHOLD = 0.5  # v1.7's probability that a unit is about negotiation (1 - p(unrelated))


def _model_part(v2, selection, population, data_dir, found, missed, docs) -> str:
    """The second half of the filter: v1.7's score on the units the keywords miss (scores of the
    random sample and the whole documents in data/v2/model_scores.jsonl, by `dovehawk label`'s model)."""
    path = data_dir / "v2" / "model_scores.jsonl"
    if not path.exists():
        return ""
    score = {r["item_id"]: r["p_about"] for r in read_jsonl(path)}
    extra_found = extra_flagged = 0.0
    for source, n_pop in population["unflagged_per_source"].items():
        sample = [r for r in v2 if r.get("stratum") == "random" and r["source"] == source and r["item_id"] in score]
        if sample:
            hit = [r for r in sample if score[r["item_id"]] >= MODEL_THRESHOLD]
            extra_flagged += len(hit) / len(sample) * n_pop
            extra_found += sum(r["stance"] in ABOUT_NEGOTIATION for r in hit) / len(sample) * n_pop
    in_docs = sum(
        selection[r["item_id"]]["flag"] is not None or score.get(r["item_id"], 0) >= MODEL_THRESHOLD for r in docs
    )
    labelled = [r for r in v2 if r.get("stratum") == "model"]
    done = (
        f"{len(labelled)} of them are labelled (stratum `model`), "
        f"{sum(r['stance'] in ABOUT_NEGOTIATION for r in labelled)} of those about negotiation; about "
        f"{max(0.0, extra_flagged - len(labelled)):.0f} not labelled yet"
        if labelled
        else "no model-flagged unit is in the corpus yet; those labelled so far are in the held-back line"
    )
    return (
        f" Keywords or v1.7 (p about negotiation >= {MODEL_THRESHOLD}) together: estimated recall "
        f"{(found + extra_found) / max(1e-9, found + missed):.1%}, at the cost of about {extra_flagged:.0f} "
        f"more units to label ({done}); inside the whole documents "
        f"{in_docs} of {len(docs)} ({in_docs / max(1, len(docs)):.1%})."
    )


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
    parts = [
        f"Corpus version `{corpus_version(data_dir)}`: {len(rows)} rows, {len(stance_rows)} with both "
        f"labels, {len({r['doc_id'] for r in rows})} documents. All checks passed.\n"
    ]
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
        body.append(
            [
                source,
                docs,
                *[c[label] for label in STANCE_LABELS],
                c[None],
                *[s[x] for x in SPLITS],
                sum(s.values()),
                f"{sum(words) / len(words):.1f}",
            ]
        )
    parts.append(
        table(
            "per source (stance counts; splits; mean words per sentence)",
            body,
            ["source", "documents", *STANCE_LABELS, "no stance", *SPLITS, "rows", "words"],
        )
    )
    body = []
    for register in sorted({r["register"] for r in rows if r["origin"] == "real" and r["stance"] is not None}):
        sub = [r for r in rows if r["origin"] == "real" and r["register"] == register and r["stance"] is not None]
        c = Counter(r["stance"] for r in sub)
        s = Counter(r["split"] for r in sub)
        body.append([register, *[c[label] for label in STANCE_LABELS], *[s[x] for x in SPLITS], len(sub)])
    parts.append(
        table("real rows per register (stance counts; splits)", body, ["register", *STANCE_LABELS, *SPLITS, "rows"])
    )
    strata = Counter(r.get("stratum") for r in rows if r.get("stratum"))
    if strata:
        timed = Counter(r["stance"] for r in rows if r.get("time_split"))
        stories = len({r["story"] for r in rows if r.get("story")})
        parts.append(
            f"Corpus v2 strata: {strata['flagged']} flagged by the filter, {strata['document']} in whole "
            f"documents, {strata['random']} in the random sample, {strata['model']} flagged by v1.7 only "
            f"(stratum `model`), {strata['model2']} flagged by a later model only (stratum `model2`); "
            f"{stories} headline stories; time split "
            f"(latest month of each dated headline source, test): {sum(timed.values())} rows, "
            f"{sum(timed[x] for x in ABOUT_NEGOTIATION)} about negotiation.\n"
        )
        later = [r for r in rows if r.get("stratum") == "model2"]
        if later:
            yields = ", ".join(
                f"{reg} {sum(r['stance'] in ABOUT_NEGOTIATION for r in later if r['register'] == reg)} of "
                f"{sum(r['register'] == reg for r in later)}"
                for reg in sorted({r["register"] for r in later})
            )
            parts.append(f"Stratum `model2` rows about negotiation: {yields}.\n")
    about = sum(r["stance"] != "unrelated" for r in rows if r["source"] == "ukraine_news_2014")
    news = sum(r["source"] == "ukraine_news_2014" for r in rows)
    parts.append(f"Share of ukraine_news_2014 sentences about negotiation: {about / max(1, news):.1%}.\n")
    adjudication = Counter(r.get("adjudication") for r in rows if r["origin"] == "real" and r["source"] != "newsmtsc")
    parts.append(
        f"Real-text items where the two annotators agreed on both labels: {adjudication['agreed']}; "
        f"decided by the adjudicator: {adjudication['adjudicated']}.\n"
    )
    labelled = Counter(r.get("adjudication") for r in rows if r["source"] == "newsmtsc" and r["stance"] is not None)
    if labelled:
        parts.append(
            f"NewsMTSC sentences about negotiation labelled for stance (train only): "
            f"{sum(labelled.values())}; annotators agreed on {labelled['agreed']}, the adjudicator decided "
            f"{labelled['adjudicated']}.\n"
        )
    real = Counter(r["stance"] for r in rows if r["origin"] == "real" and r["stance"] not in (None, "unrelated"))
    parts.append(
        f"Real-text sentences labelled favor / against / neutral: {sum(real.values())} "
        f"({real['favor']} / {real['against']} / {real['neutral']}).\n"
    )
    parts.append(targets(rows))
    pending = resolve_data_dir(data_dir) / "v2" / "pending" / "labels_v2.jsonl"
    if pending.exists():
        held = read_jsonl(pending)
        c = Counter(r["stance"] for r in held)
        parts.append(
            f"Labelled but held back (`data/v2/pending/`, not in the corpus: batches kept for a later release, "
            f"and rows that would join labelled stories of different splits): {len(held)} rows "
            f"({c['favor']} favor, {c['against']} against, {c['neutral']} neutral, {c['unrelated']} unrelated).\n"
        )
        rounds = held_agreement(held, pending.parent)
        if rounds:
            parts.append(rounds)
    recall = filter_recall(rows, data_dir)
    if recall:
        parts.append(recall)
    try:
        agree = agreement(data_dir)
    except FileNotFoundError:
        return "\n".join(parts)
    body = []
    for head in HEADS:
        for group in ("all", *GROUPS, "v1: newsmtsc"):
            if (head, group) not in agree:
                continue
            m = agree[(head, group)]
            conf = "; ".join(f"{x} / {y} {n}" for (x, y), n in m["confusions"])
            body.append(
                [head, group, m["n"], f"{m['alpha']:.3f}", f"{m['agreement']:.3f}", f"{m['macro_f1']:.3f}", conf or "-"]
            )
    parts.append(
        table(
            "agreement of the two independent annotators, before adjudication",
            body,
            [
                "head",
                "source group",
                "items",
                "Krippendorff's alpha",
                "raw agreement",
                "macro-F1, A vs B",
                "top confusions",
            ],
        )
    )
    low = [
        f"{g} ({agree[('stance', g)]['alpha']:.3f})"
        for g in GROUPS
        if ("stance", g) in agree and g.startswith("v2") and not agree[("stance", g)]["alpha"] >= ALPHA_TARGET
    ]
    parts.append(
        f"Stance alpha of every v2 source group >= {ALPHA_TARGET}: "
        f"{'met' if not low else 'MISSED for ' + ', '.join(low)}.\n"
    )
    return "\n".join(parts)


def targets(rows: list[dict]) -> str:
    """The corpus v2 targets (issue 14), checked on the real rows."""
    real = [r for r in rows if r["origin"] == "real" and r["stance"] is not None]
    about = [r for r in real if r["stance"] in ABOUT_NEGOTIATION]
    against = sum(r["stance"] == "against" for r in real)
    checks = [
        (f"real rows with both labels {len(real)} (target 10000)", len(real) >= 10000),
        (f"real favor / against / neutral rows {len(about)} (target 4000)", len(about) >= 4000),
        (f"real against rows {against} (target 800)", against >= 800),
    ]
    return "Corpus targets: " + "; ".join(f"{t}: {'met' if ok else 'MISSED'}" for t, ok in checks) + ".\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_corpus_arguments(parser)
    parser.add_argument(
        "--update-datasheet",
        action="store_true",
        help="rewrite the generated block of docs/datasheet.md with this output",
    )


def run(args: argparse.Namespace) -> int:
    """Check the corpus against its sources and print counts, splits and agreement."""
    text = report(args.source_dir, args.data_dir)
    print(text)
    if args.update_datasheet:
        from dovehawk.markdown import update_block

        if not DATASHEET.exists():
            raise ValueError(f"--update-datasheet needs a dovehawk checkout ({DATASHEET} not found)")
        update_block(DATASHEET, BLOCK, text)
        print(f"updated {DATASHEET}")
    return 0


def main(argv: list[str] | None = None) -> int:
    from dovehawk.cli import run_command

    return run_command("corpus", argv)
