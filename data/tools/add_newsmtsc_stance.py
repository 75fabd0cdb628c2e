"""Stance labels for the NewsMTSC train sentences that mention negotiation: real news, train only.

Two steps, with the annotation in between (text never enters the repository):

    python data/tools/add_newsmtsc_stance.py prepare --work /tmp/nm
    # two annotators label /tmp/nm/items.jsonl independently -> annot_A.jsonl, annot_B.jsonl
    # (item_id, stance, note); an adjudicator decides the disagreements -> adjudication.jsonl
    python data/tools/add_newsmtsc_stance.py merge --work /tmp/nm

The labels made this way (2026-11-29) are kept, without text, in `data/extra/newsmtsc_stance/`; they
are not in the corpus (the checkpoint trained with them scored lower on dev: docs/releasing.md).
`stats --work data/extra/newsmtsc_stance` prints their agreement and counts; `merge` with the same
folder puts them in.

`prepare` selects, deterministically, every NewsMTSC train sentence whose targets all carry one
polarity and that matches the negotiation keywords (those used for RUW, plus talk, summit,
mediation, armistice). In US political news most of these words are about other deals and talks
(budget, trade, Brexit, interviews), which the guideline labels `unrelated`: hard negatives that
the written sentences lack.

`merge` writes the raw labels to `data/annotations/newsmtsc_{A,B}.jsonl` and gives the rows of
`data/newsmtsc.jsonl` their adjudicated stance (adding the selected sentences that the sentiment
sample did not contain, with NewsMTSC's sentiment mapped as for the others). NewsMTSC is train
only, so dev and test stay exactly as they were.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from dovehawk.data import read_jsonl, write_jsonl
from dovehawk.labels import STANCE_LABELS
from dovehawk.sources import NEWSMTSC_POLARITY, RUW_KEYWORDS, resolve_source_dir

ROOT = Path(__file__).resolve().parents[2]
EXTRA_KEYWORDS = re.compile(r"\b(summit\w*|mediat\w*|armistice|talks?)\b", re.IGNORECASE)


def select(source_dir=None) -> list[dict]:
    """The NewsMTSC train sentences to label: one polarity, a negotiation keyword. In file order."""
    path = resolve_source_dir(source_dir) / "newsmtsc" / "train.jsonl"
    out = []
    for i, row in enumerate(read_jsonl(path)):
        polarity = {t["polarity"] for t in row["targets"]}
        text = row["sentence_normalized"]
        about_talks = RUW_KEYWORDS.search(text) or EXTRA_KEYWORDS.search(text)
        if len(polarity) == 1 and polarity <= set(NEWSMTSC_POLARITY) and about_talks:
            out.append({"item_id": f"newsmtsc/train/{i}", "text": text, "sentiment": NEWSMTSC_POLARITY[polarity.pop()]})
    return out


def stats(work: Path, items: list[dict]) -> str:
    """Agreement of the two annotators and the final label counts (needs the files in `work`)."""
    import krippendorff
    import numpy as np

    labels, final = read_labels(work, items)
    data = np.array([[STANCE_LABELS.index(r["stance"]) for r in labels[who]] for who in ("A", "B")])
    alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    how = Counter(h for _, h in final.values())
    counts = Counter(s for s, _ in final.values())
    return (
        f"{len(items)} items; Krippendorff's alpha {alpha:.3f}, raw agreement {(data[0] == data[1]).mean():.3f}; "
        f"agreed {how['agreed']}, adjudicated {how['adjudicated']}; final: "
        + ", ".join(f"{counts[s]} {s}" for s in STANCE_LABELS)
    )


def read_labels(work: Path, items: list[dict]) -> tuple[dict, dict]:
    """Both annotators' labels in item order, and item_id -> (final stance, 'agreed' | 'adjudicated')."""
    ids = [r["item_id"] for r in items]
    labels = {}
    for who in ("A", "B"):
        rows = {r["item_id"]: r for r in read_jsonl(work / f"annot_{who}.jsonl")}
        missing = [i for i in ids if i not in rows]
        bad = [i for i in ids if i in rows and rows[i]["stance"] not in STANCE_LABELS]
        if missing or bad:
            raise SystemExit(f"annot_{who}: {len(missing)} items missing, {len(bad)} bad labels")
        labels[who] = [{"item_id": i, "stance": rows[i]["stance"], "note": rows[i].get("note", "")} for i in ids]
    decided = (
        {r["item_id"]: r["stance"] for r in read_jsonl(work / "adjudication.jsonl")}
        if (work / "adjudication.jsonl").exists()
        else {}
    )
    final = {}
    for a, b in zip(labels["A"], labels["B"]):
        if a["stance"] == b["stance"]:
            final[a["item_id"]] = (a["stance"], "agreed")
        elif decided.get(a["item_id"]) in STANCE_LABELS:
            final[a["item_id"]] = (decided[a["item_id"]], "adjudicated")
        else:
            raise SystemExit(f"{a['item_id']}: annotators disagree and adjudication.jsonl has no valid label")
    return labels, final


def merge(work: Path, items: list[dict], data: Path) -> dict:
    labels, final = read_labels(work, items)
    for who in ("A", "B"):
        write_jsonl(data / "annotations" / f"newsmtsc_{who}.jsonl", labels[who])
    rows = {r["item_id"]: r for r in read_jsonl(data / "newsmtsc.jsonl")}
    for item in items:
        stance, how = final[item["item_id"]]
        row = rows.get(item["item_id"]) or {
            "item_id": item["item_id"],
            "source": "newsmtsc",
            "sentiment": item["sentiment"],
            "split": "train",
        }
        rows[item["item_id"]] = {
            "item_id": row["item_id"],
            "source": "newsmtsc",
            "stance": stance,
            "sentiment": row["sentiment"],
            "adjudication": how,
            "split": "train",
        }
    ordered = sorted(rows.values(), key=lambda r: int(r["item_id"].rsplit("/", 1)[1]))
    write_jsonl(data / "newsmtsc.jsonl", ordered)
    return {
        "items": len(items),
        "agreed": sum(h == "agreed" for _, h in final.values()),
        "adjudicated": sum(h == "adjudicated" for _, h in final.values()),
        "rows": len(ordered),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("prepare", "stats", "merge"))
    parser.add_argument("--work", required=True, help="folder outside the repo for the annotation files")
    parser.add_argument("--source-dir", default=None)
    parser.add_argument("--data-dir", default=str(ROOT / "data"))
    args = parser.parse_args(argv)
    work = Path(args.work)
    items = select(args.source_dir)
    if args.step == "prepare":
        work.mkdir(parents=True, exist_ok=True)
        write_jsonl(work / "items.jsonl", [{"item_id": r["item_id"], "text": r["text"]} for r in items])
        print(f"wrote {len(items)} items to {work / 'items.jsonl'}")
    elif args.step == "stats":
        print(stats(work, items))
    else:
        print(merge(work, items, Path(args.data_dir)))


if __name__ == "__main__":
    main()
