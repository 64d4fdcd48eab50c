# filmsite — `make help` lists the commands.
.DEFAULT_GOAL := help
SHELL := /bin/bash

HOST ?= 127.0.0.1
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python
# Local development runs with DEBUG on and the development key; production sets its own.
RUN_ENV := DJANGO_DEBUG=1
# Production settings (DEBUG off). Without DJANGO_SECRET_KEY a random key is made for this run only
# (sessions end when the server stops). Plain HTTP on this machine unless told otherwise; behind a
# TLS proxy set DJANGO_BEHIND_PROXY=1 DJANGO_SECURE_SSL_REDIRECT=1.
SERVE_ENV := DJANGO_DEBUG=0 \
  DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')} \
  DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0} DJANGO_SERVE_MEDIA=$${DJANGO_SERVE_MEDIA:-1}
# Tests never need a real secret; CI and fresh clones have none.
TEST_ENV := DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-insecure-test-key-$$RANDOM$$RANDOM}
# Test processes (pytest-xdist): one per core unless told otherwise, e.g. TEST_WORKERS=0 for one process.
TEST_WORKERS ?= auto

.PHONY: help run serve test test-engine coverage venv browser-tools front-cache-tools python-check lint format migrate load backup restore clean bench bench-test

help: ## Show the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(PY):
	@interpreter=$$(scripts/find-python) || exit 1; \
	echo "Creating $(VENV) with $$interpreter"; \
	"$$interpreter" -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip

# A .venv left over from an older Python would fail later with a confusing import error.
python-check: | $(PY)
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
	  { echo "$(VENV) uses Python $$($(PY) -V); filmsite needs 3.12+. Run 'make clean' and try again."; exit 1; }

# Stamps make the install step re-run only when the requirement files change.
$(VENV)/.run-deps: requirements.txt | python-check
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | python-check
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.run-deps

venv: $(VENV)/.dev-deps ## Create .venv with the runtime and test dependencies

# axe-core and the Nu HTML Checker come from npm; lifecycle scripts are not needed and not run.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

browser-tools: node_modules/.installed ## Install what the browser tests use (Chromium, Java, axe-core, vnu)
	@scripts/ensure-browser-tools

front-cache-tools: ## Install what the front cache uses (Varnish and its modules)
	@scripts/ensure-front-cache

run: $(VENV)/.run-deps ## Set up SQLite, load the fixtures and serve the site at http://$(HOST):$(PORT)/
	$(RUN_ENV) $(PY) manage.py migrate --no-input
	$(RUN_ENV) $(PY) manage.py load_catalog
	$(RUN_ENV) $(PY) manage.py ensure_local_admin
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# FRONT_CACHE=1 puts Varnish at that address, in front of WEB_INSTANCES gunicorn instances on the next ports.
serve: $(VENV)/.run-deps $(if $(FRONT_CACHE),front-cache-tools) ## Serve with production settings under gunicorn at http://$(HOST):$(PORT)/ (FRONT_CACHE=1: behind Varnish)
	@export $(SERVE_ENV); \
	$(PY) manage.py migrate --no-input && \
	$(PY) manage.py collectstatic --no-input --verbosity 0 && \
	if [ -n "$(FRONT_CACHE)" ]; then HOST=$(HOST) PORT=$(PORT) VENV=$(VENV) exec scripts/serve-behind-varnish; \
	else HOST=$(HOST) PORT=$(PORT) exec $(VENV)/bin/gunicorn --config gunicorn.conf.py; fi

test: $(VENV)/.dev-deps browser-tools front-cache-tools ## Lint, check migrations and run the whole test suite
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit --quiet --configfile pyproject.toml --recursive catalog filmsite
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# CI's second pass, on PostgreSQL: lint and the tests marked engine_independent already ran on SQLite.
test-engine: $(VENV)/.dev-deps browser-tools front-cache-tools ## Check migrations and run the tests the database engine can change
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(PY) -m pytest -n $(TEST_WORKERS) -m "not engine_independent" $(PYTEST_ARGS)

coverage: $(VENV)/.dev-deps browser-tools ## Line coverage of the suite and the benchmark's own tests (htmlcov/)
	$(TEST_ENV) COVERAGE_CORE=sysmon $(VENV)/bin/coverage run -m pytest $(PYTEST_ARGS)
	$(TEST_ENV) COVERAGE_CORE=sysmon $(VENV)/bin/coverage run --append -m pytest bench/tests
	$(VENV)/bin/coverage report
	$(VENV)/bin/coverage html --quiet

lint: $(VENV)/.dev-deps ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-deps ## Format and fix the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrate: $(VENV)/.run-deps ## Apply migrations to the local database
	$(RUN_ENV) $(PY) manage.py migrate

load: $(VENV)/.run-deps ## Load (or reload) the catalog fixtures
	$(RUN_ENV) $(PY) manage.py load_catalog

backup: $(VENV)/.run-deps ## Back up the catalog and its images to backups/ (or BACKUP=path.json)
	$(RUN_ENV) $(PY) manage.py export_catalog $(or $(BACKUP),backups/catalog-$$(date +%Y%m%d-%H%M%S).json)

restore: $(VENV)/.run-deps ## Restore a backup into an empty database: make restore BACKUP=path.json
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/catalog-….json"; exit 1; }
	$(RUN_ENV) $(PY) manage.py restore_catalog $(BACKUP) $(RESTORE_ARGS)

bench: venv front-cache-tools ## Measure the site at 100,000 films (BENCH_ARGS=..., DATABASE_URL=...; docs/benchmarks.md)
	$(PY) bench/run.py $(BENCH_ARGS)

bench-test: venv ## Test the benchmark's synthetic catalog: its proportions and validity
	$(TEST_ENV) $(PY) -m pytest bench/tests $(PYTEST_ARGS)

clean: ## Remove the virtualenv, local database and caches
	rm -rf $(VENV) node_modules db.sqlite3 db.sqlite3-* .pytest_cache .ruff_cache .hypothesis test-results .coverage htmlcov
