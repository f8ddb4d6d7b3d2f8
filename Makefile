# `make run` starts the assistant; `make test` runs every test. Both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV := .venv/bin
RASA_DATA := --config config.yml --domain bot/domain --data bot/data

.PHONY: setup train run test validate bench

setup:
	@bash scripts/bootstrap.sh

# Rasa's dry run exits 0 when the latest model in bot/models is up to date with the data.
train: setup
	@$(VENV)/rasa train --dry-run $(RASA_DATA) --out bot/models >/dev/null 2>&1 \
		|| $(VENV)/rasa train $(RASA_DATA) --out bot/models

validate: setup
	@$(VENV)/rasa data validate $(RASA_DATA) --fail-on-warnings

run: train
	@eval "$$($(VENV)/python -m bot.settings)" && exec $(VENV)/honcho start -f Procfile

test: setup
	@bash scripts/test-deps.sh
	@$(VENV)/python -m pytest

bench: setup
	@$(VENV)/python -m bench.nlu_accuracy && $(VENV)/python -m bench.turn_time
