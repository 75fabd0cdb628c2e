"""Plots for summaries (matplotlib, PNG and SVG): shares over time with interval bands; cross-tab."""

from __future__ import annotations

from pathlib import Path

from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        from dovehawk.io import InputError

        raise InputError("plots need matplotlib: pip install 'dovehawk[report]'") from None
    return plt


def _save(fig, folder: Path, name: str) -> list[Path]:
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    for p in paths:
        fig.savefig(p, dpi=120, bbox_inches="tight")
    return paths


def plot_crosstab(crosstab, folder: Path) -> list[Path]:
    plt = _pyplot()
    fig = crosstab_figure(crosstab)
    paths = _save(fig, folder, "stance_by_sentiment")
    plt.close(fig)
    return paths


def crosstab_figure(crosstab):
    """Heatmap of sentence counts by stance (rows) and sentiment (columns)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5, 3.6))
    ax.imshow(crosstab, cmap="Blues")
    ax.set_xticks(range(len(SENTIMENT_LABELS)), SENTIMENT_LABELS)
    ax.set_yticks(range(len(STANCE_LABELS)), STANCE_LABELS)
    for i in range(crosstab.shape[0]):
        for j in range(crosstab.shape[1]):
            ax.text(
                j,
                i,
                str(crosstab[i, j]),
                ha="center",
                va="center",
                color="white" if crosstab[i, j] > crosstab.max() / 2 else "black",
            )
    ax.set_xlabel("sentiment")
    ax.set_ylabel("stance")
    ax.set_title("Sentences by stance and sentiment")
    return fig


def plot_over_time(table: list[dict], by: list[str], folder: Path) -> list[Path]:
    """One panel per measure; one line per group (the `by` columns other than period)."""
    plt = _pyplot()
    others = [c for c in by if c != "period"]
    series: dict[tuple, list[dict]] = {}
    for row in table:
        series.setdefault(tuple(row[c] for c in others), []).append(row)
    measures = [
        ("share_about_negotiation", "share of sentences about negotiation"),
        ("favor_share_of_about", "favor share of negotiation sentences"),
        ("dove_hawk_index", "dove-hawk index"),
    ]
    fig, axes = plt.subplots(len(measures), 1, figsize=(8, 8), sharex=True)
    for ax, (m, title) in zip(axes, measures):
        for key, rows in sorted(series.items(), key=lambda kv: str(kv[0])):
            rows = sorted(rows, key=lambda r: str(r["period"]))
            x = [str(r["period"]) for r in rows]
            y = [r[m] if r[m] is not None else float("nan") for r in rows]
            lo = [r[f"{m}_lo"] if r[f"{m}_lo"] is not None else float("nan") for r in rows]
            hi = [r[f"{m}_hi"] if r[f"{m}_hi"] is not None else float("nan") for r in rows]
            label = " / ".join(map(str, key)) or "all"
            ax.plot(x, y, marker="o", label=label)
            ax.fill_between(x, lo, hi, alpha=0.2)
        ax.set_title(title + " (95% cluster-bootstrap interval)")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize="small")
    axes[-1].tick_params(axis="x", rotation=45)
    paths = _save(fig, folder, "shares_over_time")
    plt.close(fig)
    return paths
