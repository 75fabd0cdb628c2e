"""Training entry point: `dovehawk train` / `python -m dovehawk.train`."""

from dovehawk.train.config import TrainConfig
from dovehawk.train.trainer import train

__all__ = ["TrainConfig", "train", "main"]


def main(argv: list[str] | None = None) -> int:
    from dovehawk.train.config import parse_args

    config = parse_args(argv)
    train(config)
    return 0
