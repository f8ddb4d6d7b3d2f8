# `make run` starts the assistant; `make test` runs every test. Both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV := .venv/bin
RASA_DATA := --config config.yml --domain bot/domain --data bot/data

.PHONY: setup train run test validate bench

setup:
	@bash scripts/bootstrap.sh

train: setup
	@$(VENV)/rasa train $(RASA_DATA) --out bot/models

validate: setup
	@$(VENV)/rasa data validate $(RASA_DATA) --fail-on-warnings

run: train
	@eval "$$($(VENV)/python -m bot.settings)" && exec $(VENV)/honcho start -f Procfile

test: setup
	@$(VENV)/python -m pytest

bench: setup
	@$(VENV)/python -m bench.nlu_accuracy && $(VENV)/python -m bench.turn_time
