"""Holder accuracy against the gold holders, with two baselines and the annotators' agreement.

Reads `data/holders/gold.jsonl` (item_id, holder, holder_type, form, split; no third-party text)
and the raw label sets `data/holders/annotator_{A,B}.jsonl` (and `reread_{A,B}.jsonl`, the second reading
of the first 1,000 rows under guideline v1.2; `--gold data/holders/gold_first_read.jsonl` scores
the labels it replaced). For each document holding a gold item
it runs `dovehawk.holders.HolderExtractor` over that document's sentences (the corpus spans; the
stance input is the corpus's gold stance label, `unrelated` where a sentence has none), then prints:
- holder accuracy on the chosen split, overall and per gold form (direct, indirect, actor, author),
  and per register (headlines, news, statements);
- the same for the baselines "always author" and "the first PERSON or ORG entity of the sentence,
  else author";
- the annotators' agreement per register: holder match rate and Krippendorff's alpha on the form.
A holder counts as correct by the guideline's section 3 (`dovehawk.holder_names.same_holder`).

    python -m dovehawk.eval.holders            # the test split
    python -m dovehawk.eval.holders --split dev
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from dovehawk.holder_names import AUTHOR, FORMS, same_holder, strip_name
from dovehawk.io import read_jsonl

DATA = Path("data")
REGISTER_OF_PREFIX = {"gdelt": "news", "semeval": "news", "statements": "statement", "headlines": "headline"}


def document_of(item_id: str) -> str:
    """`gdelt/<doc>/<a>-<b>` -> `gdelt/<doc>`; a headline is its own document."""
    return item_id if item_id.startswith("headlines/") else item_id.rsplit("/", 1)[0]


def document_units(doc_ids: set[str], wanted: set[str], source_dir=None) -> dict[str, list[dict]]:
    """The sentences of each document, in order, as {item_id, text}; gold spans the splitter does
    not give replace the spans they overlap."""
    from dovehawk.sources import iter_document_sentences, real_news_texts

    out: dict[str, list[dict]] = defaultdict(list)
    heads = {i for i in wanted if i.startswith("headlines/")}
    for item_id, unit in real_news_texts(source_dir, heads).items() if heads else ():
        out[item_id] = [{"item_id": item_id, "text": unit["text"]}]
    docs = {d for d in doc_ids if not d.startswith("headlines/")}
    if docs:
        for unit in iter_document_sentences(source_dir, doc_ids=docs):
            out[unit["doc_id"]].append({"item_id": unit["item_id"], "text": unit["text"]})
        spans = [i for i in wanted if document_of(i) in docs]
        missing = [i for i in spans if i not in {u["item_id"] for u in out[document_of(i)]}]
        if missing:
            texts = real_news_texts(source_dir, missing)
            for item_id in missing:
                if item_id not in texts:
                    continue
                doc = document_of(item_id)
                a, b = _span(item_id)
                kept = [u for u in out[doc] if _span(u["item_id"])[1] <= a or _span(u["item_id"])[0] >= b]
                out[doc] = sorted(
                    [*kept, {"item_id": item_id, "text": texts[item_id]["text"]}], key=lambda u: _span(u["item_id"])
                )
    return out


def _span(item_id: str) -> tuple[int, int]:
    a, b = item_id.rsplit("/", 1)[1].split("-")
    return int(a), int(b)


def corpus_stances(path: Path) -> dict[str, tuple[str, str]]:
    """item_id -> (stance, register) of the corpus's gold labels."""
    return {r["item_id"]: (r.get("stance"), r.get("register")) for r in read_jsonl(path)} if path.is_file() else {}


def gold_documents(gold: list[dict], stances: dict, source_dir=None) -> tuple[list[str], dict, list[list[str]]]:
    """The documents holding the gold items, in order: their names, their units (`document_units`)
    and each unit's stance as the extractor gets it. A gold item is stance-bearing by construction:
    its own stance, the corpus's, else neutral; any other unit has the corpus's, else unrelated."""
    wanted = {g["item_id"] for g in gold}
    own = {g["item_id"]: g.get("stance") or (stances.get(g["item_id"]) or (None,))[0] for g in gold}
    own = {i: s if s in ("favor", "against", "neutral") else "neutral" for i, s in own.items()}
    units = document_units({document_of(i) for i in wanted}, wanted, source_dir)
    names = list(units)

    def stance(item_id):
        return own.get(item_id) or (stances.get(item_id) or ("unrelated",))[0] or "unrelated"

    return names, units, [[stance(u["item_id"]) for u in units[d]] for d in names]


def predict(gold: list[dict], stances: dict, source_dir=None, extractor=None) -> dict[str, dict]:
    """item_id -> {holder, form, baseline_entity} for the gold items."""
    from dovehawk.holders import HolderExtractor

    extractor = extractor or HolderExtractor()
    wanted = {g["item_id"] for g in gold}
    names, units, labels = gold_documents(gold, stances, source_dir)
    found = extractor([[u["text"] for u in units[d]] for d in names], labels)
    out = {}
    for d, holders in zip(names, found):
        for u, h in zip(units[d], holders):
            if u["item_id"] in wanted:
                out[u["item_id"]] = {
                    "text": u["text"],
                    "holder": h.holder if h else None,
                    "form": h.form if h else None,
                }
    texts = [out[i]["text"] for i in out]
    for item_id, doc in zip(out, extractor.nlp.pipe(texts)):
        first = next((e for e in doc.ents if e.label_ in ("PERSON", "ORG")), None)
        out[item_id]["baseline_entity"] = strip_name(first.text) if first is not None else AUTHOR
    return out


def accuracy(rows: list[tuple[dict, str | None]]) -> tuple[float, int]:
    n = len(rows)
    return (sum(same_holder(p, g["holder"]) for g, p in rows) / n if n else float("nan")), n


def report(gold: list[dict], predicted: dict[str, dict]) -> list[str]:
    systems = {
        "dovehawk holders": lambda i: predicted.get(i, {}).get("holder"),
        "always author": lambda i: AUTHOR,
        "first PERSON/ORG entity": lambda i: predicted.get(i, {}).get("baseline_entity", AUTHOR),
    }
    lines = ["| system | all | " + " | ".join(FORMS) + " |", "|---|---|" + "---|" * len(FORMS)]
    for name, system in systems.items():
        cells = []
        for form in (None, *FORMS):
            rows = [(g, system(g["item_id"])) for g in gold if form is None or g["form"] == form]
            acc, n = accuracy(rows)
            cells.append("n/a" if n == 0 else f"{acc:.3f} (n={n})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    registers = sorted({_register(g) for g in gold})
    lines += ["", "| register | dovehawk holders | always author | first PERSON/ORG entity |", "|---|---|---|---|"]
    for register in registers:
        rows = [g for g in gold if _register(g) == register]
        cells = [accuracy([(g, system(g["item_id"])) for g in rows])[0] for system in systems.values()]
        lines.append(f"| {register} (n={len(rows)}) | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    forms = [(g["form"], predicted.get(g["item_id"], {}).get("form")) for g in gold]
    if forms:
        lines.append("")
        lines.append(f"Form accuracy (dovehawk holders): {sum(a == b for a, b in forms) / len(forms):.3f}")
    return lines


def _register(g: dict) -> str:
    return g.get("register") or REGISTER_OF_PREFIX.get(g["item_id"].split("/", 1)[0], "other")


def agreement(a_rows: list[dict], b_rows: list[dict], registers: dict[str, str]) -> list[str]:
    """Holder match rate and Krippendorff's alpha on the form, per register, on the items both labelled."""
    import krippendorff
    import numpy as np

    a = {r["item_id"]: r for r in a_rows}
    b = {r["item_id"]: r for r in b_rows}
    by_register = defaultdict(list)
    for item_id in sorted(set(a) & set(b)):
        register = registers.get(item_id) or REGISTER_OF_PREFIX.get(item_id.split("/", 1)[0], "other")
        by_register[register].append(item_id)
    lines = ["| register | items | holder match | alpha (form) |", "|---|---|---|---|"]
    for register in sorted(by_register) + ["all"]:
        items = [i for ids in by_register.values() for i in ids] if register == "all" else by_register[register]
        match = sum(same_holder(a[i]["holder"], b[i]["holder"]) for i in items) / len(items)
        codes = {f: k for k, f in enumerate(FORMS)}
        data = np.array([[codes.get(x[i]["form"], np.nan) for i in items] for x in (a, b)], dtype=float)
        alpha = krippendorff.alpha(data, level_of_measurement="nominal") if len(set(data.flatten())) > 1 else 1.0
        lines.append(f"| {register} | {len(items)} | {match:.3f} | {alpha:.3f} |")
    return lines


def output_rows(gold: list[dict], predicted: dict[str, dict]) -> list[dict]:
    """One row per gold item for `--output`: the gold holder and form (`gold`, `form`) beside the
    predicted ones (`holder`, `predicted_form`, `baseline_entity`); no sentence text."""
    rows = []
    for g in gold:
        found = predicted.get(g["item_id"], {})
        rows.append(
            {
                "item_id": g["item_id"],
                "gold": g["holder"],
                "form": g["form"],
                "holder": found.get("holder"),
                "predicted_form": found.get("form"),
                "baseline_entity": found.get("baseline_entity"),
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dovehawk.eval.holders", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(DATA / "holders" / "gold.jsonl"), help="gold holders (JSONL)")
    parser.add_argument("--annotators", nargs=2, default=[str(DATA / "holders" / f"annotator_{x}.jsonl") for x in "AB"])
    parser.add_argument("--labels", default=str(DATA / "labels_v2.jsonl"), help="corpus labels (the stance input)")
    parser.add_argument("--split", default="test", help="split of the gold items to score")
    parser.add_argument("--source-dir", help="third-party sources (default: $DOVEHAWK_DATA or ../shared/data)")
    parser.add_argument("--output", help="also write the predictions and figures as JSON here")
    args = parser.parse_args(argv)
    if not Path(args.gold).is_file():
        print(f"dovehawk.eval.holders: error: {args.gold}: no such file", file=sys.stderr)
        return 2
    gold = [g for g in read_jsonl(args.gold) if g.get("split") == args.split]
    if not gold:
        print(f"dovehawk.eval.holders: error: no gold items in split {args.split!r}", file=sys.stderr)
        return 2
    stances = corpus_stances(Path(args.labels))
    predicted = predict(gold, stances, args.source_dir)
    lines = [f"Holder accuracy on the {args.split} split ({len(gold)} stance-bearing sentences):", ""]
    lines += report(gold, predicted)
    if all(Path(p).is_file() for p in args.annotators):
        registers = {i: r for i, (_, r) in stances.items()}
        lines += ["", "Annotator agreement (all splits):", ""]
        lines += agreement(read_jsonl(args.annotators[0]), read_jsonl(args.annotators[1]), registers)
        reread = [Path(args.annotators[0]).with_name(f"reread_{x}.jsonl") for x in "AB"]
        if all(p.is_file() for p in reread):
            lines += ["", "Annotator agreement of the re-read (guideline v1.2; two new annotators):", ""]
            lines += agreement(read_jsonl(reread[0]), read_jsonl(reread[1]), registers)
    print("\n".join(lines))
    if args.output:
        Path(args.output).write_text(
            json.dumps({"lines": lines, "rows": output_rows(gold, predicted)}, indent=1), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
