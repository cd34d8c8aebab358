# Innobridge: `make run` starts the app with demo data; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install prepare run demo test lint format messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

prepare: install
	$(BIN)/innobridge migrate --noinput
	$(BIN)/innobridge compiletranslations
	$(BIN)/innobridge collectstatic --noinput --verbosity 0

demo: prepare
	$(BIN)/innobridge demo

run: demo
	$(BIN)/innobridge serve

test: install
	scripts/ensure-chromium
	$(BIN)/innobridge compiletranslations
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (a developer tool, not needed to run or test).
messages: install
	cd innobridge && ../$(BIN)/innobridge makemessages -l zh_Hans -l zh_Hant -l vi --no-obsolete --no-location

clean:
	rm -rf $(VENV) data/static
