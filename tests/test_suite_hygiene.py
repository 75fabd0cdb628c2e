"""The test suite cleans up after itself."""

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_a_test_run_leaves_no_cache_folder_behind(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DOVEHAWK_CACHE"}
    env["TMPDIR"] = str(tmp_path)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(tmp_path / "basetemp"),
            "tests/test_text.py::test_split_handles_empty_and_whitespace",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert not list(tmp_path.glob("dovehawk-test-cache-*"))
