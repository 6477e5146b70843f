# KruCare: `make run` starts the whole system, `make test` runs lint and the whole suite.
# Both work on a fresh machine with Python 3.11+ and make: they create .venv and install the
# pinned dependencies (requirements.lock) first. DATABASE_URL / CELERY_BROKER_URL / REDIS_URL
# switch from the embedded defaults to real servers.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export PYTHONPATH := $(CURDIR)/platform
# run / test / bench run their command through this: it starts the embedded PostgreSQL (unless
# DATABASE_URL is set) and stops it when the command ends, if it started it.
EMBEDDED := $(BIN)/python platform/config/embedded.py
# For commands that load the settings but never connect (translations, mypy's Django plugin):
# a placeholder URL, so that they do not start the embedded PostgreSQL either.
NO_DATABASE := DATABASE_URL=postgres://unused@127.0.0.1:9/unused

.PHONY: help install translations run test lint format bench bench-scale lock check-python clean stop

help:
	@echo "make run    - the whole system on http://localhost:8000/ (demo offices included)"
	@echo "make test   - lint (ruff, mypy, import layers) and the whole test suite on PostgreSQL"
	@echo "make bench  - the benchmarks in tests/benchmarks/ (prints the figures)"
	@echo "make bench-scale - 245 / 1,000 / 2,450 offices on one PostgreSQL (~1 hour; issue 21)"
	@echo "make lint   - ruff, mypy and the import layers (import-linter) only"
	@echo "make stop   - stop the embedded PostgreSQL a manage.py command left running"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "KruCare needs Python 3.11 or newer (set PYTHON=python3.x)")'

$(STAMP): | check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

translations: install
	$(NO_DATABASE) $(BIN)/python manage.py compile_translations

run: install translations
	$(EMBEDDED) run -- $(BIN)/python manage.py rundev

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(NO_DATABASE) $(BIN)/mypy platform tenants apps api devdata
	PYTHONPATH=platform:. $(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install translations lint
	$(EMBEDDED) run -- $(BIN)/python -m pytest

bench: install translations
	$(EMBEDDED) run -- $(BIN)/python -m pytest tests/benchmarks -p no:cacheprovider -s -q --override-ini="addopts=-ra"

# Not part of `make test` or `make bench`: it builds 2,450 offices (about an hour on 2 cores).
# A PostgreSQL server of its own choosing: KRUCARE_SCALE_DATABASE_URL (default: the machine's
# server at 127.0.0.1:5432, database krucare_scale, created and dropped by the run).
bench-scale: install translations
	$(BIN)/python tests/benchmarks/scale.py $(SCALE_ARGS)

stop:
	@test -x $(BIN)/python || { echo "Nothing to stop (no .venv)."; exit 0; }
	$(EMBEDDED) stop

lock: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) .var .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
