# Wegwijzer: the two commands a newcomer needs are `make run` and `make test`.
# Everything else here is what they are built from.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
RASA := $(BIN)/rasa
SETUP_STAMP := $(VENV)/.setup-done
DEV_STAMP := $(VENV)/.setup-dev-done


export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# Rasa's telemetry would send usage events to a third party: off everywhere.
export RASA_TELEMETRY_ENABLED := false

.PHONY: help setup setup-dev train run shell test test-fast lint validate test-stories cluster accuracy followups safety evaluate teams-package screenshots insights purge audit loadtest scaleout bench deduce knowledge-check knowledge-new clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

setup: $(SETUP_STAMP) ## Create .venv from the pinned lock and install the Dutch spaCy pipeline (what running needs)

$(SETUP_STAMP): requirements/lock.txt scripts/setup.sh pyproject.toml
	./scripts/setup.sh
	@touch $@

setup-dev: $(DEV_STAMP) ## What the tests need besides: pinned test tools, npm packages, Chromium (apt-get, as root)

$(DEV_STAMP): $(SETUP_STAMP) requirements/dev.txt scripts/setup_dev.sh package-lock.json
	./scripts/setup_dev.sh
	@touch $@

train: $(SETUP_STAMP) ## Train the model if there is none or data, config or domain changed
	./scripts/train.sh

run: train ## Start the action server and Rasa (web chat at http://localhost:5005/chat, REST) and say how to chat
	./scripts/run.sh

cluster: train ## The production topology on this machine: PostgreSQL, Redis, REPLICAS (2) Rasa + action servers behind HAProxy (docs/beheer.md)
	./scripts/setup_services.sh
	$(BIN)/python scripts/operate/cluster.py

shell: train ## Chat in the terminal
	./scripts/run.sh --shell

lint: $(DEV_STAMP) ## ruff, and mypy on bot/ and actions/ (settings in pyproject.toml)
	$(BIN)/ruff check bot actions rasa_sdk_plugins tests scripts
	$(BIN)/ruff format --check bot actions rasa_sdk_plugins tests scripts
	$(BIN)/mypy

validate: $(DEV_STAMP) ## Rasa's own data validation, plus knowledge ↔ training data checks
	$(BIN)/pytest -q tests/unit/test_training_data.py

test-fast: lint ## Inner loop: knowledge, quotes, actions, rendering, data validation; no training (about a minute, on every core)
	$(BIN)/pytest -m "not model and not services" -q -n auto --dist loadfile

test-stories: $(DEV_STAMP) train ## Rasa end-to-end conversation tests (tests/stories)
	./scripts/test_stories.sh

test: lint train ## Everything: lint, pytest (data validation, real model, HTTP), conversation tests
	$(BIN)/pytest -q
	./scripts/test_stories.sh

accuracy: train ## Accuracy of the current model per chapter (writes docs/nlu-accuracy.md)
	$(BIN)/python scripts/measure/report_accuracy.py

followups: train ## Two-turn follow-ups on the real servers (tests/followups/heldout.yml; docs/nlu-accuracy.md)
	$(BIN)/python scripts/measure/measure_followups.py

safety: train ## Both acute-danger layers on labelled sets (SETS="tests/safety/*.yml" by default; docs/safety.md)
	$(BIN)/python scripts/measure/measure_safety.py $(or $(SETS),tests/safety/*.yml)

evaluate: $(SETUP_STAMP) ## Compare NLU configurations on the held-out set (writes docs/nlu-evaluation.md)
	$(BIN)/python scripts/measure/evaluate_nlu.py

teams-package: $(SETUP_STAMP) ## Write dist/wegwijzer-teams.zip for Teams (TEAMS_APP_ID, TEAMS_WEBSITE_URL; see docs/teams.md)
	$(BIN)/python scripts/operate/teams_package.py

screenshots: $(DEV_STAMP) train ## Pictures for the README: the Teams cards (docs/teams-*.png) and the web chat (docs/webchat-*.png)
	$(BIN)/python scripts/generate/card_screenshots.py
	$(BIN)/python scripts/generate/webchat_screenshots.py

insights: $(SETUP_STAMP) ## Curators' report: most asked entries, unanswered questions, feedback (reports/insights-<date>.md/.csv; ARGS="--days 7" or ARGS="--since 2026-11-01 --until 2026-11-30")
	$(BIN)/python scripts/operate/insights.py $(ARGS)

knowledge-check: $(SETUP_STAMP) ## Check the organisation's local knowledge folder (WEGWIJZER_LOCAL_KNOWLEDGE or ARGS="--folder …"): schema, sources, verbatim quotes (text or PDF), overlapping questions, then a candidate model's held-out accuracy before and after (ARGS=--quick: only the check; docs/lokale-kennis.md)
	$(BIN)/python scripts/operate/knowledge_check.py $(ARGS)

knowledge-new: $(SETUP_STAMP) ## A new local entry to fill in: make knowledge-new ID=lokaal-wie-bel-ik (in WEGWIJZER_LOCAL_KNOWLEDGE, or ARGS="--folder …")
	$(BIN)/python scripts/operate/knowledge_new.py $(ID) $(ARGS)

purge: $(SETUP_STAMP) ## Delete conversations older than WEGWIJZER_RETENTION_DAYS (default 30) from the tracker store
	$(BIN)/python scripts/operate/purge.py

loadtest: train ## 20 concurrent conversations × 50 messages over REST against the real servers; checks every reply, writes docs/benchmarks.md (ARGS="--url http://localhost:8005" for a running make cluster)
	$(BIN)/python scripts/measure/loadtest.py $(ARGS)

bench: train ## Wegwijzer beside the `rasa init` example bot (built once in a temp folder): latency A/B, throughput at 20 at once, memory, start-up, per-message profile; docs/benchmarks.md
	$(BIN)/python scripts/measure/bench.py $(ARGS)

deduce: $(SETUP_STAMP) ## The redaction beside Deduce (UMC Utrecht) on tests/privacy/, scored alike (Deduce in its own .venv-deduce; decision in docs/privacy.md)
	$(BIN)/python scripts/measure/compare_deduce.py

scaleout: train ## The load test through HAProxy against 1 and 2 replicas of make cluster; figures in docs/benchmarks.md
	./scripts/setup_services.sh
	$(BIN)/python scripts/measure/scaleout.py

audit: ## Dependency vulnerability audit (pip-audit in .venv-audit, npm audit); exit 1 = finding not yet in docs/security.md, 2 = audit incomplete
	./scripts/audit.sh

clean: ## Remove trained models and test results (keeps .venv)
	rm -rf models results .pytest_cache
