"""Labelling speed and memory, side by side in one session, with ratios to the naive route.

Builds a corpus from ukraine_news_2014 (all articles, replicated to about --sentences sentences),
then times end to end through `dovehawk label` (splitting, I/O and all), each in a fresh process
whose peak RSS is recorded:
  naive    one sentence at a time, fp32 (on a sample of --naive-sample sentences, extrapolated),
           timed --naive-runs times, spread before, between and after the other paths, so that a
           machine that speeds up or slows down over the session moves the baseline with it; the
           ratios use the median run's rate, and the spread of the runs is printed;
  fp32     batched, length-sorted, fp32 (`dovehawk label --fp32`);
  default  batched, length-sorted, the checkpoint's default precision (`dovehawk label`: int8 with
           an fp32 recheck of near-ties where the checkpoint validated it);
and `model.predict` alone for both. Prints sentences per second, peak RSS, the ratios to
naive, and the agreement of labels between paths. `dovehawk label --holders` on the same corpus
gives the cost of holders (who says it; opt-in since it costs over 1.5x) against the default path
(`--holders-only`: just those two and naive).

    python -m dovehawk.eval.bench --sentences 50000

`--engine ray` instead times `dovehawk label --engine ray` (`dovehawk.distributed`, on a local Ray
instance of --ray-cpus CPUs) against the local path on the same corpus cut into --shards JSONL
shards: 1 and 2 actors of one CPU each, end to end (Ray's start and the actors' model loading
included) and per actor (sentences over the seconds the actors spent on their shards).

    python -m dovehawk.eval.bench --engine ray --sentences 3000
    python -m dovehawk.eval.bench --holders-only --sentences 5000

`--accurate` times the opt-in accurate model (`dovehawk label --model accurate`, bf16) against the
default path and naive on the same corpus.

    python -m dovehawk.eval.bench --accurate --sentences 3000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from dovehawk.sources import iter_ukraine

ROOT = Path(__file__).resolve().parents[1]
CHECKOUT = ROOT if (ROOT / "pyproject.toml").exists() else None  # docs/ to update exist only there


def build_corpus(path: Path, sentences: int, source_dir=None) -> int:
    articles: dict[str, list[str]] = {}
    for row in iter_ukraine(source_dir):
        articles.setdefault(row["doc_id"], []).append(row["text"])
    n = copy = 0
    with path.open("w", encoding="utf-8") as f:
        while n < sentences:
            for doc, sents in articles.items():
                f.write(json.dumps({"id": f"{doc}-{copy}", "text": "\n".join(sents)}) + "\n")
                n += len(sents)
                if n >= sentences:
                    break
            copy += 1
    return n


LABEL = r"""
import json, resource, sys, time
from dovehawk.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
print(json.dumps({"code": code, "seconds": time.perf_counter() - start,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_label(corpus: Path, out: Path, extra: list[str], model: str | None, labels: bool = True) -> dict:
    """`dovehawk label` end to end in a fresh process: wall time and that process's peak RSS."""
    if out.exists():
        out.unlink()
    args = ["label", str(corpus), "-o", str(out), "--no-summary", *extra] + (["--model", model] if model else [])
    result = run_script(LABEL, *args)
    if not labels:
        with out.open("rb") as f:
            first = f.readline()
            return {
                **result,
                "sentences": 1 + sum(1 for _ in f) if first else 0,
                "version": json.loads(first)["model_version"] if first else "",
            }
    rows = [json.loads(line) for line in out.open()]
    return {**result, "sentences": len(rows), "labels": [(r["stance"], r["sentiment"]) for r in rows]}


NAIVE = r"""
import json, sys, time, resource
import dovehawk
from dovehawk.segment import split_sentences
model = dovehawk.load_model(sys.argv[2] or None, quantize=False)
limit = int(sys.argv[3]); n = 0; labels = []
start = time.perf_counter()
for line in open(sys.argv[1]):
    text = json.loads(line)["text"]
    previous = None
    for a, b in split_sentences(text):
        r = model.predict([text[a:b]], contexts=[previous])[0]
        labels.append((r.stance, r.sentiment)); previous = text[a:b]; n += 1
        if n >= limit: break
    if n >= limit: break
print(json.dumps({"seconds": time.perf_counter() - start, "sentences": n, "labels": labels,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PREDICT = r"""
import json, sys, time, resource
import dovehawk
from dovehawk.segment import split_sentences
model = dovehawk.load_model(sys.argv[2] or None, quantize={"fp32": False, "default": None}[sys.argv[3]])
sents, ctxs = [], []
for line in open(sys.argv[1]):
    text = json.loads(line)["text"]; previous = None
    for a, b in split_sentences(text):
        sents.append(text[a:b]); ctxs.append(previous); previous = text[a:b]
start = time.perf_counter()
out = model.predict(sents, contexts=ctxs)
print(json.dumps({"seconds": time.perf_counter() - start, "sentences": len(out), "version": model.version,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_script(script: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def agreement(a: list, b: list) -> float:
    a, b = [tuple(x) if isinstance(x, list) else x for x in a], [tuple(x) if isinstance(x, list) else x for x in b]
    n = min(len(a), len(b))
    return sum(x == y for x, y in zip(a[:n], b[:n])) / max(1, n)


def interleaved(jobs: list[tuple[str, object]], naive, runs: int) -> tuple[dict, list[dict]]:
    """Run `jobs` (name, thunk) in order with `runs` naive timings spread among them: one before the
    first and one after the last (for runs >= 2), the rest between them as evenly as the jobs allow.
    Returns the jobs' results by name and the naive results in the order they ran."""
    at = [round(i * len(jobs) / max(1, runs - 1)) for i in range(runs)] if runs > 1 else [0]
    done, timings = {}, []
    for i in range(len(jobs) + 1):
        timings += [naive() for _ in range(at.count(i))]
        if i < len(jobs):
            name, job = jobs[i]
            done[name] = job()
    return done, timings


def median_run(runs: list[dict]) -> dict:
    """The run with the median rate; for an even count the faster middle one, which gives the other
    paths the smaller ratio."""
    ordered = sorted(runs, key=lambda r: r["sentences"] / r["seconds"])
    return ordered[len(ordered) // 2]


def naive_rate(runs: list[dict]) -> tuple[float, str]:
    """The naive baseline's rate (the median run's) and a line saying how the runs spread."""
    rates = [r["sentences"] / r["seconds"] for r in runs]
    base = median_run(runs)
    rate = base["sentences"] / base["seconds"]
    return rate, (
        f"Naive baseline: {len(runs)} run(s) of {base['sentences']} sentences, before, between and after the "
        f"other paths, at {', '.join(f'{x:.0f}' for x in rates)} sentences/s in the order run; the ratios "
        f"use the median, {rate:.0f} (the runs span {min(rates) / rate:.2f}x to {max(rates) / rate:.2f}x of it)."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dovehawk.eval.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=50_000, help="corpus size for the batched paths")
    parser.add_argument("--naive-sample", type=int, default=1_000, help="sentences timed on the naive path")
    parser.add_argument(
        "--naive-runs",
        type=int,
        default=3,
        help="times the naive path is timed, spread among the other paths (the ratios use the median)",
    )
    parser.add_argument(
        "--predict-sentences",
        type=int,
        default=2_000,
        help="sentences for model.predict alone (keep it <= one copy of the corpus: predict "
        "encodes repeated texts once, which would flatter it)",
    )
    parser.add_argument("--model", help="checkpoint (default: shipped)")
    parser.add_argument("--source-dir")
    parser.add_argument(
        "--memory-only",
        action="store_true",
        help="only the default path, for the peak-RSS check on a large corpus (e.g. 1,000,000)",
    )
    parser.add_argument(
        "--holders-only",
        action="store_true",
        help="only naive, the default path and the default path with --holders (the cost of holders)",
    )
    parser.add_argument(
        "--accurate",
        action="store_true",
        help="only naive, the default path and `--model accurate` (the accurate model's cost)",
    )
    parser.add_argument("--update-docs", action="store_true", help="write the results into docs/performance.md")
    parser.add_argument("--engine", choices=["local", "ray"], default="local", help="ray: the Ray engine vs local")
    parser.add_argument("--shards", type=int, default=8, help="--engine ray: shards the corpus is cut into")
    parser.add_argument("--ray-cpus", type=int, default=2, help="--engine ray: CPUs of the local Ray instance")
    args = parser.parse_args(argv)
    if args.naive_runs < 1 or args.naive_sample < 1:
        parser.exit(2, f"{parser.prog}: error: --naive-runs and --naive-sample must be at least 1\n")
    if args.update_docs and CHECKOUT is None:
        parser.exit(2, f"{parser.prog}: error: --update-docs needs a dovehawk checkout (docs/performance.md)\n")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with tempfile.TemporaryDirectory(prefix="dovehawk-bench-") as tmp:
        if args.engine == "ray":
            return run_ray(args, Path(tmp))
        return run_all(args, Path(tmp))


RAY = r"""
import json, sys, time
start = time.perf_counter()
import ray
from dovehawk.distributed import label_shards
ray.data.DataContext.get_current().enable_progress_bars = False
ray.init(num_cpus=int(sys.argv[3]), include_dashboard=False, logging_level="warning")
try:
    r = label_shards(json.loads(sys.argv[1]), sys.argv[2], sys.argv[5] or None, summary=False,
                     actors=int(sys.argv[4]), cpus_per_actor=1)
finally:
    ray.shutdown()
print(json.dumps({"seconds": time.perf_counter() - start, "sentences": r.sentences,
                  "actor_seconds": r.actor_seconds}))
"""


def run_ray(args, work: Path) -> int:
    """The Ray engine against the local path on the same shards, with 1 and 2 actors."""
    corpus = work / "corpus.jsonl"
    n = build_corpus(corpus, args.sentences, args.source_dir)
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    shards = []
    for i in range(args.shards):
        shard = work / f"shard{i:03d}.jsonl"
        shard.write_text("".join(lines[i :: args.shards]), encoding="utf-8")
        shards.append(str(shard))
    # the int8 encoder cache is built before timing (once per checkpoint, not part of a run's rate)
    run_script(PREDICT, str(shards[0]), args.model or "", "default")
    local = run_script(LABEL, "label", *shards, "-o", str(work / "local.parquet"), "--no-summary",
                       *(["--model", args.model] if args.model else []))  # fmt: skip
    import pyarrow.parquet as pq

    local["sentences"] = pq.ParquetFile(work / "local.parquet").metadata.num_rows
    out = [
        f"Machine: {cpu_name()}, {os.cpu_count()} cores; Ray instance of {args.ray_cpus} CPUs. Corpus: "
        f"ukraine_news_2014 replicated to {n} sentences, in {args.shards} JSONL shards.",
        "",
        "| engine | sentences | seconds (end to end) | sentences/s | x local | sentences/s per actor |",
        "|---|---|---|---|---|---|",
    ]
    base = local["sentences"] / local["seconds"]
    out.append(
        f"| local (`dovehawk label`, 1 process) | {local['sentences']} | {local['seconds']:.1f} | {base:.0f} | 1.00 | - |"
    )
    for actors in (1, 2):
        r = run_script(
            RAY, json.dumps(shards), str(work / f"ray{actors}"), str(args.ray_cpus), str(actors), args.model or ""
        )
        rate = r["sentences"] / r["seconds"]
        out.append(
            f"| ray, {actors} actor(s) x 1 CPU | {r['sentences']} | {r['seconds']:.1f} | {rate:.0f} | "
            f"{rate / base:.2f} | {r['sentences'] / r['actor_seconds'] * actors:.0f} total, "
            f"{r['sentences'] / r['actor_seconds']:.0f} per actor |"
        )
    print("\n".join(out) + "\n")
    return 0


def run_all(args, work: Path) -> int:
    corpus, small = work / "corpus.jsonl", work / "small.jsonl"
    n = build_corpus(corpus, args.sentences, args.source_dir)
    build_corpus(small, args.predict_sentences, args.source_dir)
    import torch

    lines = [
        f"Machine: {cpu_name()}, {os.cpu_count()} cores, torch {torch.__version__} "
        f"({torch.get_num_threads()} threads). Corpus: ukraine_news_2014 replicated to {n} sentences."
    ]
    if args.memory_only:
        r = run_label(corpus, work / "default.jsonl", [], args.model, labels=False)
        text = "\n".join(lines) + (
            f"\n\nDefault path (model `{r['version']}`) on {r['sentences']} sentences: "
            f"{r['seconds']:.0f} s, "
            f"{r['sentences'] / r['seconds']:.0f} sentences/s, peak RSS {r['rss_mib']:.0f} MiB.\n"
        )
        print(text)
        if args.update_docs:
            from dovehawk.markdown import update_block

            update_block(CHECKOUT / "docs" / "performance.md", "memory", text)
        return 0
    if args.holders_only:
        return holders_cost(args, corpus, work, lines)
    if args.accurate:
        return accurate_cost(args, corpus, work, lines)
    predict_default = run_script(PREDICT, str(small), args.model or "", "default")
    default_name = "int8 + fp32 recheck" if predict_default["version"].endswith("+int8") else "fp32"
    plain_name = f"dovehawk label (default: {default_name})"
    done, naive = interleaved(
        [
            ("dovehawk label --fp32", lambda: run_label(corpus, work / "fp32.jsonl", ["--fp32"], args.model)),
            (plain_name, lambda: run_label(corpus, work / "default.jsonl", [], args.model)),
            ("model.predict fp32", lambda: run_script(PREDICT, str(small), args.model or "", "fp32")),
            ("dovehawk label --holders", lambda: run_label(corpus, work / "holders.jsonl", ["--holders"], args.model)),
        ],
        lambda: run_script(NAIVE, str(corpus), args.model or "", str(args.naive_sample)),
        args.naive_runs,
    )
    base, naive_line = naive_rate(naive)
    results = {
        "naive (1 sentence at a time, fp32; median run)": median_run(naive),
        "dovehawk label --fp32": done["dovehawk label --fp32"],
        plain_name: done[plain_name],
        "model.predict fp32": done["model.predict fp32"],
        f"model.predict (default: {default_name})": predict_default,
    }
    lines += ["", "| path | sentences | seconds | sentences/s | x naive | peak RSS MiB |", "|---|---|---|---|---|---|"]
    for name, r in results.items():
        rate = r["sentences"] / r["seconds"]
        lines.append(
            f"| {name} | {r['sentences']} | {r['seconds']:.1f} | {rate:.0f} | {rate / base:.2f} | {r['rss_mib']:.0f} |"
        )
    plain, holders = results[plain_name], done["dovehawk label --holders"]
    lines.append(_row("dovehawk label --holders", holders, base))
    lines += ["", naive_line, "", _holders_line(plain, holders, base)]
    fp32 = results["dovehawk label --fp32"]["labels"]
    default = plain["labels"]
    first = naive[0]
    lines += [
        "",
        f"Agreement with `--fp32` labels: default path stance {agreement([s for s, _ in default], [s for s, _ in fp32]):.4f}, "
        f"sentiment {agreement([s for _, s in default], [s for _, s in fp32]):.4f}; naive (first {first['sentences']} "
        f"sentences) stance {agreement([s for s, _ in first['labels']], [s for s, _ in fp32]):.4f}, "
        f"sentiment {agreement([s for _, s in first['labels']], [s for _, s in fp32]):.4f}.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.update_docs:
        from dovehawk.markdown import update_block

        update_block(CHECKOUT / "docs" / "performance.md", "bench", text)
    return 0


def _row(name: str, r: dict, base: float) -> str:
    rate = r["sentences"] / r["seconds"]
    return f"| {name} | {r['sentences']} | {r['seconds']:.1f} | {rate:.0f} | {rate / base:.2f} | {r['rss_mib']:.0f} |"


def _table(base: float, rows: list[tuple[str, dict]]) -> list[str]:
    """The speed table: one row per (path, result), rates against `base` (naive sentences/s)."""
    head = ["", "| path | sentences | seconds | sentences/s | x naive | peak RSS MiB |", "|---|---|---|---|---|---|"]
    return head + [_row(name, r, base) for name, r in rows]


def _holders_line(plain: dict, holders: dict, base: float) -> str:
    cost = holders["seconds"] / plain["seconds"]
    rate = holders["sentences"] / holders["seconds"]
    return (
        f"Holders: `dovehawk label --holders` takes {cost:.2f}x the time of the default path (no holders) "
        f"on the same input ({rate:.0f} sentences/s, {rate / base:.2f}x naive); "
        + ("over 1.5x, so holders are opt-in." if cost > 1.5 else "within 1.5x: holders could be the default.")
    )


def finish(args, lines: list[str], block: str) -> int:
    """Print the table and, with --update-docs, write it into block `block` of docs/performance.md."""
    text = "\n".join(lines) + "\n"
    print(text)
    if args.update_docs:
        from dovehawk.markdown import update_block

        update_block(CHECKOUT / "docs" / "performance.md", block, text)
    return 0


def holders_cost(args, corpus: Path, work: Path, lines: list[str]) -> int:
    """Naive, the default path and `--holders`, on the same corpus."""
    done, naive = interleaved(
        [
            ("plain", lambda: run_label(corpus, work / "default.jsonl", [], args.model)),
            ("holders", lambda: run_label(corpus, work / "holders.jsonl", ["--holders"], args.model)),
        ],
        lambda: run_script(NAIVE, str(corpus), args.model or "", str(args.naive_sample)),
        args.naive_runs,
    )
    plain, holders = done["plain"], done["holders"]
    base, naive_line = naive_rate(naive)
    lines += _table(
        base,
        [
            ("naive (1 sentence at a time, fp32; median run)", median_run(naive)),
            ("dovehawk label (default, no holders)", plain),
            ("dovehawk label --holders", holders),
        ],
    )
    same = agreement(plain["labels"], holders["labels"])
    lines += [
        "",
        naive_line,
        "",
        _holders_line(plain, holders, base) + f" Labels identical with and without: {same:.4f}.",
    ]
    return finish(args, lines, "holders")


def cpu_name() -> str:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def accurate_cost(args, corpus: Path, work: Path, lines: list[str]) -> int:
    """Naive, the default path and the accurate model, on the same corpus."""
    done, naive = interleaved(
        [
            ("plain", lambda: run_label(corpus, work / "default.jsonl", [], args.model)),
            ("accurate", lambda: run_label(corpus, work / "accurate.jsonl", [], "accurate")),
        ],
        lambda: run_script(NAIVE, str(corpus), args.model or "", str(args.naive_sample)),
        args.naive_runs,
    )
    plain, accurate = done["plain"], done["accurate"]
    base, naive_line = naive_rate(naive)
    lines += _table(
        base,
        [
            ("naive (default model, 1 sentence at a time, fp32; median run)", median_run(naive)),
            ("dovehawk label (default model)", plain),
            ("dovehawk label --model accurate (bf16)", accurate),
        ],
    )
    same = agreement(plain["labels"], accurate["labels"])
    lines += [
        "",
        naive_line,
        "",
        f"The accurate model labels at {plain['seconds'] / accurate['seconds']:.2f}x the default path's speed "
        f"({accurate['seconds'] / plain['seconds']:.2f}x its time) on the same input; the two agree on {same:.4f} "
        "of (stance, sentiment) pairs.",
    ]
    return finish(args, lines, "accurate")


if __name__ == "__main__":
    sys.exit(main())
