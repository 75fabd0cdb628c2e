"""Teacher probabilities for distillation: a larger dovehawk checkpoint labels the train rows and a pool
of unlabelled real sentences; `dovehawk train --distill FILE` then trains on them as soft targets.

    python -m dovehawk.train.distill --teacher model/accurate --pool 10000 --out runs/distill/teacher.jsonl

A second, focused pool keeps an earlier file's records (same teacher) and adds the units a scoring
model finds most likely to be about negotiation, among a seeded sample of the eligible ones:

    python -m dovehawk.train.distill --teacher model/accurate --reuse runs/distill/teacher.jsonl \
        --pool 8000 --focus model/v1 --focus-from 60000 --out runs/distill/teacher_focus.jsonl

The pool never holds text that dev or test could hold, now or after a later labelling round
(docs/releasing.md, "Distillation"):
- article and statement sentences only of documents in train: a document with a labelled, pending or
  selected row in dev or test (or with none in train) is left out, and a document with no such row
  only when the hash of its id, the key a labelling round would give it, puts it in train;
- headlines and posts only when the hash of their own id puts them in train, outside their source's
  latest month (the time split), and sharing no story (within two days, word Jaccard >= 0.5) with a
  labelled, pending or selected headline outside train;
- nothing already labelled, pending or queued for labelling, and no machine-translated row.

The file holds item ids and probabilities only (no text): the trainer joins the text at load time.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import torch
from tqdm.auto import tqdm

from dovehawk.data import hash_split, load_corpus, read_jsonl, resolve_data_dir, story_words, write_jsonl
from dovehawk.model.context import of_rows
from dovehawk.sources import iter_document_sentences, iter_headlines
from dovehawk.train.config import fold_of, parse_fold


def _known(data_dir) -> list[dict]:
    """Every row a labelling round has touched: labelled, pending, or queued (split None when not given)."""
    data_dir = resolve_data_dir(data_dir)
    rows = []
    for path in (data_dir / "labels_v2.jsonl", data_dir / "v2" / "pending" / "labels_v2.jsonl"):
        if path.exists():
            rows += [{"item_id": r["item_id"], "split": r.get("split")} for r in read_jsonl(path)]
    selection = data_dir / "v2" / "selection.jsonl"
    seen = {r["item_id"] for r in rows}
    if selection.exists():
        rows += [{"item_id": r["item_id"], "split": None} for r in read_jsonl(selection) if r["item_id"] not in seen]
    return rows


def _doc_of(item_id: str) -> str:
    return item_id if item_id.startswith("headlines/") else item_id.rsplit("/", 1)[0]


def pool(
    n: int, source_dir=None, data_dir=None, seed: int = 13, documents_share: float = 0.5, skip=frozenset()
) -> list[dict]:
    """A seeded sample of `n` unlabelled real units that can only ever be train (module docstring):
    `documents_share` of them article and statement sentences, the rest headlines and posts; never a
    unit of `skip` (an earlier pool)."""
    known = _known(data_dir)
    touched = {r["item_id"] for r in known} | set(skip)
    doc_splits = defaultdict(set)
    for r in known:
        if not r["item_id"].startswith("headlines/"):
            doc_splits[_doc_of(r["item_id"])].add(r["split"])

    def train_doc(doc_id: str) -> bool:
        splits = doc_splits.get(doc_id)
        return splits == {"train"} if splits else hash_split(doc_id) == "train"

    sentences = [
        u for u in iter_document_sentences(source_dir) if u["item_id"] not in touched and train_doc(u["doc_id"])
    ]
    headlines = list(iter_headlines(source_dir))
    by_id = {u["item_id"]: u for u in headlines}
    latest = defaultdict(str)
    for u in headlines:
        if u["date"]:
            latest[u["source"]] = max(latest[u["source"]], u["date"][:7])
    outside = defaultdict(list)  # day -> word sets of the headlines that are (or may become) dev or test
    for r in known:
        u = by_id.get(r["item_id"])
        if u is not None and r["split"] != "train":
            outside[u["date"] or "undated"].append(story_words(u["text"]))

    def near_outside(u) -> bool:
        words = story_words(u["text"])
        if not words:
            return False
        days = [u["date"] or "undated"]
        if u["date"]:
            day = date.fromisoformat(u["date"])
            days = [(day + timedelta(days=k)).isoformat() for k in range(-2, 3)]
        return any(len(words & w) / len(words | w) >= 0.5 for d in days for w in outside.get(d, ()) if w)

    eligible = [
        u
        for u in headlines
        if u["item_id"] not in touched
        and hash_split(u["item_id"]) == "train"
        and not (u["date"] and u["date"][:7] == latest[u["source"]])
    ]
    rng = random.Random(seed)
    n_docs = min(round(n * documents_share), len(sentences))
    chosen = rng.sample(sentences, n_docs)
    rng.shuffle(eligible)
    for u in eligible:
        if len(chosen) >= n:
            break
        if not near_outside(u):
            chosen.append(u)
    return chosen


def focused(units: list[dict], scores: list[float], n: int, documents_share: float = 0.5) -> list[dict]:
    """The `n` units with the highest scores, `documents_share` of them article and statement
    sentences (fewer when fewer are eligible; headlines and posts fill the rest)."""
    ranked = sorted(range(len(units)), key=lambda i: -scores[i])
    docs = [i for i in ranked if not units[i]["item_id"].startswith("headlines/")]
    heads = [i for i in ranked if units[i]["item_id"].startswith("headlines/")]
    take = docs[: min(round(n * documents_share), len(docs))]
    take += heads[: n - len(take)]
    return [units[i] for i in sorted(take)]


@torch.inference_mode()
def teacher_probabilities(labeller, rows: list[dict], chunk: int = 512, desc: str = "teacher") -> list[dict]:
    """Calibrated probabilities of both heads for each row (with its context), as the teacher reports them."""
    config = labeller.config
    out = []
    contexts = of_rows(rows, config.context_window)
    for start in tqdm(range(0, len(rows), chunk), desc=desc, unit="chunk", dynamic_ncols=True):
        part = rows[start : start + chunk]
        stance, sentiment = labeller.logits([r["text"] for r in part], contexts[start : start + chunk])
        stance = torch.softmax(config.scaled("stance", stance), -1)
        sentiment = torch.softmax(config.scaled("sentiment", sentiment), -1)
        for r, s, m in zip(part, stance.tolist(), sentiment.tolist()):
            out.append(
                {
                    "item_id": r["item_id"],
                    "pool": r.get("split") is None,
                    "stance": [round(p, 5) for p in s],
                    "sentiment": [round(p, 5) for p in m],
                }
            )
    return out


def rows_to_label(train: list[dict], fold: tuple[int, int] | None = None, only: set[str] | None = None) -> list[dict]:
    """The train rows a teacher labels: all but NewsMTSC's; with `fold` (K, N), only those outside
    fold K, which a teacher trained with `--fold K/N` never saw; with `only`, only those item ids."""
    rows = [r for r in train if r["item_id"] and r["source"] != "newsmtsc"]
    if only is not None:
        rows = [r for r in rows if r["item_id"] in only]
    return rows if fold is None else [r for r in rows if fold_of(r, fold[1]) != fold[0]]


def stratum_ids(data_dir, strata: str) -> set[str] | None:
    """Item ids of the corpus v2 rows of the given strata (comma-separated; "" = no restriction)."""
    wanted = {s for s in strata.split(",") if s}
    if not wanted:
        return None
    path = resolve_data_dir(data_dir) / "labels_v2.jsonl"
    ids = {r["item_id"] for r in read_jsonl(path) if r.get("stratum") in wanted}
    if not ids:
        raise SystemExit(f"error: no rows of stratum {', '.join(sorted(wanted))} in {path}")
    return ids


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m dovehawk.train.distill", description=__doc__.split("\n")[0])
    parser.add_argument("--teacher", required=True, help="dovehawk checkpoint that labels (e.g. model/accurate)")
    parser.add_argument("--out", required=True, help="JSONL of item ids and teacher probabilities")
    parser.add_argument("--pool", type=int, default=10000, help="unlabelled real units to add (default 10000)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--source-dir", default=None)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--reuse", default=None, help="earlier teacher file (same teacher): keep its records")
    parser.add_argument(
        "--focus", default=None, help="checkpoint that picks the pool: the units it finds most about negotiation"
    )
    parser.add_argument("--focus-from", type=int, default=60000, help="eligible units --focus scores (seeded sample)")
    parser.add_argument(
        "--fold",
        default="",
        help="K/N: label only the train rows outside fold K of N, those a teacher trained with --fold K/N never saw",
    )
    parser.add_argument(
        "--strata",
        default="",
        help="comma-separated corpus v2 strata: label only their train rows (a round the teacher never saw)",
    )
    args = parser.parse_args(argv)
    try:
        fold = parse_fold(args.fold)
    except ValueError as err:
        raise SystemExit(f"error: {err}") from None
    from dovehawk.model.predict import load_model

    if args.threads:
        torch.set_num_threads(args.threads)
    labeller = load_model(args.teacher)
    corpus = load_corpus(args.source_dir, args.data_dir)
    rows = rows_to_label(corpus["train"], fold, stratum_ids(args.data_dir, args.strata))
    kept = []
    if args.reuse:
        kept = [r for r in read_jsonl(args.reuse) if r.get("teacher") == labeller.version]
        if not kept:
            raise SystemExit(f"{args.reuse}: no records of teacher {labeller.version}")
        train_ids = {r["item_id"] for r in rows}
        kept = [r for r in kept if r.get("pool") or r["item_id"] in train_ids]
        done = {r["item_id"] for r in kept}
        rows = [r for r in rows if r["item_id"] not in done]
    skip = {r["item_id"] for r in kept if r.get("pool")}
    if args.focus:
        candidates = pool(args.focus_from, args.source_dir, args.data_dir, args.seed, skip=skip)
        scorer = load_model(args.focus)
        about = [
            1 - r["stance"][-1] for r in teacher_probabilities(scorer, candidates, 256, "focus")
        ]  # 1 - p(unrelated)
        units = focused(candidates, about, args.pool)
        print(f"focus {scorer.version}: the {len(units)} units most about negotiation of {len(candidates)} scored")
    else:
        units = pool(args.pool, args.source_dir, args.data_dir, args.seed, skip=skip)
    print(f"teacher {labeller.version}: {len(rows)} train rows and {len(units)} pool units ({len(kept)} records kept)")
    records = teacher_probabilities(labeller, rows + [{**u, "split": None} for u in units])
    for r in records:
        r["teacher"] = labeller.version
    new = [r for r in records if r["pool"]]
    bearing = sum(max(range(len(r["stance"])), key=r["stance"].__getitem__) != len(r["stance"]) - 1 for r in new)
    print(f"new pool units stance-bearing by the teacher's most probable label: {bearing} of {len(new)}")
    records = kept + records
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out, records)
    print(f"wrote {len(records)} rows to {args.out}")


if __name__ == "__main__":
    main()
