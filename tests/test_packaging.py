"""Packaging facts that need no build: one version declaration, package data listed."""

import re
import tomllib

import dovehawk
from tests.conftest import ROOT


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_version_is_declared_once():
    config = pyproject()
    assert "version" not in config["project"] and "version" in config["project"]["dynamic"]
    assert config["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "dovehawk.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", dovehawk.__version__)


def test_installed_commands_find_their_files_in_the_package():
    from dovehawk.eval.challenge import CHALLENGE

    package_data = pyproject()["tool"]["setuptools"]["package-data"]
    assert CHALLENGE.parent == ROOT / "eval" and CHALLENGE.is_file()
    assert CHALLENGE.name in package_data["dovehawk.eval"]
