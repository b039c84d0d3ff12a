#!/usr/bin/env bash
# Rasa's end-to-end conversation tests (tests/stories/): real NLU on the user's text,
# then the dialogue policies' predictions, against the trained model.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
rm -rf results/stories
.venv/bin/rasa test core --model models/wegwijzer.tar.gz --stories tests/stories \
  --out results/stories --fail-on-prediction-errors --no-plot
echo "conversation tests: all stories passed (details in results/stories)"
