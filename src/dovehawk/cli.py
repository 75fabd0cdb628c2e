"""The `dovehawk` command: one argparse subcommand per task, each a thin wrapper over the library.

Each command's module has a function that adds the command's arguments to a parser and one that
runs the parsed arguments; the module is imported only when its command runs (torch is slow to
import), and its `main(argv)` runs the same command through `run_command`.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

EXAMPLE = Path(__file__).parent / "examples" / "ceasefire_talks.txt"

# command: (module, its add-arguments function, its run function, one-line help)
COMMANDS = {
    "label": ("dovehawk.cli", "add_label_arguments", "run_label", "label articles (no input: the bundled example)"),
    "summarize": (
        "dovehawk.summarize",
        "add_arguments",
        "run",
        "grouped shares with intervals (and bias correction), plots",
    ),
    "report": ("dovehawk.html_report", "add_arguments", "run", "a self-contained HTML report of labelled articles"),
    "sample": (
        "dovehawk.annotate",
        "add_sample_arguments",
        "run_sample",
        "pick sentences to hand-label (Label Studio JSON, CSV)",
    ),
    "import-labels": (
        "dovehawk.annotate",
        "add_import_arguments",
        "run_import",
        "read hand labels back: agreement, local training set",
    ),
    "train": ("dovehawk.train.config", "add_arguments", "run", "train a model on the corpus"),
    "eval": (
        "dovehawk.eval.evaluate",
        "add_arguments",
        "run",
        "evaluate a model on the corpus test split and baselines",
    ),
    "corpus": ("dovehawk.corpus_stats", "add_arguments", "run", "check the corpus; print counts, splits and agreement"),
}
BROKEN_PIPE = 141  # what a shell reports for a program ended by SIGPIPE (`dovehawk label x.txt | head`)


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows every option's default, unless its help already says it."""

    def _get_help_string(self, action):
        if "default" in (action.help or ""):
            return action.help
        return super()._get_help_string(action)


def versions() -> str:
    """dovehawk's version and the shipped model's, without importing torch."""
    import importlib.util

    import dovehawk

    model = "unknown"
    spec = importlib.util.find_spec("dovehawk.model")
    if spec is not None and spec.submodule_search_locations:
        config = Path(list(spec.submodule_search_locations)[0]) / "v1" / "dovehawk_config.json"
        try:
            model = json.loads(config.read_text(encoding="utf-8")).get("version", "unknown")
        except (OSError, ValueError):
            pass
    return f"dovehawk {dovehawk.__version__} (shipped model {model})"


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `dovehawk` parser; only `command`'s arguments are added (its module is imported)."""
    parser = argparse.ArgumentParser(
        prog="dovehawk",
        formatter_class=HelpFormatter,
        description="Label news sentences for stance toward negotiation and "
        "sentiment. `dovehawk FILE` labels FILE; `dovehawk` alone "
        "labels the bundled example.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=versions(),
        help="print dovehawk's version and the shipped model's, and exit",
    )
    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    for name, (module, add, run, summary) in COMMANDS.items():
        if name != command:
            commands.add_parser(name, help=summary, add_help=False)
            continue
        imported = importlib.import_module(module)
        # the run function's docstring says what the command does; else the module's first paragraph
        description = _first_sentence(getattr(imported, run).__doc__ or imported.__doc__ or summary)
        sub = commands.add_parser(name, help=summary, description=description, formatter_class=HelpFormatter)
        getattr(imported, add)(sub)
        sub.set_defaults(run=getattr(imported, run))
    return parser


def _first_sentence(doc: str) -> str:
    """A docstring's first paragraph, as one line."""
    return " ".join(doc.strip().split("\n\n")[0].split())


def resolve_command(argv: list[str]) -> tuple[str | None, list[str]]:
    """(command, its arguments). An existing path or '-' (or nothing) means `label`; an unknown
    word is an error, with the closest command."""
    if not argv:
        return "label", []
    first = argv[0]
    if first in COMMANDS:
        return first, argv[1:]
    if first in ("-h", "--help", "--version"):
        return None, argv
    if first == "-" or first.startswith("-") or Path(first).exists():
        return "label", argv
    close = difflib.get_close_matches(first, list(COMMANDS), n=1, cutoff=0.6)
    if close:
        raise UnknownCommand(f"unknown command {first!r}, did you mean {close[0]}?")
    if "/" in first or "." in first or os.sep in first:
        return "label", argv  # a path: label says "no such file"
    raise UnknownCommand(f"unknown command {first!r} (commands: {', '.join(COMMANDS)}; or give a file to label)")


class UnknownCommand(ValueError):
    pass


def main(argv: list[str] | None = None) -> int:
    """`dovehawk ...`: returns the exit status (0 ok, 1 failed, 2 bad input, 130 interrupted)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        command, rest = resolve_command(argv)
    except UnknownCommand as e:
        print(f"dovehawk: error: {e}", file=sys.stderr)
        return 2
    if command is None:
        try:
            build_parser().parse_args(rest)  # --help / --version: prints and exits
        except SystemExit as e:
            return e.code or 0
        return 0
    return run_command(command, rest)


def run_command(command: str, argv: list[str] | None = None) -> int:
    """Run one command with its arguments; every expected failure is one line on stderr."""
    argv = list(sys.argv[1:] if argv is None else argv)
    warnings.showwarning = _warning
    from dovehawk.io import InputError
    from dovehawk.labelling import WorkerDied
    from dovehawk.sources import SourceMissingError

    try:
        try:
            args = build_parser(command).parse_args([command, *argv])
        except SystemExit as e:  # --help, or a usage error argparse has printed
            return e.code or 0
        return args.run(args)
    except BrokenPipeError:
        _silence_stdout()
        return BROKEN_PIPE
    except WorkerDied as e:
        print(
            f"dovehawk: error: a labelling worker died ({e}; out of memory?); the documents written so far are "
            f"kept: rerun the same command to resume, with fewer --workers",
            file=sys.stderr,
        )
        return 1
    except (InputError, SourceMissingError, ValueError) as e:
        print(f"dovehawk: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # unwritable output, a full disk, a missing checkpoint...
        print(f"dovehawk: error: {_os_error(e)}", file=sys.stderr)
        return 2 if isinstance(e, FileNotFoundError) else 1
    except KeyboardInterrupt:
        print("dovehawk: interrupted; rerun the same command to resume", file=sys.stderr)
        return 130


def _os_error(e: OSError) -> str:
    return str(e) if e.filename is None else f"{e.filename}: {e.strerror or e}"


def _silence_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null, so the exit flush makes no noise."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _warning(message, category, filename, lineno, file=None, line=None):
    print(f"warning: {message}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------- label


def add_label_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="*",
        help=".txt article, .jsonl/.csv/.parquet corpus, or - for stdin (default: none, which "
        "labels the bundled example)",
    )
    parser.add_argument(
        "-o",
        "--output",
        help="output file (default: JSONL rows to stdout); an interrupted run resumes when the "
        "same command is run again",
    )
    parser.add_argument(
        "--format", choices=["jsonl", "csv", "parquet"], help="output format (default: from -o's extension, else jsonl)"
    )
    parser.add_argument("--id-column", default="id", help="the id column of a corpus")
    parser.add_argument("--text-column", default="text", help="the text column of a corpus")
    parser.add_argument(
        "--model",
        help="checkpoint folder, or 'accurate' for the opt-in all-mpnet-base-v2 model (slower; needs "
        "scripts/setup.sh --accurate) (default: the shipped model)",
    )
    precision = parser.add_mutually_exclusive_group()
    precision.add_argument(
        "--fp32",
        dest="quantize",
        action="store_false",
        default=None,
        help="full-precision encoder (default: int8 where the checkpoint validated it)",
    )
    precision.add_argument(
        "--int8",
        dest="quantize",
        action="store_true",
        default=None,
        help="int8 encoder even where the checkpoint did not validate it (default: off)",
    )
    parser.add_argument("--no-summary", action="store_true", help="skip the per-document summary file")
    who = parser.add_mutually_exclusive_group()
    who.add_argument(
        "--holders",
        dest="holders",
        action="store_true",
        default=False,
        help="also find who holds each stance (the holder, holder_type, holder_surface and holder_form "
        "columns of stance-bearing sentences; default: off, it costs about 1.6x, see docs/performance.md)",
    )
    who.add_argument(
        "--no-holders", dest="holders", action="store_false", help="leave the holder columns empty (the default)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes labelling in parallel (same output); capped at the CPU cores and at "
        "about 1.5 GiB of available memory per worker",
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the output (and its summary) instead of resuming; needed when -o holds a "
        "file that this run did not write",
    )
    engine = parser.add_argument_group("cluster (--engine ray; pip install 'dovehawk[ray]', see docs/distributed.md)")
    engine.add_argument(
        "--engine",
        choices=["local", "ray"],
        default="local",
        help="local: this machine (--workers); ray: an actor pool on a Ray cluster, INPUT being "
        "shards (files, folders or globs of .parquet/.jsonl/.csv) and -o a folder of Parquet shards",
    )
    engine.add_argument(
        "--address", help="the Ray cluster to join, e.g. HOST:6379 or auto (default: a local Ray instance)"
    )
    engine.add_argument("--actors", type=int, help="labelling actors (default: the cluster's CPUs over --actor-cpus)")
    engine.add_argument("--actor-cpus", type=float, default=1, help="CPUs (torch threads) per actor")


def run_label(args: argparse.Namespace) -> int:
    """Label every sentence of articles for stance and sentiment."""
    from tqdm.auto import tqdm

    import dovehawk
    from dovehawk.io import RowWriter, UniqueIds, count_documents, iter_documents, output_format
    from dovehawk.labelling import label_stream, stop_pool, worker_cap, worker_pool, write_summary
    from dovehawk.manifest import claim_output, fingerprint, finish_manifest, summary_path

    if not args.inputs:
        return show_example(args.model)
    if args.holders:
        from dovehawk.holders import INSTALL_HINT, PIPELINE

        if not _importable(PIPELINE, "textacy"):
            print(f"note: holders skipped: {INSTALL_HINT}", file=sys.stderr)
            args.holders = False
    if args.engine == "ray":
        return run_label_ray(args)
    fmt = output_format(args.format, args.output)
    if args.workers < 1:
        raise ValueError("--workers must be >= 1")
    summary = summary_path(args.output) if args.output and not args.no_summary else None
    run = {
        "inputs": fingerprint(args.inputs),
        "options": {"id_column": args.id_column, "text_column": args.text_column, "holders": args.holders},
    }
    model = dovehawk.load_model(args.model, quantize=args.quantize)
    run["model_version"] = model.version
    state = "new"
    if args.output:
        state = claim_output(args.output, fmt, run, args.overwrite, [summary] if summary else [])
    n_docs = n_sent = 0
    if state != "complete":
        workers, note = worker_cap(args.workers)
        if note:
            print(f"note: {note}", file=sys.stderr)
        pool = worker_pool(workers, args.model, model.quantized, args.holders) if workers > 1 else None
        total = sum(count_documents(p) or 0 for p in args.inputs if p != "-")
        writer = RowWriter(args.output, fmt, stream=sys.stdout, resume=state == "resume")
        progress = tqdm(total=total or None, unit="doc", file=sys.stderr, disable=None)
        unique, complete = UniqueIds(), False
        try:
            for path in args.inputs:
                docs = unique(iter_documents(path, args.id_column, args.text_column))
                d, s = label_stream(model, docs, writer, progress, pool=pool, workers=workers, holders=args.holders)
                n_docs, n_sent = n_docs + d, n_sent + s
            complete = True
        finally:
            progress.close()
            if pool is not None:
                stop_pool(pool)
            writer.close(complete=complete)
            if unique.warning():
                print(f"warning: {unique.warning()}", file=sys.stderr)
    message = f"labelled {n_sent} sentences in {n_docs} documents"
    if state == "resume":
        message = f"resumed, the rows written before kept: labelled {n_sent} more sentences in {n_docs} more documents"
    if args.output:
        if summary:
            write_summary(args.output, fmt, summary)
        if state == "complete":  # one line, not `labelled 0 sentences` after it
            message = f"{args.output} is complete (same input, model and options); nothing to label"
        else:
            message += f" -> {args.output}" + (f" (per-document summary: {summary})" if summary else "")
        finish_manifest(args.output, [args.output, *([summary] if summary else [])])
    print(message, file=sys.stderr)
    return 0


def run_label_ray(args: argparse.Namespace) -> int:
    """`dovehawk label --engine ray`: shards in, a folder of Parquet shards out (see dovehawk.distributed)."""
    from tqdm.auto import tqdm

    from dovehawk.distributed import duplicate_ids, label_shards, require_ray
    from dovehawk.manifest import input_shards, summary_path

    if not args.output:
        raise ValueError("--engine ray needs -o FOLDER (it writes a folder of Parquet shards)")
    if args.format not in (None, "parquet"):
        raise ValueError("--engine ray writes Parquet shards; drop --format")
    if args.workers != 1:
        raise ValueError("--workers is for --engine local; size a Ray run with --actors and --actor-cpus")
    if args.actors is not None and args.actors < 1 or args.actor_cpus <= 0:
        raise ValueError("--actors must be >= 1 and --actor-cpus > 0")
    shards = input_shards(args.inputs)
    ray = require_ray()
    started = not ray.is_initialized()
    if started:
        ray.init(address=args.address, include_dashboard=False, logging_level="warning")
    progress = tqdm(total=len(shards), unit="shard", file=sys.stderr, disable=None)
    try:
        result = label_shards(
            shards,
            args.output,
            args.model,
            quantize=args.quantize,
            id_column=args.id_column,
            text_column=args.text_column,
            summary=not args.no_summary,
            actors=args.actors,
            cpus_per_actor=args.actor_cpus,
            overwrite=args.overwrite,
            holders=args.holders,
            on_shard=lambda r: progress.update(1),
        )
    except ray.exceptions.RayError as e:
        first = (str(e).strip().splitlines() or [e.__class__.__name__])[-1]
        print(
            f"dovehawk: error: the Ray job failed ({first}); complete shards are kept: rerun the same command to resume",
            file=sys.stderr,
        )
        return 1
    finally:
        progress.close()
        if started:
            ray.shutdown()
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    summary = None if args.no_summary else summary_path(args.output)
    duplicates = duplicate_ids(summary) if summary else []
    if duplicates:
        shown = ", ".join(map(repr, duplicates[:5])) + (
            f" and {len(duplicates) - 5} more" if len(duplicates) > 5 else ""
        )
        print(f"warning: document ids in more than one shard (unique within a shard only): {shown}", file=sys.stderr)
    message = (
        f"labelled {result.sentences} sentences in {result.documents} documents, {result.labelled} shard(s)"
        + (f"; {result.skipped} complete shard(s) skipped" if result.skipped else "")
        + f" -> {args.output}/"
        + (f" (per-document summary: {summary}/)" if summary else "")
    )
    print(message, file=sys.stderr)
    return 0


def _importable(*modules: str) -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in modules)


def show_example(model_path: str | None) -> int:
    """Label the bundled example article and print a readable table."""
    import dovehawk
    from dovehawk.estimates import counts_of, measures
    from dovehawk.holders import PIPELINE

    model = dovehawk.load_model(model_path)
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = model.label_document(text, holders=_importable(PIPELINE, "textacy"))
    print(f"dovehawk {model.version}: {EXAMPLE.name} ({len(doc)} sentences)\n")
    print(f"{'#':>2}  {'stance':<10} {'p':>4}  {'sentiment':<9} {'p':>4}  {'holder':<16}  sentence")
    for s in doc:
        short = s.text if len(s.text) <= 56 else s.text[:53] + "..."
        holder = (s.holder or "")[:16]
        print(
            f"{s.index:>2}  {s.stance:<10} {s.stance_scores[s.stance]:.2f}  "
            f"{s.sentiment:<9} {s.sentiment_scores[s.sentiment]:.2f}  {holder:<16}  {short}"
        )
    counts = {k: sum(s.stance == k for s in doc) for k in ("favor", "against", "neutral", "unrelated")}
    index = measures(counts_of([{"scored": True, "stance": s.stance, "sentiment": s.sentiment} for s in doc]))[
        "dove_hawk_index"
    ]
    print(
        "\n"
        + ", ".join(f"{k} {v}" for k, v in counts.items())
        + (f"; dove-hawk index {index:+.2f}" if index == index else "")
    )
    print("\nLabel your own articles: dovehawk label ARTICLE.txt | CORPUS.jsonl -o labelled.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
