# KruCare: `make run` starts the whole system, `make test` runs lint and the whole suite.
# Both work on a fresh machine with Python 3.11+ and make: they create .venv and install the
# pinned dependencies (requirements.lock) first. DATABASE_URL / CELERY_BROKER_URL / REDIS_URL
# switch from the embedded defaults to real servers.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export PYTHONPATH := $(CURDIR)/platform

.PHONY: help install translations run test lint format bench lock check-python clean

help:
	@echo "make run    - the whole system on http://localhost:8000/ (demo offices included)"
	@echo "make test   - lint (ruff, mypy) and the whole test suite on PostgreSQL"
	@echo "make bench  - the benchmarks in tests/benchmarks/ (prints the figures)"
	@echo "make lint   - ruff and mypy only"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "KruCare needs Python 3.11 or newer (set PYTHON=python3.x)")'

$(STAMP): | check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

translations: install
	$(BIN)/python manage.py compile_translations

run: install translations
	$(BIN)/python manage.py rundev

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy platform tenants apps api

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install translations lint
	$(BIN)/python -m pytest

bench: install translations
	$(BIN)/python -m pytest tests/benchmarks -p no:cacheprovider -s -q --override-ini="addopts=-ra"

lock: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) .var .mypy_cache .ruff_cache .pytest_cache
