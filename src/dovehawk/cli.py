"""The `dovehawk` command: label, train, eval, corpus. Thin wrappers over the library."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

EXAMPLE = Path(__file__).parent / "examples" / "ceasefire_talks.txt"


def _warning(message, category, filename, lineno, file=None, line=None):
    print(f"warning: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    commands = {"label": label_main, **{name: delegate(name) for name in DELEGATED}}
    if not argv or argv[0] not in commands:
        if argv and argv[0] in ("-h", "--help"):
            print("usage: dovehawk COMMAND ...\n\n"
                  "  label          label articles (no input: the bundled example)\n"
                  "  summarize      grouped shares with intervals (and bias correction), plots\n"
                  "  report         a self-contained HTML report of labelled articles\n"
                  "  sample         pick sentences to hand-label (Label Studio JSON, CSV)\n"
                  "  import-labels  read hand labels back: agreement, local training set\n"
                  "  train          train a model on the corpus\n"
                  "  eval           evaluate a model on the corpus test split and baselines\n"
                  "  corpus         check the corpus; print counts, splits and agreement")
            return 0
        argv = ["label", *argv]  # `dovehawk` alone, or `dovehawk FILE`, labels
    warnings.showwarning = _warning
    from dovehawk.io import InputError
    from dovehawk.sources import SourceMissingError

    try:
        return commands[argv[0]](argv[1:])
    except (InputError, SourceMissingError, FileNotFoundError, ValueError) as e:
        print(f"dovehawk: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dovehawk: interrupted; rerun the same command to resume", file=sys.stderr)
        return 130


def label_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="dovehawk label",
                                     description="Label every sentence of articles for stance and sentiment.")
    parser.add_argument("inputs", nargs="*", help=".txt article, .jsonl/.csv/.parquet corpus, or - for stdin")
    parser.add_argument("-o", "--output", help="output file (default: stdout); rerun to resume")
    parser.add_argument("--format", choices=["jsonl", "csv", "parquet"],
                        help="output format (default: from -o's extension, else jsonl)")
    parser.add_argument("--id-column", default="id")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--model", help="checkpoint folder (default: the shipped model)")
    precision = parser.add_mutually_exclusive_group()
    precision.add_argument("--fp32", dest="quantize", action="store_false", default=None,
                           help="full-precision encoder (default: int8 where the checkpoint validated it)")
    precision.add_argument("--int8", dest="quantize", action="store_true", default=None,
                           help="int8 encoder even where the checkpoint did not validate it")
    parser.add_argument("--no-summary", action="store_true", help="skip the per-document summary file")
    parser.add_argument("--workers", type=int, default=1, help="processes labelling in parallel (same output)")
    args = parser.parse_args(argv)

    from tqdm.auto import tqdm

    import dovehawk
    from dovehawk.io import count_documents, iter_documents
    from dovehawk.labelling import RowWriter, check_output_format, label_stream, worker_pool, write_summary

    if not args.inputs:
        return show_example(args.model)
    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if args.output else "jsonl")
    check_output_format(fmt, args.output)
    if args.workers < 1:
        raise ValueError("--workers must be >= 1")
    model = dovehawk.load_model(args.model, quantize=args.quantize)
    pool = worker_pool(args.workers, args.model, model.quantized) if args.workers > 1 else None
    total = sum(count_documents(p) or 0 for p in args.inputs if p != "-")
    writer = RowWriter(args.output, fmt, stream=sys.stdout)
    progress = tqdm(total=total or None, unit="doc", file=sys.stderr, disable=None)
    n_docs = n_sent = 0
    try:
        for path in args.inputs:
            docs = iter_documents(path, args.id_column, args.text_column)
            d, s = label_stream(model, docs, writer, progress, pool=pool, workers=args.workers)
            n_docs, n_sent = n_docs + d, n_sent + s
    finally:
        writer.close()
        progress.close()
        if pool is not None:
            pool.terminate()
    message = f"labelled {n_sent} sentences in {n_docs} documents"
    if args.output and not args.no_summary:
        out = Path(args.output)
        summary = str(out.with_name(out.stem + ".summary" + out.suffix))
        write_summary(args.output, fmt, summary)
        message += f" -> {args.output} (per-document summary: {summary})"
    print(message, file=sys.stderr)
    return 0


def show_example(model_path: str | None) -> int:
    """Label the bundled example article and print a readable table."""
    import dovehawk
    from dovehawk.estimates import counts_of, measures

    model = dovehawk.load_model(model_path)
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = model.label_document(text)
    print(f"dovehawk {model.version}: {EXAMPLE.name} ({len(doc)} sentences)\n")
    print(f"{'#':>2}  {'stance':<10} {'p':>4}  {'sentiment':<9} {'p':>4}  sentence")
    for s in doc:
        short = s.text if len(s.text) <= 72 else s.text[:69] + "..."
        print(f"{s.index:>2}  {s.stance:<10} {s.stance_scores[s.stance]:.2f}  "
              f"{s.sentiment:<9} {s.sentiment_scores[s.sentiment]:.2f}  {short}")
    counts = {k: sum(s.stance == k for s in doc) for k in ("favor", "against", "neutral", "unrelated")}
    index = measures(counts_of([{"scored": True, "stance": s.stance, "sentiment": s.sentiment} for s in doc]))[
        "dove_hawk_index"]
    print("\n" + ", ".join(f"{k} {v}" for k, v in counts.items())
          + (f"; dove-hawk index {index:+.2f}" if index == index else ""))
    print("\nLabel your own articles: dovehawk label ARTICLE.txt | CORPUS.jsonl -o labelled.csv")
    return 0


# Subcommands implemented elsewhere: module and function, imported only when used.
DELEGATED = {
    "train": ("dovehawk.train", "main"),
    "eval": ("dovehawk.eval", "main"),
    "corpus": ("dovehawk.corpus_stats", "main"),
    "summarize": ("dovehawk.summarize", "main"),
    "report": ("dovehawk.html_report", "main"),
    "sample": ("dovehawk.annotate", "sample_main"),
    "import-labels": ("dovehawk.annotate", "import_main"),
}


def delegate(name: str):
    def run(argv: list[str]) -> int:
        import importlib

        module, function = DELEGATED[name]
        return getattr(importlib.import_module(module), function)(argv)

    return run


if __name__ == "__main__":
    sys.exit(main())
