"""The bench's naive baseline: timed several times among the other paths, ratios against the median."""

from dovehawk.eval.bench import interleaved, median_run, naive_rate


def order_of(jobs: int, runs: int) -> list[str]:
    ran = []

    def job(name):
        return lambda: ran.append(name) or name

    def naive():
        ran.append("naive")
        return {"sentences": 10, "seconds": 1.0}

    done, timings = interleaved([(f"j{i}", job(f"j{i}")) for i in range(jobs)], naive, runs)
    assert done == {f"j{i}": f"j{i}" for i in range(jobs)}
    assert len(timings) == runs
    return ran


def test_naive_runs_come_before_between_and_after_the_other_paths():
    assert order_of(2, 3) == ["naive", "j0", "naive", "j1", "naive"]
    assert order_of(4, 3) == ["naive", "j0", "j1", "naive", "j2", "j3", "naive"]
    assert order_of(2, 2) == ["naive", "j0", "j1", "naive"]
    assert order_of(2, 1) == ["naive", "j0", "j1"]
    assert order_of(1, 4).count("naive") == 4 and order_of(1, 4)[0] == "naive" and order_of(1, 4)[-1] == "naive"


def test_the_baseline_is_the_median_run_and_the_spread_is_printed():
    runs = [{"sentences": 1000, "seconds": s} for s in (20.0, 30.0, 25.0)]  # 50, 33, 40 sentences/s
    assert median_run(runs)["seconds"] == 25.0
    rate, line = naive_rate(runs)
    assert rate == 40.0
    assert "50, 33, 40 sentences/s" in line and "median, 40" in line and "0.83x to 1.25x" in line
    assert median_run(runs[:2])["seconds"] == 20.0  # even count: the faster middle, the smaller ratios
