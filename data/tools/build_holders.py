"""Turn the holder annotators' batch files into the holder gold standard (docs/holder-guidelines.md).

    python data/tools/build_holders.py disagreements --work /work/annot_holders   # WORK/adjudicate/hNN.txt
    python data/tools/build_holders.py build --work /work/annot_holders           # data/holders/*.jsonl

Input (outside the repo, written by select_holders.py and the annotators): WORK/batches/hNN.ids.json,
WORK/labels/{A,B}/hNN.tsv (`N<TAB>holder<TAB>holder_type<TAB>form[<TAB>note]`) and, for the lines where
A and B differ in holder or form, WORK/adjudicated/hNN.tsv (`N<TAB>holder<TAB>holder_type<TAB>form<TAB>reason`).
Two holders differ unless they are equal after folding case, a leading article or title, and the
spelling variants `yy`/`iy` -> `y` (strict on purpose: near misses go to the adjudicator).
A re-read (`reread --work WORK`, batches from `select_holders.py --ids`) replaces the gold labels of the rows
it covers with the new adjudicated ones (`guideline` says which guideline they follow), keeps the labels they
replace in data/holders/gold_first_read.jsonl, and the new raw label sets in data/holders/reread_{A,B}.jsonl.
The build also writes WORK/gold_dev.jsonl and WORK/gold_train.jsonl (rows with their text, for tuning; never
committed).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from dovehawk.io import read_jsonl, write_jsonl
from dovehawk.sources import real_news_texts

FORMS = ("direct", "indirect", "actor", "author")
TYPES = ("person", "organisation", "country", "author")


def read_tsv(path: Path, reason: bool = False) -> dict[int, dict] | None:
    if not path.exists():
        return None
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        f = line.split("\t")
        holder, kind, form = (x.strip() for x in f[1:4])
        if kind not in TYPES or form not in FORMS:
            raise SystemExit(f"{path}: bad line: {line!r}")
        out[int(f[0])] = {
            "holder": holder,
            "holder_type": kind,
            "form": form,
            "note": f[4].strip() if len(f) > 4 else "",
        }
    return out


def fold(holder: str) -> str:
    h = holder.casefold().strip()
    h = re.sub(r"^(the|mr\.?|ms\.?|mrs\.?)\s+", "", h)
    return h.replace("yy", "y").replace("iy", "y")


def differ(a: dict, b: dict) -> bool:
    return fold(a["holder"]) != fold(b["holder"]) or a["form"] != b["form"]


def batches(work: Path):
    for ids_path in sorted((work / "batches").glob("h*.ids.json")):
        name = ids_path.name.split(".")[0]
        ids = {int(k): v for k, v in json.loads(ids_path.read_text()).items()}
        yield (
            name,
            ids,
            read_tsv(work / "labels" / "A" / f"{name}.tsv"),
            read_tsv(work / "labels" / "B" / f"{name}.tsv"),
        )


def disagreements(work: Path) -> None:
    out = work / "adjudicate"
    out.mkdir(exist_ok=True)
    for name, ids, a, b in batches(work):
        if a is None or b is None:
            continue
        lines = [n for n in sorted(ids) if differ(a[n], b[n])]
        text = [
            f"{n}\tA: {a[n]['holder']} | {a[n]['holder_type']} | {a[n]['form']} ({a[n]['note']})"
            f"\tB: {b[n]['holder']} | {b[n]['holder_type']} | {b[n]['form']} ({b[n]['note']})"
            for n in lines
        ]
        (out / f"{name}.txt").write_text("\n".join(text) + "\n", encoding="utf-8")
        print(f"{name}: {len(lines)} of {len(ids)} lines differ -> {out / (name + '.txt')}")


def build(work: Path, data: Path, source_dir=None) -> None:
    corpus = {r["item_id"]: r for r in read_jsonl(data / "labels_v2.jsonl")}
    gold, raw = [], {"A": [], "B": []}
    for name, ids, a, b in batches(work):
        adj = read_tsv(work / "adjudicated" / f"{name}.tsv") or {}
        need = [n for n in ids if differ(a[n], b[n])]
        if any(n not in adj for n in need):
            raise SystemExit(f"{name}: adjudication incomplete ({sum(n in adj for n in need)} of {len(need)})")
        for n in sorted(ids):
            c = corpus[ids[n]]
            keys = {"item_id": ids[n], "split": c["split"], "register": c["register"], "stance": c["stance"]}
            for who, labs in (("A", a), ("B", b)):
                raw[who].append({**keys, **{k: labs[n][k] for k in ("holder", "holder_type", "form")}})
            final = adj[n] if n in need else a[n]
            gold.append(
                {
                    **keys,
                    **{k: final[k] for k in ("holder", "holder_type", "form")},
                    "adjudication": "adjudicated" if n in need else "agreed",
                    "reason": final["note"] if n in need else "",
                }
            )
    folder = data / "holders"
    write_jsonl(folder / "gold.jsonl", gold)
    for who, rows in raw.items():
        write_jsonl(folder / f"annotator_{who}.jsonl", rows)
    for split in ("dev", "train"):  # the tuning sets, with their text (never the test split)
        rows = [r for r in gold if r["split"] == split]
        units = real_news_texts(source_dir, [r["item_id"] for r in rows])
        write_jsonl(
            work / f"gold_{split}.jsonl",
            [{**r, "text": units[r["item_id"]]["text"], "doc_id": units[r["item_id"]]["doc_id"]} for r in rows],
        )
    c = Counter((r["split"], r["form"]) for r in gold)
    print(f"holders gold: {len(gold)} rows; " + ", ".join(f"{k[0]}/{k[1]} {v}" for k, v in sorted(c.items())))


def reread(work: Path, data: Path, guideline: str) -> None:
    """Replace the gold labels of the re-read rows (module docstring); prints how many changed."""
    folder = data / "holders"
    gold = read_jsonl(folder / "gold.jsonl")
    index = {g["item_id"]: k for k, g in enumerate(gold)}
    first = (
        {r["item_id"]: r for r in read_jsonl(folder / "gold_first_read.jsonl")}
        if (folder / "gold_first_read.jsonl").exists()
        else {}
    )
    raw = {
        w: {r["item_id"]: r for r in read_jsonl(folder / f"reread_{w}.jsonl")}
        if (folder / f"reread_{w}.jsonl").exists()
        else {}
        for w in "AB"
    }
    changed = Counter()
    for name, ids, a, b in batches(work):
        if a is None or b is None:
            raise SystemExit(f"{name}: labels of A or B missing")
        adj = read_tsv(work / "adjudicated" / f"{name}.tsv") or {}
        need = [n for n in ids if differ(a[n], b[n])]
        if any(n not in adj for n in need):
            raise SystemExit(f"{name}: adjudication incomplete ({sum(n in adj for n in need)} of {len(need)})")
        for n in sorted(ids):
            old = gold[index[ids[n]]]
            keys = {k: old[k] for k in ("item_id", "split", "register", "stance")}
            for who, labs in (("A", a), ("B", b)):
                raw[who][ids[n]] = {**keys, **{k: labs[n][k] for k in ("holder", "holder_type", "form")}}
            first.setdefault(ids[n], old)
            final = adj[n] if n in need else a[n]
            gold[index[ids[n]]] = {
                **keys,
                **{k: final[k] for k in ("holder", "holder_type", "form")},
                "adjudication": "adjudicated" if n in need else "agreed",
                "reason": final["note"] if n in need else "",
                "guideline": guideline,
            }
            was = first[ids[n]]
            changed[(old["split"], fold(was["holder"]) != fold(final["holder"]), was["form"] != final["form"])] += 1
    write_jsonl(folder / "gold.jsonl", gold)
    write_jsonl(folder / "gold_first_read.jsonl", list(first.values()))
    for who, rows in raw.items():
        write_jsonl(folder / f"reread_{who}.jsonl", list(rows.values()))
    for split in sorted({k[0] for k in changed}):
        n = sum(v for k, v in changed.items() if k[0] == split)
        holder = sum(v for k, v in changed.items() if k[0] == split and k[1])
        form = sum(v for k, v in changed.items() if k[0] == split and k[2])
        print(f"re-read {split}: {n} rows, holder changed on {holder}, form on {form}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("disagreements", "build", "reread"))
    parser.add_argument("--work", required=True)
    parser.add_argument("--data", default="data")
    parser.add_argument("--source-dir", default=None)
    parser.add_argument("--guideline", default="v1.2", help="with reread: the guideline the new labels follow")
    args = parser.parse_args(argv)
    if args.step == "disagreements":
        disagreements(Path(args.work))
    elif args.step == "reread":
        reread(Path(args.work), Path(args.data), args.guideline)
    else:
        build(Path(args.work), Path(args.data), args.source_dir)


if __name__ == "__main__":
    main()
