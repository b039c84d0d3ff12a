#!/usr/bin/env bash
# Create .venv with Python 3.11 from the pinned lock and install the Dutch spaCy pipeline:
# what running Wegwijzer needs (make run), nothing more — no npm, no root. The test tools are
# installed by scripts/setup_dev.sh (make test). Idempotent: a stamp file records the lock
# that was installed, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
LOCK=requirements/lock.txt
STAMP="$VENV/.lock-installed"
PYTHON=${PYTHON:-python3.11}
SPACY_MODEL=nl_core_news_sm
SPACY_MODEL_URL="https://github.com/explosion/spacy-models/releases/download/nl_core_news_sm-3.4.0/nl_core_news_sm-3.4.0-py3-none-any.whl"
LOCAL_MODEL_DIR=${LOCAL_MODEL_DIR:-../shared/models}

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "setup: $PYTHON not found. Install Python 3.11 (or set PYTHON=/path/to/python3.11)." >&2
  exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV with $("$PYTHON" --version)"
  "$PYTHON" -m venv "$VENV"
fi

# Rasa 3.6 declares Requires-Python <3.11; it runs on 3.11 from a fully pinned lock
# (see docs/setup.md). --no-deps keeps pip from re-resolving rasa's own pins.
if [ ! -f "$STAMP" ] || ! cmp -s "$LOCK" "$STAMP"; then
  echo "setup: installing the pinned lock ($(grep -c '==' "$LOCK") packages; about 3 minutes the first time)"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --ignore-requires-python -r "$LOCK"
  cp "$LOCK" "$STAMP"
fi

# The project itself, editable (pyproject.toml): bot, actions, scripts and tests import each
# other as packages, without path tricks. No download: the venv's setuptools and the lock's
# wheel build it.
PROJECT_STAMP="$VENV/.project-installed"
if [ ! -f "$PROJECT_STAMP" ] || ! cmp -s pyproject.toml "$PROJECT_STAMP" || ! "$VENV/bin/python" -c "import bot" >/dev/null 2>&1; then
  echo "setup: installing the project in editable mode"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  cp pyproject.toml "$PROJECT_STAMP"
fi

if "$VENV/bin/python" -c "import $SPACY_MODEL" >/dev/null 2>&1; then
  exit 0
fi

echo "setup: installing the Dutch spaCy pipeline $SPACY_MODEL"
if "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --timeout 15 --retries 0 "$SPACY_MODEL_URL" >/dev/null 2>&1; then
  echo "setup: installed Explosion's $SPACY_MODEL 3.4.0"
  exit 0
fi
wheel=$(ls "$LOCAL_MODEL_DIR"/"$SPACY_MODEL"-*.whl 2>/dev/null | head -n 1 || true)
if [ -n "$wheel" ]; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps "$wheel"
  echo "setup: Explosion's release could not be downloaded; installed the stand-in $(basename "$wheel")"
  exit 0
fi
cat >&2 <<MSG
setup: could not install the Dutch spaCy pipeline $SPACY_MODEL. Either
  1. allow a download of Explosion's release:
       $SPACY_MODEL_URL
  2. or put the stand-in wheel ($SPACY_MODEL-3.4.0+ud-py3-none-any.whl) in $LOCAL_MODEL_DIR
     (set LOCAL_MODEL_DIR to another folder), then run 'make setup' again.
MSG
exit 1
