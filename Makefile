# Innobridge: `make run` starts the app with demo data; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
# The tests' own data folder (innobridge/test_settings.py): never the app's ./data.
TEST_DATA_DIR ?= $(CURDIR)/.test-data

# The annual report's PDF is set in Noto (Latin, Vietnamese, Cyrillic, Arabic; Chinese).
REPORT_FONTS = fonts-noto-core fonts-noto-cjk

.PHONY: install prepare run demo test lint format messages clean bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

prepare: install
	scripts/ensure-debian-packages $(REPORT_FONTS)
	$(BIN)/innobridge migrate --noinput
	$(BIN)/innobridge compiletranslations
	$(BIN)/innobridge collectstatic --noinput --verbosity 0

demo: prepare
	$(BIN)/innobridge demo

run: demo
	$(BIN)/innobridge serve

# Every benchmark, most writing their figures into bench/RESULTS.md (import_listings and
# query_embedding_speed print theirs). 68 minutes on two cores with nothing else running
# (2026-11-30): embedding NTREX and Tatoeba, then corpora of up to 1,000,000 listings.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/innobridge_bench
bench: install
	$(BIN)/python bench/import_listings.py --rows 10000 --runs 3
	$(BIN)/python bench/ntrex_components.py
	$(BIN)/python bench/matching_quality.py
	$(BIN)/python bench/search_quality.py --embedder e5+use
	$(BIN)/python bench/search_speed.py --sizes 10000 100000 1000000
	BENCH_DATABASE_URL=$(BENCH_PG) $(BIN)/python bench/search_speed.py --sizes 100000
	$(BIN)/python bench/query_embedding_speed.py
	$(BIN)/python bench/scheduler.py --repeats 3 --write
	$(BIN)/python bench/analytics.py --repeats 3 --write

test: install
	scripts/ensure-chromium
	scripts/ensure-debian-packages $(REPORT_FONTS) poppler-utils nginx openssl
	INNOBRIDGE_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/innobridge compiletranslations
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/bandit -q -c pyproject.toml -r innobridge
	INNOBRIDGE_TEST_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/bandit -q -c pyproject.toml -r innobridge
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (a developer tool, not needed to run or test).
messages: install
	cd innobridge && ../$(BIN)/innobridge makemessages -l zh_Hans -l zh_Hant -l vi -l ru -l ar --no-obsolete --no-location

clean:
	rm -rf $(VENV) data/static
