#!/usr/bin/env bash
# Train the model when there is none, or when its inputs changed since it was trained.
# The fingerprint is a hash of everything Rasa trains on (config, domain, data/), of our
# NLU components' code (bot/nlu/classifier.py, bot/nlu/rasa_classifier.py, bot/nlu/rasa_roles.py,
# bot/nlu/roles.py) and of the lock; it is computed before training, so edits made during training count as changes. --force: Rasa's
# own cache keys components by config and data, not by our classifier's code.
set -euo pipefail
cd "$(dirname "$0")/.."

# WEGWIJZER_MODELS_DIR: where the model goes (default models/; the local-knowledge tests and
# make knowledge-check train a candidate model elsewhere).
MODELS=${WEGWIJZER_MODELS_DIR:-models}
MODEL=$MODELS/wegwijzer.tar.gz
STAMP=$MODELS/wegwijzer.fingerprint

# The organisation's local knowledge (docs/lokale-kennis.md), when WEGWIJZER_LOCAL_KNOWLEDGE
# names a folder: its entries' questions are trained on too, from generated files in
# models/local/; its entries (and the folder's path) are part of the fingerprint.
LOCAL=${WEGWIJZER_LOCAL_KNOWLEDGE:-}
LOCAL_BUILD=$MODELS/local

fingerprint() {
  { find data domain -type f -name '*.yml' | LC_ALL=C sort; echo config.yml requirements/lock.txt bot/nlu/classifier.py bot/nlu/rasa_classifier.py bot/nlu/rasa_roles.py bot/nlu/roles.py;
    if [ -n "$LOCAL" ]; then find "$LOCAL/entries" -type f -name '*.yml' | LC_ALL=C sort; fi; } \
    | xargs sha256sum | { cat; if [ -n "$LOCAL" ]; then echo "local:$LOCAL"; fi; } \
    | sha256sum | cut -d' ' -f1
}

current=$(fingerprint)
if [ -f "$MODEL" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$current" ]; then
  echo "train: model is up to date ($MODEL)"
  exit 0
fi

echo "train: training $MODEL (about a minute)"
export TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
rm -f "$STAMP"
DOMAIN=domain
DATA=(data)
if [ -n "$LOCAL" ]; then
  .venv/bin/python scripts/generate/local_training.py "$LOCAL" "$LOCAL_BUILD"
  DOMAIN=$LOCAL_BUILD/domain
  DATA+=("$LOCAL_BUILD/data")
fi
.venv/bin/rasa train --force --config config.yml --domain "$DOMAIN" --data "${DATA[@]}" \
  --out "$MODELS" --fixed-model-name wegwijzer
echo "$current" > "$STAMP"
