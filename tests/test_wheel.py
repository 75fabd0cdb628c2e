"""The installed package, not the checkout: build the wheel, install it in a fresh venv, run there.

The fresh venv gets its dependencies (torch, transformers, ...) from the running interpreter's
site-packages through a `.pth` line; a plain path line does not run the `.pth` files found there, so
the editable dovehawk of `.venv` stays out and `import dovehawk` finds the wheel's copy.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED

pytestmark = pytest.mark.wheel
SOURCES = ("pyproject.toml", "README.md", "src", "model", "train", "eval")
ARTICLE = (
    "GENEVA - Negotiators met again on Monday. Both sides must return to the table, the envoy said.\n\n"
    "The minister rejected any talks as a trap.\n"
)


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    pytest.importorskip("setuptools", reason="building the wheel offline needs setuptools in this interpreter")
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"  # a copy, so the build leaves no build/ or *.egg-info in the checkout
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
        else:
            shutil.copy2(path, src / name)
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(src),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(work / "dist"),
        ]
    )
    wheel = next((work / "dist").glob("dovehawk-*.whl"))
    env = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(env)])
    purelib = run([str(env / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    Path(purelib.strip(), "dovehawk-test-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(env / "bin" / "python"),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ]
    )
    return env


def run(command: list[str], **kw) -> str:
    out = subprocess.run(command, capture_output=True, text=True, **kw)
    assert out.returncode == 0, f"{command}: {out.stderr[-2000:]}"
    return out.stdout


def in_venv(env: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a command of the fresh venv from `cwd` (not the checkout), with no corpus settings."""
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "DOVEHAWK_CORPUS", "DOVEHAWK_DATA", "VIRTUAL_ENV")
    }
    environ.update(HF_HUB_OFFLINE="1", PATH=f"{env / 'bin'}{os.pathsep}{environ.get('PATH', '')}")
    return subprocess.run(args, cwd=cwd, env=environ, capture_output=True, text=True, timeout=600)


def package_files(env: Path) -> set[Path]:
    out = in_venv(env, ["python", "-c", "import dovehawk, os; print(os.path.dirname(dovehawk.__file__))"], env)
    folder = Path(out.stdout.strip())
    return {p for p in folder.rglob("*") if "__pycache__" not in p.parts}


def test_the_wheel_is_what_gets_imported_and_has_one_version(venv, tmp_path):
    out = in_venv(
        venv,
        [
            "python",
            "-c",
            "import dovehawk, importlib.metadata as m, json; print(json.dumps("
            "[dovehawk.__file__, dovehawk.__version__, m.version('dovehawk'), m.requires('dovehawk')]))",
        ],
        tmp_path,
    )
    path, declared, installed, requires = json.loads(out.stdout)
    assert Path(path).resolve().is_relative_to(venv.resolve())
    assert declared == installed
    # `dovehawk corpus` and `import-labels` compute agreement with krippendorff: a core dependency.
    assert any(r.startswith("krippendorff") and "extra" not in r for r in requires)


def test_corpus_says_in_one_line_where_the_label_files_go(venv, tmp_path):
    out = in_venv(venv, ["dovehawk", "corpus"], tmp_path)
    assert out.returncode == 2, out.stdout + out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dovehawk: error:"), out.stderr
    assert "not found" in lines[0] and "--data-dir" in lines[0] and "DOVEHAWK_CORPUS" in lines[0]
    assert "rows" not in out.stdout


def test_corpus_reads_an_explicit_data_dir(venv, tmp_path, tiny_corpus):
    out = in_venv(venv, ["dovehawk", "corpus", "--data-dir", str(tiny_corpus)], tmp_path)
    assert out.returncode == 0, out.stderr
    assert "24 rows" in out.stdout  # 8 written rows in each of train, dev and test


def test_corpus_reads_the_checkouts_data(venv, tmp_path):
    if not SHARED.is_dir():
        pytest.skip(f"the checkout's labels need the third-party sources ({SHARED})")
    out = in_venv(venv, ["dovehawk", "corpus", "--data-dir", str(ROOT / "data"), "--source-dir", str(SHARED)], tmp_path)
    assert out.returncode == 0, out.stderr
    rows = int(out.stdout.split(" rows")[0].split()[-1])
    assert rows > 1000


def test_label_uses_the_shipped_model_and_writes_nothing_into_the_package(venv, tmp_path):
    before = package_files(venv)
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    out = in_venv(venv, ["dovehawk", "label", "article.txt", "-o", "out.jsonl"], tmp_path)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["text"] for r in rows] == [
        "GENEVA - Negotiators met again on Monday.",
        "Both sides must return to the table, the envoy said.",
        "The minister rejected any talks as a trap.",
    ]
    assert all(r["stance"] in ("favor", "against", "neutral", "unrelated") for r in rows)
    assert package_files(venv) == before


def test_the_challenge_set_is_package_data(venv, tmp_path):
    out = in_venv(
        venv,
        ["python", "-c", "from dovehawk.eval.challenge import load_challenge; print(len(load_challenge()))"],
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) >= 150


def test_coverage_needs_an_explicit_out_when_installed(venv, tmp_path):
    out = in_venv(venv, ["python", "-m", "dovehawk.eval.coverage"], tmp_path)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "--out" in lines[0], out.stderr
    out = in_venv(venv, ["python", "-m", "dovehawk.eval.bench", "--update-docs"], tmp_path)
    assert out.returncode == 2 and "checkout" in out.stderr and len(out.stderr.strip().splitlines()) == 1
