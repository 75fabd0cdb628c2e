"""The annotation loop: `dovehawk sample` picks sentences for a researcher to label, and
`dovehawk import-labels` reads the labels back, measures model-human agreement and stores them as a
local training set for `dovehawk train --extra-train`.

Two kinds of sample, marked in `purpose`:
- `active`: the most uncertain sentences (lowest top stance probability), kept diverse by taking
  them round-robin over the predicted stance classes, at most `--per-doc` per article, no repeats;
- `random`: a simple random sample of scored sentences, for the bias-corrected estimates of
  `dovehawk summarize --hand-labels`.
"""

from __future__ import annotations

import argparse
import csv
import heapq
import json
import random
import sys
from pathlib import Path

from dovehawk.io import InputError
from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS
from dovehawk.summarize import iter_articles

TASK_FIELDS = [
    "doc_id",
    "sentence_index",
    "text",
    "context",
    "purpose",
    "model_stance",
    "model_sentiment",
    "model_confidence",
]


def label_config() -> str:
    """Label Studio labelling config for the tasks `dovehawk sample` writes."""
    stance = "".join(f'<Choice value="{l}"/>' for l in STANCE_LABELS)
    sentiment = "".join(f'<Choice value="{l}"/>' for l in SENTIMENT_LABELS)
    return (
        '<View>\n  <Header value="Preceding sentence"/>\n  <Text name="context" value="$context"/>\n'
        '  <Header value="Sentence to label"/>\n  <Text name="text" value="$text"/>\n'
        f'  <Choices name="stance" toName="text" choice="single" required="true">{stance}</Choices>\n'
        f'  <Choices name="sentiment" toName="text" choice="single" required="true">{sentiment}</Choices>\n'
        "</View>\n"
    )


def pick(paths: list[str], n_active: int, n_random: int, per_doc: int = 2, seed: int = 0) -> list[dict]:
    """Stream the labelled output once: a bounded heap for uncertainty, a reservoir for random."""
    rng = random.Random(seed)
    heap: list[tuple] = []  # (confidence negated, counter, task): keeps the least confident
    reservoir: list[dict] = []
    seen = 0
    for rows in iter_articles(paths):
        previous = ""
        for r in rows:
            if str(r.get("scored")) not in ("True", "true", "1"):
                continue
            confidence = max(float(r[f"stance_{l}"]) for l in STANCE_LABELS)
            task = {
                "doc_id": r["doc_id"],
                "sentence_index": int(r["sentence_index"]),
                "text": r["text"],
                "context": previous,
                "model_stance": r["stance"],
                "model_sentiment": r["sentiment"],
                "model_confidence": round(confidence, 4),
            }
            previous = r["text"]
            seen += 1
            item = (-confidence, seen, task)
            if len(heap) < max(1, n_active) * 20:
                heapq.heappush(heap, item)
            else:
                heapq.heappushpop(heap, item)
            if len(reservoir) < n_random:
                reservoir.append(task)
            elif n_random:
                j = rng.randrange(seen)
                if j < n_random:
                    reservoir[j] = task
    chosen = [{**t, "purpose": "random"} for t in reservoir]
    taken = {(t["doc_id"], t["sentence_index"]) for t in chosen}
    texts = {t["text"].lower() for t in chosen}
    by_class: dict[str, list[dict]] = {}
    for _, _, task in sorted(heap, key=lambda x: (-x[0], x[1])):  # least confident first
        by_class.setdefault(task["model_stance"], []).append(task)
    per = {}
    active = []
    while len(active) < n_active and any(by_class.values()):
        for label in STANCE_LABELS:
            queue = by_class.get(label, [])
            while queue:
                task = queue.pop(0)
                key = (task["doc_id"], task["sentence_index"])
                if key in taken or task["text"].lower() in texts or per.get(task["doc_id"], 0) >= per_doc:
                    continue
                taken.add(key)
                texts.add(task["text"].lower())
                per[task["doc_id"]] = per.get(task["doc_id"], 0) + 1
                active.append({**task, "purpose": "active"})
                break
            if len(active) >= n_active:
                break
    return active + chosen


def write_sample(tasks: list[dict], stem: str) -> list[str]:
    stem_path = Path(stem)
    stem_path.parent.mkdir(parents=True, exist_ok=True)
    json_path = stem_path.with_suffix(".json")
    json_path.write_text(
        json.dumps([{"id": i + 1, "data": t} for i, t in enumerate(tasks)], indent=1, ensure_ascii=False),
        encoding="utf-8",
    )
    csv_path = stem_path.with_suffix(".csv")
    with csv_path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, TASK_FIELDS + ["stance", "sentiment"])
        writer.writeheader()
        writer.writerows({**t, "stance": "", "sentiment": ""} for t in tasks)
    config_path = stem_path.with_suffix(".labelstudio.xml")
    config_path.write_text(label_config(), encoding="utf-8")
    return [str(json_path), str(csv_path), str(config_path)]


def read_annotations(path: str) -> list[dict]:
    """Human labels from a Label Studio JSON export or from the sample CSV filled in by hand."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    rows = []
    if p.suffix.lower() == ".csv":
        with p.open(encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                if r.get("stance") and r.get("sentiment"):
                    rows.append({**r, "sentence_index": int(r["sentence_index"])})
    else:
        try:
            tasks = json.loads(p.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InputError(f"{path}: not a Label Studio JSON export") from None
        for task in tasks:
            labels = {}
            annotations = [a for a in task.get("annotations", []) if not a.get("was_cancelled")]
            for result in annotations[-1]["result"] if annotations else []:
                if result.get("type") == "choices" and result["from_name"] in ("stance", "sentiment"):
                    labels[result["from_name"]] = result["value"]["choices"][0]
            if len(labels) == 2:
                rows.append({**task["data"], **labels})
    for r in rows:
        if r["stance"] not in STANCE_LABELS or r["sentiment"] not in SENTIMENT_LABELS:
            raise InputError(
                f"{path}: unknown label in row {r.get('doc_id')}/{r.get('sentence_index')}: "
                f"{r['stance']!r}, {r['sentiment']!r}"
            )
    if not rows:
        raise InputError(f"{path}: no completed annotations with both stance and sentiment")
    return rows


def agreement_report(rows: list[dict]) -> dict:
    import krippendorff
    import numpy as np

    from dovehawk.metrics import head_metrics

    out = {"n": len(rows)}
    for head, labels in (("stance", STANCE_LABELS), ("sentiment", SENTIMENT_LABELS)):
        human = [labels.index(r[head]) for r in rows]
        model = [labels.index(r[f"model_{head}"]) for r in rows]
        data = np.array([human, model])
        alpha = (
            krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
            if len(set(data.ravel())) > 1
            else float("nan")
        )
        out[head] = {"alpha": round(float(alpha), 4), "macro_f1": head_metrics(human, model, list(labels))["macro_f1"]}
    return out


def add_sample_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", help="dovehawk label output (.jsonl, .csv, .parquet)")
    parser.add_argument("-o", "--output", default="sample", help="file stem: STEM.json, STEM.csv, STEM.labelstudio.xml")
    parser.add_argument("--n", type=int, default=100, help="uncertain + diverse sentences (active learning)")
    parser.add_argument("--random", type=int, default=100, help="simple random sentences (for bias correction)")
    parser.add_argument("--per-doc", type=int, default=2, help="at most this many active picks per article")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the sample")


def run_sample(args: argparse.Namespace) -> int:
    """Pick sentences of labelled articles for a researcher to hand-label: the most uncertain ones
    (active learning) and a simple random sample (for bias-corrected estimates), as Label Studio
    tasks and as a CSV."""
    tasks = pick(args.inputs, args.n, args.random, args.per_doc, args.seed)
    paths = write_sample(tasks, str(Path(args.output).with_suffix("")))
    print(
        f"{sum(t['purpose'] == 'active' for t in tasks)} uncertain and {sum(t['purpose'] == 'random' for t in tasks)} "
        f"random sentences -> {', '.join(paths)}\nImport {paths[0]} into Label Studio with the config in {paths[2]}, "
        f"or fill in the stance and sentiment columns of {paths[1]}; then run dovehawk import-labels.",
        file=sys.stderr,
    )
    return 0


def sample_main(argv=None) -> int:
    from dovehawk.cli import run_command

    return run_command("sample", argv)


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("annotations", help="Label Studio JSON export, or the sample CSV with labels filled in")
    parser.add_argument(
        "-o",
        "--output",
        default="local_labels.jsonl",
        help="local training set (JSONL; appended, one row per sentence)",
    )


def run_import(args: argparse.Namespace) -> int:
    """Read hand labels back from Label Studio (or the sample CSV), report model-human agreement, and
    store the labels as a local training set for `dovehawk train --extra-train`."""
    from dovehawk.io import read_jsonl, write_jsonl

    rows = read_annotations(args.annotations)
    report = agreement_report(rows)
    out = Path(args.output)
    existing = {}
    if out.exists():
        for r in read_jsonl(out):
            existing[(str(r["doc_id"]), int(r["sentence_index"]))] = r
    for r in rows:
        key = (str(r["doc_id"]), int(r["sentence_index"]))
        existing[key] = {
            "item_id": f"local/{key[0]}/{key[1]}",
            "doc_id": key[0],
            "sentence_index": key[1],
            "text": r["text"],
            "context": r.get("context") or "",
            "stance": r["stance"],
            "sentiment": r["sentiment"],
            "model_stance": r["model_stance"],
            "model_sentiment": r["model_sentiment"],
            "purpose": r.get("purpose", "random"),
            "source": "local",
            "split": "train",
        }
    write_jsonl(out, existing.values())
    print(json.dumps(report, indent=1))
    print(
        f"model vs human on {report['n']} sentences: stance alpha {report['stance']['alpha']:.2f}, macro-F1 "
        f"{report['stance']['macro_f1']:.2f}; sentiment alpha {report['sentiment']['alpha']:.2f}, macro-F1 "
        f"{report['sentiment']['macro_f1']:.2f}. {len(existing)} labelled sentences in {out}\n"
        f"Fine-tune on them: dovehawk train --init-from <checkpoint> --extra-train {out}",
        file=sys.stderr,
    )
    return 0


def import_main(argv=None) -> int:
    from dovehawk.cli import run_command

    return run_command("import-labels", argv)
