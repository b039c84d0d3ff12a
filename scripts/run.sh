#!/usr/bin/env bash
# Start the action server and the Rasa server, say how to chat, stop both on Ctrl-C.
#   scripts/run.sh          web chat at http://localhost:5005/chat, REST at /webhooks/rest/webhook
#   scripts/run.sh --shell  chat in this terminal instead
set -euo pipefail
cd "$(dirname "$0")/.."

RASA_PORT=${RASA_PORT:-5005}
MODEL=${WEGWIJZER_MODEL:-models/wegwijzer.tar.gz}
BIN=.venv/bin
export TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
# No usage events to Rasa's telemetry service. Logs at INFO (the default, WEGWIJZER_LOG_LEVEL
# to change) carry no message text; DEBUG would log what people type, so it warns.
export RASA_TELEMETRY_ENABLED=false
export LOG_LEVEL=${WEGWIJZER_LOG_LEVEL:-INFO} LOG_LEVEL_LIBRARIES=ERROR
if [ "$LOG_LEVEL" = "DEBUG" ]; then
  echo "WARNING: DEBUG logs contain what people type (names, numbers). Only for a test setup." >&2
fi
mkdir -p var  # the SQLite tracker store (endpoints.yml) lives in var/trackers.db

# A clear message instead of Rasa's traceback when the model is missing or damaged.
if [ ! -f "$MODEL" ] || ! tar -tzf "$MODEL" >/dev/null 2>&1; then
  echo "run: the model $MODEL is missing or damaged. Fix: make clean && make train (or: make run)." >&2
  exit 1
fi

# Rasa's HTTP API (conversations, model management) is bound to localhost and needs a token:
# RASA_API_TOKEN, or a random one kept in var/api-token (readable only by this user).
if [ -z "${RASA_API_TOKEN:-}" ]; then
  if [ ! -s var/api-token ]; then
    (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > var/api-token)
  fi
  RASA_API_TOKEN=$(cat var/api-token)
fi

pids=()
stop() {
  trap - INT TERM HUP EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo; echo "Stopping Wegwijzer…"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop INT TERM HUP EXIT

# The action server, on localhost port 5055 (the one endpoints.yml names).
ACTIONS_PORT=5055 ./scripts/actions.sh &
pids+=($!)

if [ "${1:-}" = "--shell" ]; then
  "$BIN/rasa" shell --model "$MODEL" --endpoints endpoints.yml
  exit 0
fi

# The HTTP API (--enable-api, token-protected), the web chat and the REST channel listen on
# localhost only.
"$BIN/rasa" run --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml \
  --enable-api --auth-token "$RASA_API_TOKEN" --interface 127.0.0.1 --port "$RASA_PORT" &
pids+=($!)

echo "Starting Wegwijzer (about a minute)…"
for _ in $(seq 1 240); do
  if curl -fs "http://127.0.0.1:$RASA_PORT/status?token=$RASA_API_TOKEN" >/dev/null 2>&1; then
    cat <<MSG

Wegwijzer is ready. Chat in your browser (phone or laptop on this machine):

  http://localhost:$RASA_PORT/chat

Or over REST, for example:

  curl -s http://localhost:$RASA_PORT/webhooks/rest/webhook \\
    -H 'Content-Type: application/json' \\
    -d '{"sender": "ik", "message": "wat zeg ik als ik word uitgedaagd?"}'

Or chat in a terminal with: make shell   (stop this one first)
Rasa's HTTP API (localhost only) needs ?token=… (the token is in var/api-token).
Press Ctrl-C to stop.
MSG
    wait -n "${pids[@]}"
    exit $?
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A server stopped while starting; see the log above." >&2; exit 1; }
  done
  sleep 1
done
echo "Wegwijzer did not start within 4 minutes; see the log above." >&2
exit 1
