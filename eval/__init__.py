"""Evaluation: `dovehawk eval` writes metrics.json and a Markdown report for a checkpoint."""


def main(argv=None) -> int:
    from dovehawk.eval.evaluate import main as _main

    return _main(argv)
