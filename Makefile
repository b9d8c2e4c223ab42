# Despedida: `make run` serves the app with a demo portfolio; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint test-sqlite test-postgres bench bench-small faults tone-report tone-train tone-corpus messages screenshots clean help

help:
	@echo "make run          set up, load the demo portfolio, serve on http://127.0.0.1:8000"
	@echo "make test         install what the tests need and run them on SQLite and PostgreSQL"
	@echo "make lint         the house's import contracts (import-linter) and ruff"
	@echo "make setup        build the virtualenv (.venv) only"
	@echo "make bench        print the benchmark tables"
	@echo "make faults       kill workers, imports and mail syncs under faults; print what survived (exit 1 on a miss)"
	@echo "make tone-report  precision and recall of the tone checker on the labelled corpus, per split"
	@echo "make tone-train   retrain the tone classifier and the element reader (installs the train extra); reproduces the shipped JSON"
	@echo "make tone-corpus  regenerate the generated corpus letters from the sentence banks"
	@echo "make screenshots  run the browser tests and refresh docs/screenshots"

# The compiled catalogues (.mo) are not tracked: every target that runs the app builds them.
setup: $(STAMP)
	$(BIN)/python scripts/compile_messages.py

$(STAMP): pyproject.toml
	bash scripts/ensure_packages.sh --runtime
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip setuptools wheel
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

messages: setup

run: setup
	$(BIN)/despedida init
	$(BIN)/despedida serve --host $${HOST:-127.0.0.1} --port $${PORT:-8000}

test: setup
	bash scripts/test.sh

# The import contracts of .importlinter and ruff (lint and format); `make test` runs them first.
lint: setup
	bash scripts/test.sh lint

test-sqlite: setup
	bash scripts/test.sh sqlite

test-postgres: setup
	bash scripts/test.sh postgres

# The browser tests again, writing their screenshots into docs/screenshots.
screenshots: setup
	DESPEDIDA_SCREENSHOTS=$(CURDIR)/docs/screenshots bash scripts/test.sh sqlite -m browser

bench: setup
	bash scripts/bench.sh

bench-small: setup
	bash scripts/bench.sh --small

# The outbox, imports and mail syncs under SMTP faults and SIGKILL, and SQLite shared (docs/faults.md).
faults: setup
	$(BIN)/python scripts/faults.py

tone-report: setup
	$(BIN)/python bench/tone_report.py

tone-train: setup
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,train]'
	$(BIN)/python scripts/train_tone_model.py
	$(BIN)/python scripts/train_element_model.py

tone-corpus: setup
	$(BIN)/python corpus/generator/generate.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
