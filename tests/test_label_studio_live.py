"""The annotation loop against a real Label Studio server on localhost.

`dovehawk sample` -> a Label Studio project with dovehawk's labelling config, created through the
HTTP API -> the sample tasks imported -> annotations posted -> the JSON export of the API ->
`dovehawk import-labels`, which must read back exactly the labels that were posted.

Label Studio is a Django application with many pinned dependencies, so it lives in its own venv:
`bash scripts/setup.sh --label-studio` creates `.venv-ls` (`.ci/run` does). The test takes the
`label-studio` command from $DOVEHAWK_LABEL_STUDIO, else `.venv-ls/bin/label-studio`, else PATH,
and skips, saying why, where there is none or the server does not start. The server gets a free
port on 127.0.0.1, a data folder and a home of its own (removed afterwards) and no network (no
version check, no analytics); it is stopped whatever the test's outcome.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dovehawk.cli import main
from dovehawk.labels import SENTIMENT_LABELS, STANCE_LABELS

ROOT = Path(__file__).resolve().parents[1]
LABEL_STUDIO_VERSION = "1.23.2"  # what scripts/setup.sh --label-studio installs
STARTUP_LIMIT_S = 600  # the first start migrates a new SQLite database: about 80 s on 2 busy cores
USER, PASSWORD, TOKEN = "dovehawk@example.com", "dovehawk-test-password", "dovehawk-test-token-0123456789"
ARTICLES = [  # (id, text): written for this test
    ("talks", "Talks resumed in Geneva. Both sides must return to the table. A drone hit a depot."),
    ("envoy", "The envoy welcomed the ceasefire. The draft plan contains fourteen points."),
    ("trap", "The minister rejected any talks as a trap. There will be no truce."),
]

pytestmark = pytest.mark.labelstudio


def label_studio_command() -> str:
    """The `label-studio` executable, or a skip naming where it was looked for."""
    explicit = os.environ.get("DOVEHAWK_LABEL_STUDIO")
    if explicit:
        if not (Path(explicit).is_file() and os.access(explicit, os.X_OK)):
            pytest.skip(f"DOVEHAWK_LABEL_STUDIO={explicit} is not an executable")
        return explicit
    local = ROOT / ".venv-ls" / "bin" / "label-studio"
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    found = shutil.which("label-studio")
    if found:
        return found
    pytest.skip(
        f"label-studio not installed: run `bash scripts/setup.sh --label-studio` (label-studio=={LABEL_STUDIO_VERSION}"
        " in .venv-ls), or set DOVEHAWK_LABEL_STUDIO to a label-studio executable"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(base: str, method: str, path: str, body=None, timeout: float = 60):
    request = urllib.request.Request(
        base + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
    except urllib.error.HTTPError as e:
        raise AssertionError(f"Label Studio: {method} {path} -> {e.code}: {e.read()[:500]!r}") from None
    return json.loads(text) if text else None


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


@contextlib.contextmanager
def label_studio_server(command: str) -> Iterator[Callable]:
    """A fresh Label Studio on a free local port; yields `api(method, path, body=None)`."""
    home = Path(tempfile.mkdtemp(prefix="dovehawk-label-studio-"))
    port = _free_port()
    env = {
        **os.environ,
        "HOME": str(home),
        "LABEL_STUDIO_BASE_DATA_DIR": str(home / "data"),
        "LATEST_VERSION_CHECK": "false",  # no call to pypi.org at start
        "COLLECT_ANALYTICS": "false",
        "SENTRY_DSN": "",
        "FRONTEND_SENTRY_DSN": "",
    }
    argv = [command, "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port)]
    argv += ["--username", USER, "--password", PASSWORD, "--user-token", TOKEN, "--enable-legacy-api-token"]
    log_path = home / "server.log"
    process = None
    try:
        with log_path.open("w") as log:
            process = subprocess.Popen(
                argv, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + STARTUP_LIMIT_S
            while True:
                if process.poll() is not None:
                    tail = log_path.read_text(errors="replace")[-1500:]
                    pytest.skip(f"label-studio did not start (exit {process.returncode}): ...{tail}")
                try:
                    _request(base, "GET", "/api/version", timeout=5)
                    break
                except (OSError, AssertionError):
                    if time.monotonic() > deadline:
                        tail = log_path.read_text(errors="replace")[-1500:]
                        pytest.skip(f"label-studio did not answer on {base} within {STARTUP_LIMIT_S} s: ...{tail}")
                    time.sleep(1)
            yield lambda method, path, body=None: _request(base, method, path, body)
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(home, ignore_errors=True)


def _choices(stance: str, sentiment: str) -> list[dict]:
    return [
        {"from_name": "stance", "to_name": "text", "type": "choices", "value": {"choices": [stance]}},
        {"from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": [sentiment]}},
    ]


def test_sample_label_studio_export_import_labels(tiny_checkpoint, tmp_path, capsys):
    command = label_studio_command()
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in ARTICLES))
    labelled = tmp_path / "labelled.jsonl"
    assert main(["label", str(corpus), "-o", str(labelled), "--model", str(tiny_checkpoint)]) == 0
    assert main(["sample", str(labelled), "-o", str(tmp_path / "sample"), "--n", "3", "--random", "4"]) == 0
    tasks = json.loads((tmp_path / "sample.json").read_text(encoding="utf-8"))
    config = (tmp_path / "sample.labelstudio.xml").read_text(encoding="utf-8")
    assert len(tasks) == 7

    posted = {}
    with label_studio_server(command) as api:
        project = api("POST", "/api/projects", {"title": "dovehawk round trip", "label_config": config})
        imported = api("POST", f"/api/projects/{project['id']}/import", tasks)  # the file as sample wrote it
        assert imported["task_count"] == len(tasks)
        listed = sorted(api("GET", f"/api/tasks?project={project['id']}&page_size=100")["tasks"], key=lambda t: t["id"])
        assert [t["data"] for t in listed] == [t["data"] for t in tasks]
        for n, task in enumerate(listed):
            key = (str(task["data"]["doc_id"]), int(task["data"]["sentence_index"]))
            if n == 0:  # the annotator skips one task: a cancelled annotation, not a label
                api("POST", f"/api/tasks/{task['id']}/annotations", {"result": [], "was_cancelled": True})
                continue
            stance, sentiment = STANCE_LABELS[n % len(STANCE_LABELS)], SENTIMENT_LABELS[n % len(SENTIMENT_LABELS)]
            api("POST", f"/api/tasks/{task['id']}/annotations", {"result": _choices(stance, sentiment)})
            posted[key] = (stance, sentiment)
        export = api("GET", f"/api/projects/{project['id']}/export?exportType=JSON")

    export_path = tmp_path / "export.json"
    export_path.write_text(json.dumps(export), encoding="utf-8")
    local = tmp_path / "local.jsonl"
    capsys.readouterr()
    assert main(["import-labels", str(export_path), "-o", str(local)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n"] == len(posted) == len(tasks) - 1
    rows = [json.loads(line) for line in local.read_text(encoding="utf-8").splitlines()]
    assert {(r["doc_id"], r["sentence_index"]): (r["stance"], r["sentiment"]) for r in rows} == posted
    sampled = {(str(t["data"]["doc_id"]), t["data"]["sentence_index"]): t["data"] for t in tasks}
    for r in rows:  # the task data came back through Label Studio unchanged
        task = sampled[(r["doc_id"], r["sentence_index"])]
        assert (r["text"], r["context"], r["purpose"]) == (task["text"], task["context"], task["purpose"])
        assert (r["model_stance"], r["model_sentiment"]) == (task["model_stance"], task["model_sentiment"])
