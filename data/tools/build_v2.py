"""Turn the annotators' batch files into corpus v2 label files, and write the adjudication batches.

    python data/tools/build_v2.py disagreements --work /work/annot_v2   # WORK/adjudicate/bNN.txt
    python data/tools/build_v2.py build --work /work/annot_v2           # data/labels_v2.jsonl + raw labels
    python data/tools/build_v2.py add --work /work/annot_v3             # append a later round's batches
    python data/tools/build_v2.py add --work /work/annot_v3 --hold      # ... to data/v2/pending/ instead
    python data/tools/build_v2.py add --work /work/annot_v3 --hold --batches b63,b64   # only these

Input (outside the repo): WORK/batches/bNN.ids.json (line -> item_id), WORK/labels/{A,B}/bNN.tsv
(`N<TAB>stance<TAB>sentiment[<TAB>note]`) and WORK/adjudicated/bNN.tsv (`N<TAB>stance<TAB>sentiment<TAB>reason`
for the lines where A and B differ). A batch enters the corpus once A, B and its adjudication are complete.

Splits (docs/datasheet.md): articles and statements by document; headlines and posts by story (headlines
within two days of each other whose word sets overlap by Jaccard >= 0.5 are one story); the latest month
of each dated headline source goes to test (`time_split`), with the rest of its stories; every other
group goes to train / dev / test 70 / 15 / 15 by a hash of its key. Splits already in labels_v2.jsonl are
kept, so a later round never moves a labelled group.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from dovehawk.data import hash_split as _hash_split
from dovehawk.data import read_jsonl, write_jsonl
from dovehawk.data import story_words as _words
from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS
from dovehawk.sources import iter_headlines, real_news_texts

# the fields of a labels_v2.jsonl row, in order
FIELDS = (
    "item_id",
    "source",
    "register",
    "stratum",
    "stance",
    "sentiment",
    "adjudication",
    "reason",
    "split",
    "story",
    "time_split",
)


def read_tsv(path: Path, n_lines: int, adjudication: bool = False) -> dict[int, dict] | None:
    """Labels of one batch file by line number; None when the file is missing or incomplete."""
    if not path.exists():
        return None
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 3 or not parts[0].isdigit():
            continue
        stance, sentiment = parts[1].lower(), parts[2].lower()
        if stance not in STANCE_LABELS or sentiment not in SENTIMENT_LABELS:
            raise ValueError(f"{path}: bad labels in line {line!r}")
        out[int(parts[0])] = {"stance": stance, "sentiment": sentiment, "note": parts[3][:80] if len(parts) > 3 else ""}
    return out if len(out) >= n_lines else None


def batches(work: Path):
    for ids_path in sorted((work / "batches").glob("b*.ids.json")):
        name = ids_path.name.split(".")[0]
        ids = {int(k): v for k, v in json.loads(ids_path.read_text()).items()}
        a = read_tsv(work / "labels" / "A" / f"{name}.tsv", len(ids))
        b = read_tsv(work / "labels" / "B" / f"{name}.tsv", len(ids))
        yield name, ids, a, b


def adjudicated(work: Path, name: str, ids: dict, a: dict, b: dict) -> tuple[dict | None, list[int]]:
    """The adjudicator's labels of a batch and the lines A and B differ on; None (with a note)
    while some of those lines have no decision yet."""
    adj = read_tsv(work / "adjudicated" / f"{name}.tsv", 0) or {}
    need = [n for n in ids if differ(a[n], b[n])]
    if any(n not in adj for n in need):
        print(f"{name}: adjudication incomplete ({sum(n in adj for n in need)} of {len(need)}), left out")
        return None, need
    return adj, need


def final_row(item_id: str, agreed: dict, adjudicated: dict | None, selection: dict) -> dict:
    """A unit's final labels: A's where A and B agree, else the adjudicator's with its reason."""
    final = adjudicated or agreed
    return {
        "item_id": item_id,
        "stance": final["stance"],
        "sentiment": final["sentiment"],
        "adjudication": "adjudicated" if adjudicated else "agreed",
        "reason": final["note"] if adjudicated else "",
        "stratum": selection[item_id]["stratum"],
    }


def differ(x: dict, y: dict) -> bool:
    return x["stance"] != y["stance"] or x["sentiment"] != y["sentiment"]


def write_disagreements(work: Path, source_dir=None, only=()) -> None:
    out = work / "adjudicate"
    out.mkdir(exist_ok=True)
    for name, ids, a, b in batches(work):
        if a is None or b is None or (only and name not in only):
            continue
        lines = [n for n in sorted(ids) if differ(a[n], b[n])]
        units = real_news_texts(source_dir, [ids[n] for n in lines])
        text = []
        for n in lines:
            u = units[ids[n]]
            if u["context"]:
                text.append(f"    [context, do not label: {u['context']}]")
            text.append(f"{n}\t({u['register']}) {u['text']}")
            text.append(
                f"    labels given: 1) {a[n]['stance']} / {a[n]['sentiment']}   "
                f"2) {b[n]['stance']} / {b[n]['sentiment']}"
            )
        (out / f"{name}.txt").write_text("\n".join(text) + "\n", encoding="utf-8")
        print(f"{name}: {len(lines)} of {len(ids)} to adjudicate")


def keep_old_keys(story: dict[str, str], old: dict[str, dict]) -> dict[str, str]:
    """Story keys already given stay: a cluster holding labelled rows keeps the smallest of their
    story keys, even when a new headline with a smaller item_id joins it."""
    given = defaultdict(set)
    for i, key in story.items():
        if i in old and old[i].get("story"):
            given[key].add(old[i]["story"])
    return {i: min(given[key]) if given[key] else key for i, key in story.items()}


def stories(units: dict[str, dict]) -> dict[str, str]:
    """item_id -> story key (the smallest item_id of its cluster) for headlines and posts."""
    parent = {i: i for i in units}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_day = defaultdict(list)
    for i, u in units.items():
        by_day[u["date"] or "undated"].append(i)
    words = {i: _words(u["text"]) for i, u in units.items()}
    days = sorted(by_day)
    for d in days:
        near = list(by_day[d])
        if d != "undated":
            day = date.fromisoformat(d)
            near += [
                j for e in days if e != "undated" and 0 < (date.fromisoformat(e) - day).days <= 2 for j in by_day[e]
            ]
        for x in by_day[d]:
            for y in near:
                if x < y or d != units[y]["date"]:
                    wx, wy = words[x], words[y]
                    if x != y and wx and wy and len(wx & wy) / len(wx | wy) >= 0.5:
                        parent[find(x)] = find(y)
    return _keys(units, find)


def _keys(units, find):
    members = defaultdict(list)
    for i in units:
        members[find(i)].append(i)
    return {i: min(ms) for ms in members.values() for i in ms}


def latest_months(source_dir=None) -> dict[str, str]:
    """Latest month (YYYY-MM) of each dated headline source, from the whole source file."""
    out = {}
    for u in iter_headlines(source_dir):
        if u["date"]:
            out[u["source"]] = max(out.get(u["source"], ""), u["date"][:7])
    return out


def build(work: Path, data: Path, source_dir=None, pending=()) -> None:
    selection = {r["item_id"]: r for r in read_jsonl(data / "v2" / "selection.jsonl")}
    old = {r["item_id"]: r for r in read_jsonl(data / "labels_v2.jsonl")} if (data / "labels_v2.jsonl").exists() else {}
    raw = {"A": [], "B": []}
    labels = []
    held = []
    for name, ids, a, b in batches(work):
        if a is None or b is None:
            continue
        adj, need = adjudicated(work, name, ids, a, b)
        if adj is None:
            continue
        if name in pending:
            held.append(name)
        for n in sorted(ids):
            for who, labs in (("A", a), ("B", b)):
                raw[who].append({"item_id": ids[n], **labs[n], "batch": name})
            labels.append({**final_row(ids[n], a[n], adj.get(n) if n in need else None, selection), "batch": name})
    units = real_news_texts(source_dir, [r["item_id"] for r in labels])
    heads = {
        r["item_id"]: units[r["item_id"]] for r in labels if units[r["item_id"]]["register"] in ("headline", "social")
    }
    story = stories(heads)
    last = latest_months(source_dir)
    # A new headline may join two labelled stories of different splits: leave such rows out (they stay
    # pending, with a note) rather than move a labelled story to another split.
    bridging = set()
    while True:
        seen = defaultdict(set)
        for i, key in story.items():
            if i in old:
                seen[key].add(old[i]["split"])
        bad = {key for key, splits in seen.items() if len(splits) > 1}
        drop = {i for i, key in story.items() if key in bad and i not in old}
        # and a new row of a source's latest month (time split: test) may join a labelled story outside test
        drop |= {
            i
            for i, key in story.items()
            if i not in old
            and seen[key] - {"test"}
            and heads[i]["register"] == "headline"
            and heads[i]["date"][:7] == last.get(heads[i]["source"], "-")
        }
        if not drop:
            break
        bridging |= drop
        heads = {i: u for i, u in heads.items() if i not in drop}
        story = stories(heads)
    story = keep_old_keys(story, old)
    if bridging:
        print(
            f"left out {len(bridging)} new rows that would join labelled stories of different splits (or a time-split row a story outside test): "
            + ", ".join(sorted(bridging))
        )
        held_rows = [r for r in labels if r["item_id"] in bridging]
        labels = [r for r in labels if r["item_id"] not in bridging]
    else:
        held_rows = []
    group_split = {}
    for r in labels:  # splits already given stay
        if r["item_id"] in old:
            u = units[r["item_id"]]
            group_split[story.get(r["item_id"], u["doc_id"])] = old[r["item_id"]]["split"]
    for r in labels:
        u = units[r["item_id"]]
        r.update(source=u["source"], register=u["register"])
        key = story.get(r["item_id"], u["doc_id"])
        r["time_split"] = bool(u["register"] == "headline" and u["date"] and u["date"][:7] == last.get(u["source"]))
        if r["time_split"]:
            group_split.setdefault(key, "test")
        if key in story.values() or r["item_id"] in story:
            r["story"] = key
    # v2.5 trained on the distillation pool with the teacher's labels (docs/datasheet.md): a document or
    # story holding a pool unit stays in train
    pool_path = data / "v2" / "distill_pool.jsonl"
    pool = {r["item_id"] for r in read_jsonl(pool_path)} if pool_path.exists() else set()
    pool_groups = {i.rsplit("/", 1)[0] for i in pool if not i.startswith("headlines/")}
    for r in labels:
        key = r.get("story") or units[r["item_id"]]["doc_id"]
        if r["item_id"] in pool or units[r["item_id"]]["doc_id"] in pool_groups:
            pool_groups.add(key)
    for r in labels:
        key = r.get("story") or units[r["item_id"]]["doc_id"]
        r["split"] = group_split.setdefault(key, "train" if key in pool_groups else _hash_split(key))
        if key in pool_groups and r["split"] != "train":
            raise SystemExit(
                f"{r['item_id']}: its document or story holds a distillation-pool unit but is {r['split']}"
            )
    order = FIELDS
    # Splits are assigned over corpus and pending rows together, so a pending row keeps its split later.
    for r in held_rows:
        note = "held back: joins labelled stories of different splits"
        r.update(split=None, story=None, time_split=None, reason=f"{r['reason']}; {note}" if r["reason"] else note)
    out_ids = {r["item_id"] for r in held_rows} | {r["item_id"] for r in labels if r["batch"] in held}
    kept = [r for r in labels if r["item_id"] not in out_ids]
    write_jsonl(data / "labels_v2.jsonl", [{k: r.get(k) for k in order} for r in kept])
    for who, rows in raw.items():
        write_jsonl(
            data / "annotations" / f"v2_annotator_{who}.jsonl",
            [{k: v for k, v in r.items() if k != "batch"} for r in rows if r["item_id"] not in out_ids],
        )
    pend = data / "v2" / "pending"
    if out_ids:
        rest = [r for r in labels if r["item_id"] in out_ids] + held_rows
        write_jsonl(pend / "labels_v2.jsonl", [{k: r.get(k) for k in order} for r in rest])
        for who, rows in raw.items():
            write_jsonl(
                pend / f"v2_annotator_{who}.jsonl",
                [{k: v for k, v in r.items() if k != "batch"} for r in rows if r["item_id"] in out_ids],
            )
        print(
            f"held back as pending in {pend} (labelled, not in the corpus): {', '.join(held) or 'no batch'}, "
            f"{len(held_rows)} bridging rows"
        )
    else:
        for f in pend.glob("*.jsonl"):
            f.unlink()
    labels = kept
    c = Counter((r["split"], r["stance"]) for r in labels)
    print(f"labels_v2: {len(labels)} rows; " + ", ".join(f"{k[0]}/{k[1]} {v}" for k, v in sorted(c.items())))


def add(work: Path, data: Path, source_dir=None, pending: bool = False, only=()) -> None:
    """Append the complete batches in WORK to the committed corpus, leaving every row already there
    as it is (for a round labelled after the earlier rounds' work folders are gone). Article and
    statement sentences only: a row takes the split its document already has in labels_v2.jsonl or
    pending, train if its document holds a distillation-pool unit, else the hash of its document, as
    `build` gives them. Headlines and posts need `build` (stories are clustered over all labelled
    headlines). With `pending`, the rows (splits given) go to data/v2/pending/ instead, held back
    from the corpus until a release trains on them. With `only`, just those batches."""
    selection = {r["item_id"]: r for r in read_jsonl(data / "v2" / "selection.jsonl")}
    old = read_jsonl(data / "labels_v2.jsonl")
    pend_path = data / "v2" / "pending" / "labels_v2.jsonl"
    held = read_jsonl(pend_path) if pend_path.exists() else []
    known = {r["item_id"] for r in old + held}
    doc_split = {
        r["item_id"].rsplit("/", 1)[0]: r["split"]
        for r in old + held
        if r["split"] and r["register"] in ("news", "statement")
    }
    pool_path = data / "v2" / "distill_pool.jsonl"
    pool_docs = {r["item_id"].rsplit("/", 1)[0] for r in read_jsonl(pool_path)} if pool_path.exists() else set()
    raw = {"A": [], "B": []}
    labels = []
    for name, ids, a, b in batches(work):
        if only and name not in only:
            continue
        if a is None or b is None:
            print(f"{name}: labels of A or B incomplete, left out")
            continue
        adj, need = adjudicated(work, name, ids, a, b)
        if adj is None:
            continue
        if any(ids[n] in known for n in ids):
            raise SystemExit(f"{name}: holds rows already in the corpus or pending; nothing written")
        for n in sorted(ids):
            for who, labs in (("A", a), ("B", b)):
                raw[who].append({"item_id": ids[n], **labs[n]})
            labels.append(final_row(ids[n], a[n], adj.get(n) if n in need else None, selection))
    if not labels:
        print("no complete batch to add")
        return
    units = real_news_texts(source_dir, [r["item_id"] for r in labels])
    for r in labels:
        u = units[r["item_id"]]
        if u["register"] not in ("news", "statement"):
            raise SystemExit(f"{r['item_id']}: a {u['register']} row; `add` takes article and statement sentences only")
        doc = u["doc_id"]
        split = doc_split.get(doc) or ("train" if doc in pool_docs else _hash_split(doc))
        doc_split[doc] = split
        r.update(source=u["source"], register=u["register"], split=split, story=None, time_split=False)
    new = [{k: r.get(k) for k in FIELDS} for r in labels]
    if pending:
        write_jsonl(pend_path, held + new)
    else:
        write_jsonl(data / "labels_v2.jsonl", old + new)
    for who, rows in raw.items():
        path = (pend_path.parent if pending else data / "annotations") / f"v2_annotator_{who}.jsonl"
        write_jsonl(path, (read_jsonl(path) if path.exists() else []) + rows)
    c = Counter((r["split"], r["stance"]) for r in labels)
    where = "data/v2/pending (held back)" if pending else "labels_v2"
    print(f"added {len(labels)} rows to {where}: " + ", ".join(f"{k[0]}/{k[1]} {v}" for k, v in sorted(c.items())))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("disagreements", "build", "add"))
    parser.add_argument("--work", default="/tmp/annot_v2")
    parser.add_argument("--data", default="data")
    parser.add_argument("--source-dir", default=None)
    parser.add_argument("--batches", default="", help="disagreements, add: only these comma-separated batches")
    parser.add_argument("--pending", default="", help="comma-separated batches to leave out of the corpus")
    parser.add_argument("--hold", action="store_true", help="add: write the rows to data/v2/pending/ instead")
    args = parser.parse_args(argv)
    if args.step == "disagreements":
        write_disagreements(Path(args.work), args.source_dir, tuple(b for b in args.batches.split(",") if b))
    elif args.step == "add":
        only = tuple(b for b in args.batches.split(",") if b)
        add(Path(args.work), Path(args.data), args.source_dir, pending=args.hold, only=only)
    else:
        build(Path(args.work), Path(args.data), args.source_dir, tuple(b for b in args.pending.split(",") if b))


if __name__ == "__main__":
    main()
