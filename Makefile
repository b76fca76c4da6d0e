# The few commands a newcomer needs. `make demo` and `make test` are the README's two.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# npm writes this file on every install; it is newer than package-lock.json once installed.
NODE_STAMP := node_modules/.package-lock.json

.PHONY: install demo test lint migrations-check check ci messages benchmark-dashboards benchmark-national benchmark-import benchmark-hostile-import load-test-entry load-test-dashboards

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12) and "Python 3.12+ is needed (see .python-version)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Front-end libraries (Bootstrap, Chart.js) from the npm registry, served by the app itself.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)
	$(BIN)/python manage.py compilemessages --ignore '.venv' --ignore node_modules --verbosity 0

# The demo runs with DEBUG on (settings default to off, as in production). A worker runs the
# background tasks (big workbook imports, reminder e-mails) beside the server and stops with it.
DEMO_ADDRESS ?= 127.0.0.1:8000
demo: export DEBUG = 1
demo: install
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(DEMO_ADDRESS)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

check: install
	$(BIN)/python manage.py check

messages: install
	$(BIN)/python manage.py makemessages --locale vi --locale en --ignore '.venv' --ignore node_modules --ignore staticfiles --no-obsolete

ci: lint migrations-check check test

# Times the overview, a committee dashboard and a target page on a synthetic city of Hanoi's
# 2025-2030 size (136 committees × 25 targets × 12 quarters) in the configured database
# (DATABASE_URL), and prints each figure beside issue 12's goal.
benchmark-dashboards: export DEBUG = 1
benchmark-dashboards: install
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py benchmark_dashboards

# The same, then again with the national volume loaded (3,300 more committees, 990,000 figures).
benchmark-national: export DEBUG = 1
benchmark-national: install
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py benchmark_dashboards --committees 3300

# Requests per second of a committee dashboard against a bare Django view on one gunicorn.
load-test-dashboards: export DEBUG = 1
load-test-dashboards: install
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py load_dashboards

# Imports a generated workbook of 100,000 quarterly figures into the configured database.
benchmark-import: export DEBUG = 1
benchmark-import: install
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py benchmark_import

# Hostile workbooks (200,000 one-cell rows, 200,000 empty rows, a far corner) through the import.
benchmark-hostile-import: export DEBUG = 1
benchmark-hostile-import: install
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py benchmark_hostile_import

# 50 editors saving figures through gunicorn for a minute (use DATABASE_URL for PostgreSQL).
load-test-entry: export DEBUG = 1
load-test-entry: install
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py load_entry --editors 50 --seconds 60
