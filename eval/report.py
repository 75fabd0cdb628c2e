"""Markdown rendering of metrics.json: the full report, and the summary block quoted in the docs.

The README and the model card carry the summary between `<!-- metrics:start -->` and
`<!-- metrics:end -->`; `dovehawk eval` rewrites those blocks, and a test checks they match.
"""

from __future__ import annotations

from dovehawk.labels import HEADS

BLOCK = "metrics"
TARGETS = {"stance": 0.80, "sentiment": 0.75}


def _ci(m: dict) -> str:
    lo, hi = m["macro_f1_ci95"]
    return f"{m['macro_f1']:.3f} ({lo:.3f}-{hi:.3f})"


def render_summary(metrics: dict) -> str:
    """Headline comparison on the corpus test split (macro-F1, 95% document-bootstrap interval)."""
    fp32, int8 = metrics["fp32"]["heads"], metrics["int8"]["heads"]
    int8_default = metrics["int8"].get("is_default", False)
    int8_name = "int8 + fp32 recheck, the default" if int8_default else "int8, opt-in `--int8`"
    fp32_name = "fp32, `--fp32`" if int8_default else "fp32, the default"
    lines = [f"Corpus test split: {metrics['n_test']} sentences in {metrics['n_test_documents']} documents "
             f"(corpus `{metrics['corpus_version']}`, model `{metrics['model_version']}`). "
             "Macro-F1 with a 95% bootstrap interval over documents.", "",
             "| system | stance macro-F1 | sentiment macro-F1 |", "|---|---|---|",
             f"| **dovehawk ({fp32_name})** | **{_ci(fp32['stance'])}** | **{_ci(fp32['sentiment'])}** |",
             f"| **dovehawk ({int8_name})** | **{_ci(int8['stance'])}** | **{_ci(int8['sentiment'])}** |"]
    for name, heads in metrics["baselines"].items():
        cells = [_ci(heads[h]) if h in heads else "n/a" for h in HEADS]
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    lines.append("")
    verdict = []
    for head, target in TARGETS.items():
        values = [fp32[head]["macro_f1"], int8[head]["macro_f1"]]
        verdict.append(f"{head} {values[0]:.3f} (fp32) / {values[1]:.3f} (int8) vs target {target:.2f}: "
                       f"{'met' if min(values) >= target else 'MISSED'}")
    lines.append("Targets: " + "; ".join(verdict) + ".")
    agree = metrics["int8"]["agreement_with_fp32"]
    drop = {h: fp32[h]["macro_f1"] - int8[h]["macro_f1"] for h in HEADS}
    gate = all(agree[h] >= 0.98 and drop[h] <= 0.01 for h in HEADS)
    lines.append(f"int8 vs fp32 on the test split: labels agree on {agree['stance']:.1%} (stance) and "
                 f"{agree['sentiment']:.1%} (sentiment); macro-F1 differs by {-drop['stance']:+.3f} / "
                 f"{-drop['sentiment']:+.3f}; {metrics['int8'].get('rechecked_share', 0):.1%} of sentences "
                 f"were rechecked in fp32. Bar (>= 98% agreement, within 1 point): {'met' if gate else 'MISSED'}.")
    ext = metrics["external"]["newsmtsc_devtest_rw"]
    lines.append(f"External (NewsMTSC devtest_rw, {ext['n']} single-polarity sentences, sentiment): "
                 f"dovehawk {ext['dovehawk_macro_f1']:.3f} macro-F1, VADER {ext['vader_macro_f1']:.3f}.")
    if "challenge_agreement" in metrics:
        a, c32, c8 = metrics["challenge_agreement"], metrics["fp32"]["challenge"], metrics["int8"]["challenge"]
        lines.append(f"Challenge set (plain news-style sentences written for it, labelled blind by two annotators, "
                     f"never trained on; {c32['stance']['n']} with agreed stance, alpha {a['stance']['alpha']:.2f}): "
                     f"stance macro-F1 {c32['stance']['macro_f1']:.3f} (fp32) / {c8['stance']['macro_f1']:.3f} (int8), "
                     f"sentiment {c32['sentiment']['macro_f1']:.3f} / {c8['sentiment']['macro_f1']:.3f} "
                     f"({c32['sentiment']['n']} agreed).")
    t = metrics.get("training", {})
    lines.append(f"Training (from the checkpoint's record): {t.get('train_rows')} rows, {t.get('epochs_run')} epochs, "
                 f"{t.get('minutes')} minutes on the machine that trained it.")
    cal = ", ".join(f"{h} {fp32[h]['ece_before_scaling']:.3f} -> {fp32[h]['ece_after_scaling']:.3f}" for h in HEADS)
    lines.append(f"Expected calibration error before -> after temperature scaling: {cal}.")
    return "\n".join(lines) + "\n"


def render_report(metrics: dict) -> str:
    parts = ["# dovehawk evaluation report", "", "Written by `dovehawk eval`; every figure below is in "
             "`metrics.json` beside this file.", "", "## Summary", "", render_summary(metrics)]
    for variant in ("fp32", "int8"):
        heads = metrics[variant]["heads"]
        parts += [f"## dovehawk {variant}: per class", ""]
        for head, labels in HEADS.items():
            m = heads[head]
            parts += [f"**{head}** (macro-F1 {_ci(m)}, accuracy {m['accuracy']:.3f}, ECE "
                      f"{m['ece_before_scaling']:.3f} before / {m['ece_after_scaling']:.3f} after scaling)", "",
                      "| class | precision | recall | F1 | support |", "|---|---|---|---|---|"]
            for label in labels:
                c = m["per_class"][label]
                parts.append(f"| {label} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | {c['support']} |")
            parts += ["", "Confusion matrix (rows gold, columns predicted):", "",
                      "| gold \\ pred | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
            for label, row in zip(labels, m["confusion"]):
                parts.append(f"| {label} | " + " | ".join(map(str, row)) + " |")
            parts.append("")
    parts += ["## Subsets (fp32)", "", "| subset | sentences | stance macro-F1 | stance acc. | sentiment macro-F1 | "
              "sentiment acc. |", "|---|---|---|---|---|---|"]
    for name, s in metrics["fp32"]["subsets"].items():
        parts.append(f"| {name} | {s['n']} | {s['stance']['macro_f1']:.3f} | {s['stance']['accuracy']:.3f} | "
                     f"{s['sentiment']['macro_f1']:.3f} | {s['sentiment']['accuracy']:.3f} |")
    parts += ["", "## Sentence splitting", "", "Boundary F1 against the gold sentences of ukraine_news_2014 "
              "(all articles, sentences joined by spaces):", "", "| splitter | precision | recall | F1 | seconds |",
              "|---|---|---|---|---|"]
    for name, s in metrics["segmentation"].items():
        parts.append(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['seconds']} |")
    parts.append("")
    return "\n".join(parts)
