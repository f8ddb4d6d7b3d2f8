# `make run` starts the assistant; `make test` runs every test. Both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV := .venv/bin
RASA_DATA := --config config.yml --domain bot/domain --data bot/data

.PHONY: setup train run test lint audit validate bench

setup:
	@bash scripts/bootstrap.sh

# Rasa's dry run exits 0 when the latest model in bot/models is up to date with the data. With no
# model at all (a clean clone) training is needed anyway: the dry run's half a minute is skipped.
train: setup
	@{ ls bot/models/*.tar.gz >/dev/null 2>&1 \
		&& $(VENV)/rasa train --dry-run $(RASA_DATA) --out bot/models >/dev/null 2>&1; } \
		|| $(VENV)/rasa train $(RASA_DATA) --out bot/models
	@ls -t bot/models/*.tar.gz | tail -n +4 | xargs -r rm --

lint: setup
	@$(VENV)/ruff check bot tests bench
	@$(VENV)/ruff format --check bot tests bench
	@$(VENV)/python -m mypy bot/mias bot/store bot/services bot/certificate_pdf bot/rasa_patches

# pip-audit of uv.lock in its own tool environment (see scripts/audit.sh and README's Security).
audit: setup
	@bash scripts/audit.sh

# `rasa data validate`, less the warnings Rasa gives wrongly (see the test's docstring).
validate: setup
	@$(VENV)/python -m pytest -q tests/test_training_data.py

run: train
	@eval "$$($(VENV)/python -m bot.settings)" && exec $(VENV)/honcho start -f Procfile

test: setup lint audit
	@bash scripts/test-deps.sh
	@$(VENV)/python -m pytest

# The figures in README's table: held-out NLU, then the service started on its own ports.
bench: train
	@$(VENV)/python -m bench.nlu_accuracy --held-out && $(VENV)/python -m bench.service
