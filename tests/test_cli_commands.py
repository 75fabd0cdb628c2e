"""The `dovehawk` command line: subcommands, unknown words, --version, and --help texts."""

import json
import subprocess
import sys

import pytest

from dovehawk.cli import COMMANDS, HelpFormatter, build_parser, main


def test_an_unknown_command_is_named_with_the_closest_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["trian"]) == 2
    out, err = capsys.readouterr()
    assert err == "dovehawk: error: unknown command 'trian', did you mean train?\n" and not out
    assert main(["sumarize", "x.csv"]) == 2
    assert "did you mean summarize?" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'frobnicate'" in err and "label" in err and len(err.splitlines()) == 1


def test_a_file_argument_still_labels(tiny_checkpoint, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "trian").write_text("Talks resumed in Geneva.")  # an existing path wins over a command guess
    assert main(["trian", "--model", str(tiny_checkpoint)]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["doc_id"] == "trian"
    assert main(["missing.txt", "--model", str(tiny_checkpoint)]) == 2
    assert "missing.txt: no such file" in capsys.readouterr().err


def test_version_names_the_package_and_the_shipped_model(capsys):
    import dovehawk

    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    shipped = json.loads(
        (__import__("pathlib").Path(dovehawk.__file__).parents[2] / "model" / "v1" / "dovehawk_config.json").read_text()
    )["version"]
    assert out.strip() == f"dovehawk {dovehawk.__version__} (shipped model {shipped})"


def test_top_level_help_lists_every_command(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in ("train", "eval")])
def test_every_option_shows_its_default_and_descriptions_are_sentences(command):
    parser = build_parser(command)
    sub = parser._subparsers._group_actions[0].choices[command]
    assert sub.description and sub.description.endswith(".") and sub.description[0].isupper()
    formatter = HelpFormatter(prog="dovehawk")
    for action in sub._actions:
        if action.option_strings and action.dest != "help":
            assert "default" in formatter._get_help_string(action), (command, action.option_strings)


def test_train_and_eval_help_show_defaults():
    """train and eval import torch, so they run in a subprocess like a user's shell would."""
    for command in ("train", "eval"):
        out = subprocess.run(
            [sys.executable, "-m", "dovehawk.cli", command, "--help"], capture_output=True, text=True, check=True
        ).stdout
        options = [line for line in out.splitlines() if line.strip().startswith("--")]
        assert options
        text = " ".join(out.split())
        assert text.count("(default") >= len(options) - 1, command  # --help itself has none


def test_heavy_modules_are_imported_only_by_their_command():
    code = (
        "import sys; from dovehawk.cli import build_parser; build_parser('summarize'); "
        "print(sorted(m for m in ('torch', 'transformers', 'dovehawk.train', 'dovehawk.eval.evaluate') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_module_mains_still_work(tmp_path, capsys):
    from dovehawk.summarize import main as summarize_main

    assert summarize_main([str(tmp_path / "nope.jsonl")]) == 2
    assert "nope.jsonl: no such file" in capsys.readouterr().err


def _corpus_options(parser) -> list[tuple]:
    return [
        (a.option_strings, a.dest, a.default, a.help, a.type, a.nargs, a.required)
        for a in parser._actions
        if a.dest in ("source_dir", "data_dir")
    ]


def test_corpus_and_eval_share_one_definition_of_source_dir_and_data_dir():
    import argparse

    from dovehawk.data import add_corpus_arguments

    shared = argparse.ArgumentParser()
    add_corpus_arguments(shared)
    assert [o[0] for o in _corpus_options(shared)] == [["--source-dir"], ["--data-dir"]]
    argv = ["--source-dir", "sources", "--data-dir", "labels"]
    for command in ("corpus", "eval"):
        sub = build_parser(command)._subparsers._group_actions[0].choices[command]
        assert _corpus_options(sub) == _corpus_options(shared), command
        args = sub.parse_args(argv)
        assert (args.source_dir, args.data_dir) == ("sources", "labels"), command
        assert (sub.parse_args([]).source_dir, sub.parse_args([]).data_dir) == (None, None), command
