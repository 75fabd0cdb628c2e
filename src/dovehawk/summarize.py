"""`dovehawk summarize`: grouped corpus estimates with intervals, as a table and plots."""

from __future__ import annotations

import argparse
import csv
import datetime
import math
import re
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from dovehawk.estimates import FIELDS, MEASURES, cluster_bootstrap, counts_of, one_hot, ppi_bootstrap
from dovehawk.io import HOLDER_COLUMNS, ROW_COLUMNS, InputError, iter_output_rows, labelled_format
from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS

MIN_GROUP_SAMPLE = 30  # below this, a group's correction uses the pooled labelled sample


def iter_articles(paths: list[str]):
    """(first row, rows) per article of dovehawk's labelled output, streaming."""
    for path in paths:
        if not Path(path).is_file():
            raise InputError(f"{path}: no such file")
        current = []
        for row in iter_output_rows(path, labelled_format(path)):
            missing = [c for c in ("doc_id", "stance", "sentiment", "scored") if c not in row]
            if missing:
                raise InputError(f"{path}: not dovehawk output (missing {', '.join(missing)})")
            if current and row["doc_id"] != current[0]["doc_id"]:
                yield current
                current = []
            current.append(row)
        if current:
            yield current


def group_key(row: dict, by: list[str], date_column: str | None, period: str | None) -> tuple:
    key = []
    for column in by:
        if column == "period":
            key.append(period_of(row.get(date_column or "date"), period or "month"))
        elif column not in row:
            raise InputError(f"--by {column}: no such column (columns: {', '.join(row)})")
        else:
            key.append(row[column])
    return tuple(key)


_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for m in names
}
_ISO = re.compile(r"\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?=$|[T\s]|[-+]\d\d:?\d\d$|Z$)")
_NUMERIC = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?=$|[T\s,])")
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_NAMED = [
    re.compile(p)
    for p in (
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b",  # 12 March 2024
        rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b",  # March 12, 2024
        rf"\b{_MONTH},?\s+(?P<year>\d{{4}})\b",  # March 2024
    )
]
UNKNOWN_PERIOD = "unknown"


def parse_date(value) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a date value, month and day None where the value does not give them.

    Forms read: ISO (`2024-03-12`, `2024-03`, `2024`, with a time after `T` or a space; `/` or `.`
    instead of `-` too); numbers with the year last (`12/03/2024`, `12.03.2024`, `12-03-2024`), read
    as day/month/year, as in most of the world's news, unless the second number is above 12 and
    the first is not (`03/25/2024` is then month/day/year); month names in English, full or short,
    with or without a day (`March 2024`, `12 March 2024`, `March 12, 2024`, `Tue, 12 Mar 2024
    10:00:00 +0000`). Dates and datetimes are read as themselves. Anything else: None.

    >>> parse_date("12/03/2024"), parse_date("03/25/2024"), parse_date("March 2024")
    ((2024, 3, 12), (2024, 3, 25), (2024, 3, None))
    """
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.year, value.month, value.day
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if m := _ISO.match(text):
        year, month, day = (int(g) if g else None for g in m.groups())
        return _checked(year, month, day)
    if m := _NUMERIC.match(text):
        first, second, year = (int(g) for g in m.groups())
        day, month = (second, first) if second > 12 >= first else (first, second)
        return _checked(year, month, day)
    for pattern in _NAMED:
        for m in pattern.finditer(text):
            if m.group("month").lower() in _MONTHS:
                day = m.groupdict().get("day")
                return _checked(int(m.group("year")), _MONTHS[m.group("month").lower()], int(day) if day else None)
    return None


def _checked(year: int, month: int | None, day: int | None):
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


def period_of(value, period: str) -> str:
    """The `period` ("year", "month" or "day") of a date value as `2024`, `2024-03` or `2024-03-12`.

    Dates are read by `parse_date` (slashed dates day first: `12/03/2024` is 12 March). A value that
    is missing, is not a date, or is less precise than `period` (`March 2024` by day) gives
    "unknown", with one warning per run.

    >>> period_of("12/03/2024", "month"), period_of("March 2024", "month"), period_of("2024-03-12T10:00", "day")
    ('2024-03', '2024-03', '2024-03-12')
    """
    parsed = parse_date(value)
    if parsed is not None:
        year, month, day = parsed
        if period == "year":
            return f"{year:04d}"
        if period == "day" and month is not None and day is not None:
            return f"{year:04d}-{month:02d}-{day:02d}"
        if period not in ("year", "day") and month is not None:
            return f"{year:04d}-{month:02d}"
    # One constant message, so Python's warning filter shows it once however many rows it concerns.
    warnings.warn(
        f"some dates are missing, not dates, or less precise than --period {period}: their rows are "
        f"grouped under period '{UNKNOWN_PERIOD}' (dates read: 2024-03-12, 12/03/2024 day first, "
        "March 2024, 12 March 2024)",
        stacklevel=2,
    )
    return UNKNOWN_PERIOD


def split_by(by: list[str]) -> list[str]:
    """`--by outlet holder` and `--by outlet,holder` alike."""
    return [c for item in by for c in item.split(",") if c]


def holder_names(paths) -> dict[str, str]:
    """One name per holder over the whole input (`dovehawk.holder_names.canonical_holders`)."""
    from dovehawk.holder_names import canonical_holders

    names = [r.get("holder") for rows in iter_articles(paths) for r in rows if r.get("holder")]
    return canonical_holders(names)


def summarise(paths, by, date_column=None, period=None, hand_labels=None, n_boot=1000, seed=0):
    """Rows of the summary table (one per group) and the stance x sentiment cross-tab.

    An article is a document with at least one scored sentence: only articles count in `n_articles`
    and in the shares and their intervals. Documents with none (not English, empty) are counted
    apart, in `n_unscored_docs`.

    Grouping by a per-sentence column (`holder`, `holder_type`, `holder_form`) splits each article
    into the sentences of each holder: a group's intervals still resample articles (each article's
    sentences with that holder), and sentences without a holder (unrelated, or labelled
    without --holders) are left out of such a grouping. Holder names are joined over the whole input
    (`Zelensky` with `Volodymyr Zelensky`).
    """
    by = split_by(by)
    per_sentence = [c for c in by if c in HOLDER_COLUMNS]
    names = holder_names(paths) if "holder" in per_sentence else {}
    groups: dict[tuple, list[np.ndarray]] = defaultdict(list)
    unscored_docs: Counter = Counter()
    crosstab = np.zeros((len(STANCE_LABELS), len(SENTIMENT_LABELS)), dtype=int)
    doc_group = {}
    for rows in iter_articles(paths):
        if per_sentence:
            parts = defaultdict(list)
            for r in rows:
                if all(r.get(c) not in (None, "") for c in per_sentence):
                    r = {**r, "holder": names.get(r.get("holder"), r.get("holder"))}
                    parts[group_key(r, by, date_column, period)].append(r)
            for key, part in parts.items():
                counts = counts_of(part)
                if counts[0]:
                    groups[key].append(counts)
        else:
            key = group_key(rows[0], by, date_column, period)
            counts = counts_of(rows)
            articles = groups.setdefault(key, [])  # a group of unscored documents only still gets its row
            if not counts[0]:
                # no scored sentence (not English, or empty): not an article of any share or interval
                unscored_docs[key] += 1
                continue
            articles.append(counts)
            doc_group[str(rows[0]["doc_id"])] = key
        for r in rows:
            if str(r.get("scored")) in ("True", "true", "1"):
                crosstab[STANCE_LABELS.index(r["stance"]), SENTIMENT_LABELS.index(r["sentiment"])] += 1
    sample = defaultdict(list)
    for h in hand_labels or []:
        key = doc_group.get(str(h["doc_id"]))
        if key is not None:
            sample[key].append((one_hot(h["model_stance"], h["model_sentiment"]), one_hot(h["stance"], h["sentiment"])))
    pooled = [x for items in sample.values() for x in items]
    table = []
    for key in sorted(groups, key=lambda k: tuple(str(x) for x in k)):
        counts = np.array(groups[key]).reshape(-1, len(FIELDS))
        row = dict(zip(by, key))
        row.update(n_articles=len(counts), n_unscored_docs=unscored_docs[key], n_sentences=int(counts[:, 0].sum()))
        for m, (value, lo, hi) in cluster_bootstrap(counts, n_boot, seed).items():
            row.update({m: _r(value), f"{m}_lo": _r(lo), f"{m}_hi": _r(hi)})
        if pooled:
            items = sample[key] if len(sample[key]) >= MIN_GROUP_SAMPLE else pooled
            pred, gold = np.array([p for p, _ in items]), np.array([g for _, g in items])
            row["correction"] = "group" if items is sample[key] else "pooled"
            row["n_hand_labelled"] = len(items)
            for m, (value, lo, hi) in ppi_bootstrap(counts, pred, gold, n_boot, seed).items():
                row.update({f"{m}_corrected": _r(value), f"{m}_corrected_lo": _r(lo), f"{m}_corrected_hi": _r(hi)})
        table.append(row)
    return table, crosstab


def _r(x: float):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), 4)


def read_hand_labels(path: str) -> list[dict]:
    """Hand labels written by `dovehawk import-labels` (JSONL with doc_id, model_* and human labels)."""
    from dovehawk.io import read_jsonl

    if not Path(path).is_file():
        raise InputError(f"{path}: no such file")
    rows = [r for r in read_jsonl(path) if r.get("purpose", "random") == "random"]
    if not rows:
        raise InputError(f"{path}: no randomly sampled hand labels (use dovehawk sample --random N)")
    return rows


def write_table(table: list[dict], path: str) -> None:
    columns = list(dict.fromkeys(k for row in table for k in row))
    if path.endswith(".parquet"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(table), path)
        return
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(table)


def print_table(table: list[dict], by: list[str], file=None) -> None:
    file = file or sys.stdout
    head = by + [
        "articles",
        "unscored docs",
        "sentences",
        "share_about_negotiation",
        "favor",
        "against",
        "dove-hawk index",
    ]
    print(" | ".join(head), file=file)
    for row in table:
        cells = [str(row[c]) for c in by] + [str(row[c]) for c in ("n_articles", "n_unscored_docs", "n_sentences")]
        for m in ("share_about_negotiation", "favor_share_of_about", "against_share_of_about", "dove_hawk_index"):
            cells.append(
                format_measure(row, m)
                + (f" [corrected {format_measure(row, m + '_corrected')}]" if m + "_corrected" in row else "")
            )
        print(" | ".join(cells), file=file)


def format_measure(row, m, interval="({lo:.2f}-{hi:.2f})"):
    """A measure with its interval (`interval`: how to write it), `n/a` when undefined, and no
    interval for a group of one article (nothing to resample)."""
    if row.get(m) is None:
        return "n/a"
    if row.get(m + "_lo") is None or row.get(m + "_hi") is None:
        return f"{row[m]:.2f} (no interval: one article)"
    return f"{row[m]:.2f} " + interval.format(lo=row[m + "_lo"], hi=row[m + "_hi"])


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", help="dovehawk label output (.jsonl, .csv, .parquet)")
    parser.add_argument("-o", "--output", default="summary.csv", help="table (.csv or .parquet)")
    parser.add_argument(
        "--by",
        nargs="*",
        default=[],
        help="columns to group by (space- or comma-separated): metadata, 'period' for time, 'holder' "
        "(or holder_type, holder_form) for who holds the stance (dovehawk label output)",
    )
    parser.add_argument("--date-column", default="date", help="column holding an ISO date, for --by period")
    parser.add_argument("--period", choices=["day", "month", "year"], default="month", help="length of a period")
    parser.add_argument(
        "--hand-labels", help="dovehawk import-labels output: corrects the shares (PPI) (default: no correction)"
    )
    parser.add_argument("--plots", help="folder for PNG and SVG plots (default: OUTPUT_plots beside the output)")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap replicates")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the bootstrap")


def run(args: argparse.Namespace) -> int:
    """Grouped corpus estimates with intervals, as a table (always written) and plots (with matplotlib)."""
    if not args.output.endswith((".csv", ".parquet")):
        raise InputError(f"{args.output}: the summary is written as .csv or .parquet")
    hand = read_hand_labels(args.hand_labels) if args.hand_labels else None
    by = split_by(args.by)
    table, crosstab = summarise(args.inputs, by, args.date_column, args.period, hand, args.bootstrap, args.seed)
    if not table:
        if set(by) & set(HOLDER_COLUMNS):
            raise InputError("no sentence has a holder (label with `dovehawk label --holders` first)")
        raise InputError("no labelled sentences in the input")
    write_table(table, args.output)
    print_table(table, by)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print(
            f"wrote {args.output} ({len(table)} groups); plots skipped: matplotlib not installed "
            f"(pip install 'dovehawk[report]')",
            file=sys.stderr,
        )
        return 0
    from dovehawk.plots import plot_crosstab, plot_over_time

    folder = Path(args.plots or Path(args.output).with_suffix("").as_posix() + "_plots")
    folder.mkdir(parents=True, exist_ok=True)
    written = plot_crosstab(crosstab, folder)
    if "period" in by:
        written += plot_over_time(table, by, folder)
    print(f"wrote {args.output} ({len(table)} groups) and {len(written)} plots in {folder}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    from dovehawk.cli import run_command

    return run_command("summarize", argv)


__all__ = ["summarise", "main", "FIELDS", "MEASURES", "ROW_COLUMNS"]
