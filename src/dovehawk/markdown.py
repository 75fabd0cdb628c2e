"""Generated blocks inside hand-written Markdown (README, model card, datasheet).

A block sits between `<!-- NAME:start -->` and `<!-- NAME:end -->`; commands rewrite it, tests
compare it with what the command prints, so no figure in the docs is typed in by hand.
"""

from __future__ import annotations

import re
from pathlib import Path


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def update_block(path: Path, name: str, block: str) -> bool:
    """Replace block `name` of a Markdown file; True when the file changed."""
    start, end = _markers(name)
    text = Path(path).read_text(encoding="utf-8")
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"{path}: no {start} ... {end} block")
    new = pattern.sub(lambda _: f"{start}\n{block}{end}", text)
    if new != text:
        Path(path).write_text(new, encoding="utf-8")
    return new != text


def read_block(path: Path, name: str) -> str:
    start, end = _markers(name)
    text = Path(path).read_text(encoding="utf-8")
    return text[text.index(start) + len(start) + 1 : text.index(end)]
