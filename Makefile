# SimplyCRM developer commands. `make run` and `make test` are all a new machine needs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test lint format worker beat bench check clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "SimplyCRM needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

## run: migrate, load the demo data and serve the API on http://localhost:$(PORT)
run: $(VENV)/.runtime-installed
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "SimplyCRM is starting on http://localhost:$(PORT)"
	@echo "  API docs (Swagger UI): http://localhost:$(PORT)/api/docs/"
	@echo "  OpenAPI schema:        http://localhost:$(PORT)/api/schema/"
	@echo "  Admin:                 http://localhost:$(PORT)/admin/  (admin / admin)"
	@echo "  Demo users (password 'secret'): demo (Enterprise), pro (Pro), free (Free)"
	@echo ""
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: run the whole test suite (SQLite unless DATABASE_URL is set)
test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## lint: ruff check and format check, as CI runs them
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## format: apply ruff's fixes and formatting
format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## worker: a Celery worker (needs CELERY_BROKER_URL or REDIS_URL)
worker: $(VENV)/.runtime-installed
	$(BIN)/celery -A simplycrm worker --loglevel=INFO

## beat: the Celery scheduler for periodic jobs
beat: $(VENV)/.runtime-installed
	$(BIN)/celery -A simplycrm beat --loglevel=INFO

## check: Django's system checks, including the deployment ones
check: $(VENV)/.runtime-installed
	$(BIN)/python manage.py check

clean:
	rm -rf $(VENV) .pytest_cache

## bench: time the hot API paths and report ratios to a baseline (BENCH_ROUNDS=200)
bench: $(VENV)/.dev-installed
	$(BIN)/python bench/run.py
