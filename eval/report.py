"""Markdown rendering of metrics.json: the full report, and the summary block quoted in the docs.

The README and the model card carry the summary between `<!-- metrics:start -->` and
`<!-- metrics:end -->`; `dovehawk eval` rewrites those blocks, and a test checks they match.
"""

from __future__ import annotations

from dovehawk.labels import HEADS

BLOCK = "metrics"
ACCURATE_BLOCK = "metrics-accurate"  # the opt-in accurate model's figures (`dovehawk eval --model accurate`)
# Targets of the shipped default model (issue 14): real-text test set first.
TARGETS = {"stance": 0.78, "sentiment": 0.75}
REGISTER_TARGET = 0.72
WRITTEN_TARGET = 0.80
MIN_REGISTER_ROWS = 100
REGISTER_SLICES = ("news prose", "official statements", "headlines", "tweets and posts")


def _ci(m: dict) -> str:
    lo, hi = m["macro_f1_ci95"]
    return f"{m['macro_f1']:.3f} ({lo:.3f}-{hi:.3f})"


def _met(ok: bool) -> str:
    return "met" if ok else "MISSED"


def subset_verdicts(subsets: dict) -> list[str]:
    """The per-register targets (registers with enough rows) and the written-sentence target."""
    verdict = []
    for name in REGISTER_SLICES:
        s = subsets.get(name)
        if s and s["n"] >= MIN_REGISTER_ROWS:
            verdict.append(
                f"{name} stance {s['stance']['macro_f1']:.3f} vs {REGISTER_TARGET:.2f}: "
                f"{_met(s['stance']['macro_f1'] >= REGISTER_TARGET)}"
            )
        elif s:
            verdict.append(f"{name}: {s['n']} rows, under {MIN_REGISTER_ROWS}, not judged")
    written = subsets.get("written by the team")
    if written:
        verdict.append(
            f"written-sentence stance {written['stance']['macro_f1']:.3f} vs {WRITTEN_TARGET:.2f}: "
            f"{_met(written['stance']['macro_f1'] >= WRITTEN_TARGET)}"
        )
    return verdict


def render_summary(metrics: dict) -> str:
    """The real-text test set first (macro-F1, 95% bootstrap interval over documents / stories), then its
    slices, then the written sentences, the challenge set and the external check."""
    fp32, int8 = metrics["fp32"], metrics["int8"]
    int8_default = int8.get("is_default", False)
    main, other = (int8, fp32) if int8_default else (fp32, int8)
    main_name = "int8 + fp32 recheck, the default" if int8_default else "fp32, the default"
    other_name = "fp32, `--fp32`" if int8_default else "int8, opt-in `--int8`"
    lines = [
        f"**Real-text test set**: {metrics['n_test']} real sentences, headlines and posts in "
        f"{metrics['n_test_documents']} documents or stories (corpus `{metrics['corpus_version']}`, model "
        f"`{metrics['model_version']}`). Macro-F1 with a 95% bootstrap interval over documents and stories.",
        "",
        "| system | stance macro-F1 | sentiment macro-F1 |",
        "|---|---|---|",
        f"| **dovehawk ({main_name})** | **{_ci(main['heads']['stance'])}** | **{_ci(main['heads']['sentiment'])}** |",
        f"| dovehawk ({other_name}) | {_ci(other['heads']['stance'])} | {_ci(other['heads']['sentiment'])} |",
    ]
    for name, heads in metrics["baselines"].items():
        cells = [_ci(heads[h]) if h in heads else "n/a" for h in HEADS]
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    lines += [
        "",
        f"Slices of the real-text test set (dovehawk, {main_name}; the keyword dictionary's stance "
        "macro-F1 and its gap to dovehawk per register):",
        "",
        "| slice | rows | stance macro-F1 | sentiment macro-F1 | dictionary stance | gap |",
        "|---|---|---|---|---|---|",
    ]
    dictionary = metrics["baselines"].get("keyword dictionary", {}).get("stance", {}).get("registers", {})
    for name, s in main["subsets"].items():
        if name == "written by the team":
            continue
        d = dictionary.get(name)
        dict_cells = f"{d:.3f} | {s['stance']['macro_f1'] - d:+.3f}" if d is not None else "- | -"
        lines.append(f"| {name} | {s['n']} | {_ci(s['stance'])} | {_ci(s['sentiment'])} | {dict_cells} |")
    written = main["subsets"].get("written by the team")
    if written:
        lines.append(
            f"| *secondary:* sentences written by the team (test split) | {written['n']} | "
            f"{_ci(written['stance'])} | {_ci(written['sentiment'])} | - | - |"
        )
    lines.append("")
    verdict = []
    for head, target in TARGETS.items():
        values = [fp32["heads"][head]["macro_f1"], int8["heads"][head]["macro_f1"]]
        verdict.append(
            f"real-text {head} {values[0]:.3f} (fp32) / {values[1]:.3f} (int8) vs {target:.2f}: "
            f"{_met(min(values) >= target)}"
        )
    verdict += subset_verdicts(main["subsets"])
    lines.append("Targets: " + "; ".join(verdict) + ".")
    agree = int8["agreement_with_fp32"]
    drop = {h: fp32["heads"][h]["macro_f1"] - int8["heads"][h]["macro_f1"] for h in HEADS}
    gate = all(agree[h] >= 0.98 and drop[h] <= 0.01 for h in HEADS)
    lines.append(
        f"int8 vs fp32 on the real-text test set: labels agree on {agree['stance']:.1%} (stance) and "
        f"{agree['sentiment']:.1%} (sentiment); macro-F1 differs by {-drop['stance']:+.3f} / "
        f"{-drop['sentiment']:+.3f}; {int8.get('rechecked_share', 0):.1%} of sentences "
        f"were rechecked in fp32. Bar (>= 98% agreement, within 1 point): {_met(gate)}."
    )
    if "challenge_agreement" in metrics:
        a, c32, c8 = metrics["challenge_agreement"], fp32["challenge"], int8["challenge"]
        lines.append(
            f"Challenge set (secondary; plain news-style sentences written for it, labelled blind by two "
            f"annotators, never trained on; {c32['stance']['n']} with agreed stance, alpha "
            f"{a['stance']['alpha']:.2f}): stance macro-F1 {c32['stance']['macro_f1']:.3f} (fp32) / "
            f"{c8['stance']['macro_f1']:.3f} (int8), sentiment {c32['sentiment']['macro_f1']:.3f} / "
            f"{c8['sentiment']['macro_f1']:.3f} ({c32['sentiment']['n']} agreed)."
        )
    ext = metrics["external"]["newsmtsc_devtest_rw"]
    lines.append(
        f"External (NewsMTSC devtest_rw, {ext['n']} single-polarity sentences, sentiment): "
        f"dovehawk {ext['dovehawk_macro_f1']:.3f} macro-F1, VADER {ext['vader_macro_f1']:.3f}."
    )
    t = metrics.get("training", {})
    lines.append(
        f"Training (from the checkpoint's record): {t.get('train_rows')} rows, {t.get('epochs_run')} epochs, "
        f"{t.get('minutes')} minutes on the machine that trained it."
    )
    cal = ", ".join(
        f"{h} {fp32['heads'][h]['ece_before_scaling']:.3f} -> {fp32['heads'][h]['ece_after_scaling']:.3f}"
        for h in HEADS
    )
    lines.append(
        f"Expected calibration error on the real-text test set before -> after calibration (temperature, plus label offsets where the checkpoint has them): {cal}."
    )
    return "\n".join(lines) + "\n"


def render_report(metrics: dict) -> str:
    parts = [
        "# dovehawk evaluation report",
        "",
        "Written by `dovehawk eval`; every figure below is in `metrics.json` beside this file.",
        "",
        "## Summary",
        "",
        render_summary(metrics),
    ]
    for variant in ("fp32", "int8"):
        heads = metrics[variant]["heads"]
        parts += [f"## dovehawk {variant}: per class, real-text test set", ""]
        for head, labels in HEADS.items():
            m = heads[head]
            parts += [
                f"**{head}** (macro-F1 {_ci(m)}, accuracy {m['accuracy']:.3f}, ECE "
                f"{m['ece_before_scaling']:.3f} before / {m['ece_after_scaling']:.3f} after scaling)",
                "",
                "| class | precision | recall | F1 | support |",
                "|---|---|---|---|---|",
            ]
            for label in labels:
                c = m["per_class"][label]
                parts.append(f"| {label} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | {c['support']} |")
            parts += [
                "",
                "Confusion matrix (rows gold, columns predicted):",
                "",
                "| gold \\ pred | " + " | ".join(labels) + " |",
                "|---" * (len(labels) + 1) + "|",
            ]
            for label, row in zip(labels, m["confusion"]):
                parts.append(f"| {label} | " + " | ".join(map(str, row)) + " |")
            parts.append("")
    parts += [
        "## Slices (fp32)",
        "",
        "| slice | rows | stance macro-F1 | stance acc. | sentiment macro-F1 | sentiment acc. |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in metrics["fp32"]["subsets"].items():
        parts.append(
            f"| {name} | {s['n']} | {s['stance']['macro_f1']:.3f} | {s['stance']['accuracy']:.3f} | "
            f"{s['sentiment']['macro_f1']:.3f} | {s['sentiment']['accuracy']:.3f} |"
        )
    parts += [
        "",
        "## Sentence splitting",
        "",
        "Boundary F1 against the gold sentences of ukraine_news_2014 (all articles, sentences joined by spaces):",
        "",
        "| splitter | precision | recall | F1 | seconds |",
        "|---|---|---|---|---|",
    ]
    for name, s in metrics["segmentation"].items():
        parts.append(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['seconds']} |")
    parts.append("")
    return "\n".join(parts)


def render_accurate(metrics: dict) -> str:
    """The opt-in accurate model on the real-text test set, beside the default model on the same rows
    (from the default's metrics.json when it was computed on the same corpus)."""
    acc, default = metrics["bf16"], metrics.get("default")
    lines = [
        f"**Accurate model** (`--model accurate`, `{metrics['model_version']}`, {metrics.get('precision', 'bf16')}) on the same real-text test "
        f"set: {metrics['n_test']} rows (corpus `{metrics['corpus_version']}`). Macro-F1 with a 95% bootstrap "
        "interval over documents and stories"
        + (f"; the default model (`{default['model_version']}`) beside it." if default else "."),
        "",
        "| slice | rows | stance (accurate) | sentiment (accurate) |"
        + (" stance (default) | sentiment (default) |" if default else ""),
        "|---|---|---|---|" + ("---|---|" if default else ""),
    ]
    rows = [("**real-text test set**", metrics["n_test"], acc["heads"], default and default["heads"])]
    for name, s in acc["subsets"].items():
        other = default and default["subsets"].get(name)
        label = "*secondary:* sentences written by the team (test split)" if name == "written by the team" else name
        rows.append((label, s["n"], s, other))
    for label, n, mine, other in rows:
        cells = f"| {label} | {n} | {_ci(mine['stance'])} | {_ci(mine['sentiment'])} |"
        if default:
            cells += f" {_ci(other['stance'])} | {_ci(other['sentiment'])} |" if other else " - | - |"
        lines.append(cells)
    lines.append("")
    verdict = [
        f"real-text {head} {acc['heads'][head]['macro_f1']:.3f} vs {target:.2f}: "
        f"{_met(acc['heads'][head]['macro_f1'] >= target)}"
        for head, target in TARGETS.items()
    ]
    verdict += subset_verdicts(acc["subsets"])
    lines.append("Targets (accurate model): " + "; ".join(verdict) + ".")
    c = acc["challenge"]
    lines.append(
        f"Challenge set (secondary): stance macro-F1 {c['stance']['macro_f1']:.3f}, sentiment "
        f"{c['sentiment']['macro_f1']:.3f}."
    )
    t = metrics.get("training", {})
    cal = ", ".join(
        f"{h} {acc['heads'][h]['ece_before_scaling']:.3f} -> {acc['heads'][h]['ece_after_scaling']:.3f}" for h in HEADS
    )
    lines.append(
        f"Training (from the checkpoint's record): {t.get('train_rows')} rows, {t.get('epochs_run')} epoch(s), "
        f"{t.get('minutes')} minutes on the machine that trained it. Expected calibration error before -> after "
        f"calibration (temperature, plus label offsets where the checkpoint has them): {cal}."
    )
    return "\n".join(lines) + "\n"
