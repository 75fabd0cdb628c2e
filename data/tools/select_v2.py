"""Select the real 2022-2026 text to annotate for corpus v2, and write annotation batches.

Strata (docs/datasheet.md, "Corpus v2: selection"):
  (a) `flagged`: units the recall-oriented keyword filter below flags as possibly about negotiation;
  (b) `document`: whole articles and statements, every sentence;
  (c) `random`: a seeded random sample of the units the filter does not flag, across sources.
Machine-translated GDELT rows are never read (`sources.iter_document_rows`). Exact duplicate texts
(after lower-casing and dropping punctuation) are kept once per source.

Writes `data/v2/selection.jsonl` (item_id, stratum, batch, flag; no text) and, outside the repo, the
batches annotators read: WORK/batches/bNN.txt plus WORK/batches/bNN.ids.json (line -> item_id).

    python data/tools/select_v2.py --work /work/annot_v2
    python data/tools/select_v2.py --work /work/annot_v2 --extend   # batches for the queued flagged units
    python data/tools/select_v2.py --work /work/annot_v2 --model-scores SCORES --statements 1000
        # stratum `model`: article and statement sentences the keywords miss but v1.7 flags
    python data/tools/select_v2.py --work /work/annot_v2 --model-scores SCORES --statements 0 --headlines 3000
        # and a random sample of the headlines the keywords miss but v1.7 flags
    python data/tools/select_v2.py --score-with model/v1 --scores-out SCORES2
        # score every article and statement sentence not selected yet with a later model (v2.3)
    python data/tools/select_v2.py --work /work/annot_v2 --model2-scores SCORES2 --statements 600
        # stratum `model2`: such sentences that keywords and v1.7 both miss but the later model flags
    python data/tools/select_v2.py --score-with model/v1 --scores-out SCORES3   # v2.7, at corpus v2.4
    python data/tools/select_v2.py --work /work/annot_v3 --model3-scores SCORES3 --statements 2000
        # stratum `model3`: sentences in no earlier stratum that v2.7 flags
    python data/tools/select_v2.py --work /work/annot_v3 --model3-scores SCORES3 --statements 3000 \
        --p-min 0.1 --p-max 0.2 --stratum model3b   # the next band of v2.7's score, a second round
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from pathlib import Path

from dovehawk.data import write_jsonl
from dovehawk.sources import iter_document_sentences, iter_headlines

# Words that are about ending an armed conflict by negotiation on their own.
STRONG = re.compile(
    r"\b(cease-?fires?|truces?|armistice|negotiat\w*|peace|mediat\w*|de-?escalat\w*|security guarantees?|"
    r"prisoner (swaps?|exchanges?)|(swap|exchange)s? of prisoners|hostage (deals?|releases?|talks)|"
    r"grain (deal|corridor|initiative)|humanitarian (pause|corridor)s?|minsk|istanbul (talks|communiqu\w+)|"
    r"(talks?|dialogue|agreement|deal|accord|settlement|summit|plan|framework|formula)\b.{0,40}\b"
    r"(war|conflict|fighting|hostilit\w+)|end (the|this) war|end(ing)? the (war|conflict|fighting)|"
    r"stop the (war|killing|fighting))\b",
    re.IGNORECASE,
)
# Words that are about negotiation only next to a conflict.
WEAK = re.compile(
    r"\b(talks?|deals?|agreements?|accords?|settlements?|summits?|dialogue|diploma\w+|envoys?|concessions?|"
    r"pause|compromis\w*|surrender\w*|negotiators?|brokered|broker)\b",
    re.IGNORECASE,
)
CONFLICT = re.compile(
    r"\b(war|wars|conflict|fighting|russia\w*|ukrain\w*|kyiv|kiev|moscow|kremlin|putin|zelensk\w*|gaza|hamas|"
    r"israel\w*|hezbollah|lebanon|iran\w*|houthis?|yemen|sudan\w*|rsf|congo|m23|rwanda|armenia\w*|"
    r"azerbaijan\w*|karabakh|syria\w*|ethiopia\w*|tigray|myanmar|taliban|afghan\w*|hostages?|militants?|"
    r"rebels?|troops|army|military|invasion|occupied|occupation|front ?line|donbas|crimea|donetsk|luhansk|"
    r"zaporizhzhia|kherson|palestin\w*|west bank|netanyahu|sinwar|india|pakistan|kashmir|thailand|cambodia|"
    r"venezuela|nato|kosovo|serbia)\b",
    re.IGNORECASE,
)
# Headline sources that are about a war throughout: a weak word alone flags there.
WAR_SOURCES = frozenset({"cnn_ukraine_live_2022_23", "gaza_2023_24", "fignews_2023_24"})


def flag(text: str, source: str) -> str | None:
    """'strong', 'weak' or None: the written-down selection filter of corpus v2 (stratum a)."""
    if STRONG.search(text):
        return "strong"
    if WEAK.search(text) and (source in WAR_SOURCES or CONFLICT.search(text)):
        return "weak"
    return None


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def select(source_dir=None, n_flagged=6000, n_random=2000, seed=13, doc_quota=None):
    """item_id -> (stratum, flag) plus the unit rows, deterministic for a seed."""
    rng = random.Random(seed)
    doc_quota = doc_quota or {"statements": 50, "gdelt": 60, "semeval": 40}
    units, seen = {}, set()
    for u in list(iter_headlines(source_dir)) + list(iter_document_sentences(source_dir)):
        k = (u["source"], _key(u["text"]))
        if u["register"] == "headline" or u["register"] == "social":
            if k in seen:
                continue
            seen.add(k)
        u["flag"] = flag(u["text"], u["source"])
        units[u["item_id"]] = u
    by_doc = defaultdict(list)
    for u in units.values():
        if u["register"] in ("news", "statement"):
            by_doc[u["doc_id"]].append(u)
    chosen = {}
    # (b) whole documents of 5-25 sentences; four in five with at least one strongly flagged sentence
    for source, quota in doc_quota.items():
        docs = sorted(d for d, us in by_doc.items() if us[0]["source"] == source and 5 <= len(us) <= 25)
        rng.shuffle(docs)
        with_kw = [d for d in docs if any(u["flag"] == "strong" for u in by_doc[d])]
        rest = [d for d in docs if d not in set(with_kw)]
        take = with_kw[: round(quota * 0.8)]
        take += rest[: quota - len(take)]
        for d in take:
            for u in by_doc[d]:
                chosen[u["item_id"]] = "document"
    # (a) flagged units, strong before weak, in a seeded order: the first n_flagged are labelled now
    flagged = [i for i, u in units.items() if u["flag"] and i not in chosen]
    rng.shuffle(flagged)
    flagged.sort(key=lambda i: units[i]["flag"] != "strong")
    for i in flagged[:n_flagged]:
        chosen[i] = "flagged"
    queue = flagged[n_flagged:]
    # (c) random units the filter does not flag, an equal share per source
    by_source = defaultdict(list)
    for i, u in units.items():
        if not u["flag"] and i not in chosen:
            by_source[u["source"]].append(i)
    per = n_random // len(by_source)
    for source in sorted(by_source):
        pool = sorted(by_source[source])
        rng.shuffle(pool)
        for i in pool[:per]:
            chosen[i] = "random"
    return chosen, queue, units, {s: len(v) for s, v in by_source.items()}


def write_batches(chosen, units, work: Path, size=500, seed=13, first=0, order=None):
    """Batches of about `size` rows; whole documents stay in one batch, in sentence order."""
    rng = random.Random(seed)
    groups = defaultdict(list)
    for i, stratum in chosen.items():
        key = units[i]["doc_id"] if stratum == "document" else i
        groups[key].append(i)
    if order is None:
        keys = sorted(groups)
        rng.shuffle(keys)
    else:
        keys = list(order)
    batches, current = [], []
    for k in keys:
        current.extend(sorted(groups[k], key=lambda i: units[i]["position"]))
        if len(current) >= size:
            batches.append(current)
            current = []
    if current:
        batches.append(current)
    (work / "batches").mkdir(parents=True, exist_ok=True)
    batch_of = {}
    for b, ids in enumerate(batches, first):
        lines, id_map, last_doc = [], {}, None
        for n, i in enumerate(ids, 1):
            u = units[i]
            whole = chosen[i] == "document"
            if whole and u["doc_id"] != last_doc:
                lines.append(f"=== DOCUMENT {u['doc_id']} ({u['register']}, {u['date']}): every sentence in order ===")
            elif not whole:
                if last_doc is not None and chosen.get(ids[n - 2]) == "document":
                    lines.append("=== END OF DOCUMENT ===")
                if u["context"]:
                    lines.append(f"    [context, do not label: {u['context']}]")
            last_doc = u["doc_id"] if whole else None
            tag = "" if whole else f"({u['register']}) "
            lines.append(f"{n}\t{tag}{u['text']}")
            id_map[n] = i
            batch_of[i] = f"b{b:02d}"
        (work / "batches" / f"b{b:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (work / "batches" / f"b{b:02d}.ids.json").write_text(json.dumps(id_map), encoding="utf-8")
    return batch_of


def extend(work: Path, data: Path, source_dir=None, size=500) -> None:
    """Batches for the queued flagged units (selection rows with no batch yet), numbered after the last."""
    from dovehawk.data import read_jsonl
    from dovehawk.sources import real_news_texts

    rows = read_jsonl(data / "selection.jsonl")
    queued = [r["item_id"] for r in rows if r["batch"] is None]
    units = real_news_texts(source_dir, queued)
    first = 1 + max(int(r["batch"][1:]) for r in rows if r["batch"])
    chosen = {i: "flagged" for i in queued}
    batch_of = write_batches(chosen, units, work, size=size, first=first, order=queued)
    for r in rows:
        if r["batch"] is None:
            r["batch"] = batch_of[r["item_id"]]
    write_jsonl(data / "selection.jsonl", rows)
    print(f"{len(queued)} queued units in {len(set(batch_of.values()))} new batches from b{first:02d}")


MODEL_THRESHOLD = 0.5  # as corpus_stats.MODEL_THRESHOLD: v1.7's p(about negotiation) = 1 - p(unrelated)


def model_round(
    work: Path, data: Path, scores: Path, n_statements: int, seed: int, source_dir=None, size=500, n_headlines=0
):
    """Stratum `model`: the second half of the filter (datasheet) for documents. Every news-prose
    sentence that the keywords do not flag but v1.7 scores p(about negotiation) >= 0.5, and a seeded
    random sample of `n_statements` such statement sentences; numbered after the last batch. SCORES:
    JSONL of item_id and p_about (v1.7, `dovehawk label` on every unit); the selected units keep
    their score in selection.jsonl. With `n_headlines`, also a seeded random sample of that many
    headlines and summaries that only v1.7 flags, across all headline sources, in shuffled order."""
    from dovehawk.data import read_jsonl
    from dovehawk.sources import real_news_texts

    rows = read_jsonl(data / "selection.jsonl")
    taken = {r["item_id"] for r in rows}
    score = {r["item_id"]: r["p_about"] for r in read_jsonl(scores)}
    pool = sorted(i for i, p in score.items() if p >= MODEL_THRESHOLD and i not in taken)
    units = real_news_texts(source_dir, pool)  # machine-translated rows are never read, so never found
    pool = [i for i in pool if i in units and flag(units[i]["text"], units[i]["source"]) is None]
    headlines = [i for i in pool if i.startswith("headlines/")]
    pool = [i for i in pool if not i.startswith("headlines/")]
    news = [i for i in pool if units[i]["register"] == "news"]
    statements = [i for i in pool if units[i]["register"] == "statement"]
    rng = random.Random(seed)
    rng.shuffle(statements)
    rng.shuffle(headlines)
    chosen_ids = news + statements[:n_statements]
    order = sorted(chosen_ids, key=lambda i: (units[i]["doc_id"], units[i]["position"])) + headlines[:n_headlines]
    first = 1 + max(int(r["batch"][1:]) for r in rows if r["batch"])
    chosen = {i: "model" for i in order}
    batch_of = write_batches(chosen, units, work, size=size, first=first, order=order)
    rows += [{"item_id": i, "stratum": "model", "flag": None, "batch": batch_of[i], "p_about": score[i]} for i in order]
    write_jsonl(data / "selection.jsonl", rows)
    print(
        f"stratum model: {len(news)} news-prose and {len(statements)} statement sentences flagged by v1.7 only; "
        f"selected all news and {min(n_statements, len(statements))} statements in "
        f"{len(set(batch_of.values()))} batches from b{first:02d}"
        + (f"; and {min(n_headlines, len(headlines))} of {len(headlines)} such headlines" if n_headlines else "")
    )


MODEL2_NEWS, MODEL2_STATEMENTS = 0.2, 0.3  # the later model's p(about negotiation) for stratum `model2`


def score_units(model_path: str, out: Path, data: Path, source_dir=None, batch=256) -> None:
    """Score every article and statement sentence that is not in selection.jsonl with a dovehawk
    checkpoint (int8, as `dovehawk label` runs it; context: the preceding sentence)."""
    import torch

    import dovehawk
    from dovehawk.data import read_jsonl

    taken = {r["item_id"] for r in read_jsonl(data / "selection.jsonl")}
    units = [u for u in iter_document_sentences(source_dir) if u["item_id"] not in taken]
    model = dovehawk.load_model(model_path)
    rows = []
    for i in range(0, len(units), batch):
        chunk = units[i : i + batch]
        logits = model.logits([u["text"] for u in chunk], [u["context"] or None for u in chunk])
        p_unrelated = torch.softmax(logits[0], -1)[:, -1].tolist()
        rows += [{"item_id": u["item_id"], "p_about": round(1 - p, 4)} for u, p in zip(chunk, p_unrelated)]
    write_jsonl(out, rows)
    print(f"scored {len(rows)} unselected article and statement sentences with {model.config.version} -> {out}")


def model2_round(
    work: Path, data: Path, scores: Path, v1_scores: Path, n_statements: int, seed: int, source_dir=None, size=500
):
    """Stratum `model2`: article and statement sentences that the keywords do not flag and v1.7 scores
    below 0.5 (so outside strata a and `model`), but a later model (SCORES, `--score-with`) scores
    p(about negotiation) >= 0.2 (news prose: all of them) or >= 0.3 (statements: a seeded random
    sample of `n_statements`). Numbered after the last batch; the units keep both scores."""
    from dovehawk.data import read_jsonl
    from dovehawk.sources import real_news_texts

    rows = read_jsonl(data / "selection.jsonl")
    taken = {r["item_id"] for r in rows}
    score = {r["item_id"]: r["p_about"] for r in read_jsonl(scores)}
    v1 = {r["item_id"]: r["p_about"] for r in read_jsonl(v1_scores)}
    pool = sorted(
        i for i, p in score.items() if p >= MODEL2_NEWS and i not in taken and v1.get(i, 0.0) < MODEL_THRESHOLD
    )
    units = real_news_texts(source_dir, pool)
    pool = [i for i in pool if i in units and flag(units[i]["text"], units[i]["source"]) is None]
    news = [i for i in pool if units[i]["register"] == "news"]
    statements = [i for i in pool if units[i]["register"] == "statement" and score[i] >= MODEL2_STATEMENTS]
    random.Random(seed).shuffle(statements)
    order = sorted(news + statements[:n_statements], key=lambda i: (units[i]["doc_id"], units[i]["position"]))
    first = 1 + max(int(r["batch"][1:]) for r in rows if r["batch"])
    batch_of = write_batches({i: "model2" for i in order}, units, work, size=size, first=first, order=order)
    rows += [
        {
            "item_id": i,
            "stratum": "model2",
            "flag": None,
            "batch": batch_of[i],
            "p_about": v1.get(i),
            "p_about_later": score[i],
        }
        for i in order
    ]
    write_jsonl(data / "selection.jsonl", rows)
    print(
        f"stratum model2: {len(news)} news-prose sentences (later model >= {MODEL2_NEWS}) and {len(statements)} "
        f"statement sentences (>= {MODEL2_STATEMENTS}) missed by keywords and v1.7; selected all news and "
        f"{min(n_statements, len(statements))} statements in {len(set(batch_of.values()))} batches from b{first:02d}"
    )


MODEL3_NEWS = 0.2  # v2.7's p(about negotiation) from which stratum `model3` takes a sentence


def model3_round(
    work: Path,
    data: Path,
    scores: Path,
    n_statements: int,
    seed: int,
    source_dir=None,
    size=500,
    p_min: float = MODEL3_NEWS,
    p_max: float | None = None,
    stratum: str = "model3",
):
    """Stratum `model3`: a third look at the documents, by v2.7. Article and statement sentences in
    no earlier stratum (so the keywords miss them, and neither v1.7's rounds nor v2.3's took them)
    that v2.7 (SCORES, `--score-with`) scores p(about negotiation) >= 0.2: all the news-prose ones,
    and a seeded random sample of `n_statements` statement ones. Numbered after the last batch;
    the units keep the score that chose them (`p_about_v27`). With `p_min`, `p_max` and `stratum`,
    the same for another band of v2.7's score (`model3b`: 0.1 <= p < 0.2, a second round)."""
    from dovehawk.data import read_jsonl
    from dovehawk.sources import real_news_texts

    rows = read_jsonl(data / "selection.jsonl")
    taken = {r["item_id"] for r in rows}
    score = {r["item_id"]: r["p_about"] for r in read_jsonl(scores)}
    pool = sorted(i for i, p in score.items() if p_min <= p and (p_max is None or p < p_max) and i not in taken)
    units = real_news_texts(source_dir, pool)
    pool = [i for i in pool if i in units and flag(units[i]["text"], units[i]["source"]) is None]
    news = [i for i in pool if units[i]["register"] == "news"]
    statements = [i for i in pool if units[i]["register"] == "statement"]
    random.Random(seed).shuffle(statements)
    order = sorted(news + statements[:n_statements], key=lambda i: (units[i]["doc_id"], units[i]["position"]))
    first = 1 + max(int(r["batch"][1:]) for r in rows if r["batch"])
    batch_of = write_batches({i: stratum for i in order}, units, work, size=size, first=first, order=order)
    rows += [
        {"item_id": i, "stratum": stratum, "flag": None, "batch": batch_of[i], "p_about_v27": score[i]} for i in order
    ]
    write_jsonl(data / "selection.jsonl", rows)
    print(
        f"stratum {stratum}: {len(news)} news-prose and {len(statements)} statement sentences in no earlier "
        f"stratum with v2.7's p(about negotiation) >= {p_min}"
        + (f" and < {p_max}" if p_max is not None else "")
        + "; selected all news and "
        f"{min(n_statements, len(statements))} statements in {len(set(batch_of.values()))} batches from b{first:02d}"
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", default="/tmp/annot_v2", help="folder for the batches (outside the repo)")
    parser.add_argument("--data", default="data/v2", help="where selection.jsonl goes")
    parser.add_argument("--source-dir", default=None)
    parser.add_argument("--flagged", type=int, default=6000, help="flagged units labelled in this round")
    parser.add_argument("--random", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--extend",
        action="store_true",
        help="write batches for the queued flagged units of an existing selection instead",
    )
    parser.add_argument("--model-scores", default=None, help="v1.7 scores (JSONL): write the `model` stratum")
    parser.add_argument("--statements", type=int, default=1000, help="statement sentences in the model stratum")
    parser.add_argument("--headlines", type=int, default=0, help="headlines and summaries in the model stratum")
    parser.add_argument("--score-with", default=None, help="checkpoint: score the unselected document sentences")
    parser.add_argument("--scores-out", default=None, help="where --score-with writes its scores (JSONL)")
    parser.add_argument("--model2-scores", default=None, help="a later model's scores: write stratum `model2`")
    parser.add_argument("--model3-scores", default=None, help="v2.7's scores: write stratum `model3`")
    parser.add_argument("--p-min", type=float, default=MODEL3_NEWS, help="--model3-scores: lowest score taken")
    parser.add_argument("--p-max", type=float, default=None, help="--model3-scores: scores taken are below this")
    parser.add_argument("--stratum", default="model3", help="--model3-scores: the stratum's name")
    parser.add_argument(
        "--v1-scores", default=None, help="v1.7 scores for --model2-scores (default WORK/model_scores.jsonl)"
    )
    args = parser.parse_args(argv)
    if args.score_with:
        score_units(args.score_with, Path(args.scores_out), Path(args.data), args.source_dir)
        return
    if args.model3_scores:
        model3_round(
            Path(args.work),
            Path(args.data),
            Path(args.model3_scores),
            args.statements,
            args.seed,
            args.source_dir,
            p_min=args.p_min,
            p_max=args.p_max,
            stratum=args.stratum,
        )
        return
    if args.model2_scores:
        v1 = Path(args.v1_scores) if args.v1_scores else Path(args.work) / "model_scores.jsonl"
        model2_round(
            Path(args.work), Path(args.data), Path(args.model2_scores), v1, args.statements, args.seed, args.source_dir
        )
        return
    if args.model_scores:
        model_round(
            Path(args.work),
            Path(args.data),
            Path(args.model_scores),
            args.statements,
            args.seed,
            args.source_dir,
            n_headlines=args.headlines,
        )
        return
    if args.extend:
        extend(Path(args.work), Path(args.data), args.source_dir)
        return
    chosen, queue, units, unflagged = select(args.source_dir, args.flagged, args.random, args.seed)
    batch_of = write_batches(chosen, units, Path(args.work), seed=args.seed)
    rows = [{"item_id": i, "stratum": s, "flag": units[i]["flag"], "batch": batch_of[i]} for i, s in chosen.items()]
    rows += [{"item_id": i, "stratum": "flagged", "flag": units[i]["flag"], "batch": None} for i in queue]
    write_jsonl(Path(args.data) / "selection.jsonl", rows)
    counts = defaultdict(int)
    for s in chosen.values():
        counts[s] += 1
    print(
        f"selected {len(chosen)} units ({dict(counts)}), {len(queue)} flagged units queued for later rounds,"
        f" {len(set(batch_of.values()))} batches"
    )
    (Path(args.data) / "population.json").write_text(
        json.dumps({"unflagged_per_source": unflagged, "flagged_total": len(queue) + counts["flagged"]}, indent=1)
        + "\n"
    )


if __name__ == "__main__":
    main()
