#!/usr/bin/env bash
# Train the model when there is none, or when its inputs changed since it was trained.
# The fingerprint is a hash of everything Rasa trains on (config, domain, data/) and of
# the lock; it is computed before training, so edits made during training count as changes.
set -euo pipefail
cd "$(dirname "$0")/.."

MODEL=models/wegwijzer.tar.gz
STAMP=models/wegwijzer.fingerprint

fingerprint() {
  { find data -type f -name '*.yml' | LC_ALL=C sort; echo config.yml domain.yml requirements/lock.txt; } \
    | xargs sha256sum | sha256sum | cut -d' ' -f1
}

current=$(fingerprint)
if [ -f "$MODEL" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$current" ]; then
  echo "train: model is up to date ($MODEL)"
  exit 0
fi

echo "train: training $MODEL (about 30 minutes on 2 cores)"
export TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
rm -f "$STAMP"
.venv/bin/rasa train --config config.yml --domain domain.yml --data data \
  --out models --fixed-model-name wegwijzer
echo "$current" > "$STAMP"
