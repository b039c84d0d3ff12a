#!/usr/bin/env bash
# Start the action server (rasa-sdk) as `make run` and the tests do.
#   ACTIONS_PORT              port (default 5055, the one endpoints.yml names)
#   WEGWIJZER_ACTIONS_HOST    interface to listen on (default 127.0.0.1: only Rasa, on this
#                             machine, talks to it; set 0.0.0.0 only if Rasa runs elsewhere)
# rasa-sdk 3.6 has no --interface option; it reads the interface from SANIC_HOST.
set -euo pipefail
cd "$(dirname "$0")/.."
export SANIC_HOST="${WEGWIJZER_ACTIONS_HOST:-127.0.0.1}"
exec .venv/bin/rasa run actions --actions actions --port "${ACTIONS_PORT:-5055}"
