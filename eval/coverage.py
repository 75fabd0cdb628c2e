"""Do the corpus-level intervals cover the truth? A check on the corpus test split.

The test split plays a researcher's corpus: the model labels every sentence, the gold labels give
the true shares. The raw interval (cluster bootstrap over documents of the model's labels) is one
interval; the prediction-powered interval uses, in each of --repeats draws, a simple random sample
of --sample hand-labelled sentences (here: gold labels). We report whether each interval covers the
true value, and how often (with mean widths) over the draws.

    python -m dovehawk.eval.coverage
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from dovehawk.data import load_corpus
from dovehawk.estimates import MEASURES, cluster_bootstrap, measures, one_hot, ppi_bootstrap
from dovehawk.model.context import of_rows

# Defaults into reports/ and docs/ only in a checkout (pyproject.toml beside): an installed package
# must never write into its own folder.
ROOT = Path(__file__).resolve().parents[1]
CHECKOUT = ROOT if (ROOT / "pyproject.toml").exists() else None


def run(model_path=None, source_dir=None, sample=200, repeats=200, n_boot=300, seed=0, int8=False) -> dict:
    import dovehawk

    rows = [r for r in load_corpus(source_dir)["test"] if r["stance"] is not None]
    labeller = dovehawk.load_model(model_path, quantize=int8)
    predicted = labeller.predict([r["text"] for r in rows], contexts=of_rows(rows, labeller.config.context_window))
    pred = np.array([one_hot(p.stance, p.sentiment) for p in predicted])
    gold = np.array([one_hot(r["stance"], r["sentiment"]) for r in rows])
    docs = defaultdict(list)
    for i, r in enumerate(rows):
        docs[r["doc_id"]].append(i)
    article_counts = np.array([pred[idx].sum(0) for idx in docs.values()])
    truth = measures(gold.sum(0))
    raw = cluster_bootstrap(article_counts, n_boot, seed)
    rng = np.random.default_rng(seed)
    hits, widths = defaultdict(int), defaultdict(list)
    for _ in range(repeats):
        chosen = rng.choice(len(rows), sample, replace=False)
        corrected = ppi_bootstrap(article_counts, pred[chosen], gold[chosen], n_boot, int(rng.integers(1 << 31)))
        for m in MEASURES:
            _, lo, hi = corrected[m]
            hits[m] += lo <= truth[m] <= hi
            widths[m].append(hi - lo)
    out = {
        "n_sentences": len(rows),
        "n_documents": len(docs),
        "sample": sample,
        "repeats": repeats,
        "model": labeller.version,
        "measures": {},
    }
    for m in MEASURES:
        value, lo, hi = raw[m]
        out["measures"][m] = {
            "truth": round(truth[m], 4),
            "raw": round(value, 4),
            "raw_ci": [round(lo, 4), round(hi, 4)],
            "raw_covers": bool(lo <= truth[m] <= hi),
            "corrected_coverage": round(hits[m] / repeats, 3),
            "corrected_mean_width": round(float(np.mean(widths[m])), 4),
        }
    return out


def render(result: dict) -> str:
    lines = [
        f"Test split as a corpus: {result['n_sentences']} sentences, {result['n_documents']} documents, model "
        f"`{result['model']}`; corrected intervals from {result['repeats']} random samples of "
        f"{result['sample']} hand-labelled sentences.",
        "",
        "| measure | true | raw estimate (95% CI) | raw CI covers truth | corrected CI coverage | corrected mean width |",
        "|---|---|---|---|---|---|",
    ]
    for m, v in result["measures"].items():
        lines.append(
            f"| {m} | {v['truth']:.3f} | {v['raw']:.3f} ({v['raw_ci'][0]:.3f}-{v['raw_ci'][1]:.3f}) | "
            f"{'yes' if v['raw_covers'] else 'no'} | {v['corrected_coverage']:.1%} | {v['corrected_mean_width']:.3f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dovehawk.eval.coverage", description=__doc__.splitlines()[0])
    parser.add_argument("--model")
    parser.add_argument("--source-dir")
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--bootstrap", type=int, default=300)
    parser.add_argument("--out", help="results JSON (default in a checkout: reports/coverage.json)")
    parser.add_argument("--update-docs", action="store_true", help="write the table into docs/analysis.md")
    args = parser.parse_args(argv)
    if args.out is None and CHECKOUT is None:
        parser.exit(
            2,
            f"{parser.prog}: error: --out is needed outside a dovehawk checkout "
            "(the default, reports/coverage.json, lies in the checkout)\n",
        )
    if args.update_docs and CHECKOUT is None:
        parser.exit(2, f"{parser.prog}: error: --update-docs needs a dovehawk checkout (docs/analysis.md)\n")
    args.out = args.out or str(CHECKOUT / "reports" / "coverage.json")
    result = run(args.model, args.source_dir, args.sample, args.repeats, args.bootstrap)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    text = render(result)
    print(text)
    if args.update_docs:
        from dovehawk.markdown import update_block

        update_block(CHECKOUT / "docs" / "analysis.md", "coverage", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
