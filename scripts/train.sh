#!/usr/bin/env bash
# Train the model when there is none, or when its inputs changed since it was trained.
# The fingerprint is a hash of everything Rasa trains on (config, domain, data/), of our
# NLU components' code (bot/nlu/classifier.py, bot/nlu/rasa_classifier.py, bot/nlu/rasa_roles.py,
# bot/nlu/roles.py) and of the lock; it is computed before training, so edits made during training count as changes. --force: Rasa's
# own cache keys components by config and data, not by our classifier's code.
set -euo pipefail
cd "$(dirname "$0")/.."

MODEL=models/wegwijzer.tar.gz
STAMP=models/wegwijzer.fingerprint

fingerprint() {
  { find data domain -type f -name '*.yml' | LC_ALL=C sort; echo config.yml requirements/lock.txt bot/nlu/classifier.py bot/nlu/rasa_classifier.py bot/nlu/rasa_roles.py bot/nlu/roles.py; } \
    | xargs sha256sum | sha256sum | cut -d' ' -f1
}

current=$(fingerprint)
if [ -f "$MODEL" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$current" ]; then
  echo "train: model is up to date ($MODEL)"
  exit 0
fi

echo "train: training $MODEL (about a minute)"
export TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
rm -f "$STAMP"
.venv/bin/rasa train --force --config config.yml --domain domain --data data \
  --out models --fixed-model-name wegwijzer
echo "$current" > "$STAMP"
