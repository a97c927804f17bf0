# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: run test test-fast test-browser lint format editor load-data venv

# The venv is rebuilt only when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# Serve the site with the SEND data loaded, DEBUG on, on SQLite unless DATABASE_URL says otherwise.
run: export DJANGO_DEBUG = 1
run: venv
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) load_send_data
	$(MANAGE) runserver $(HOST):$(PORT)

load-data: venv
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) load_send_data

# The whole suite, browser tests included. DATABASE_URL picks the database (SQLite by default).
test: export DJANGO_SECRET_KEY ?= test-only-secret-key-not-for-production
test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Create an editor account: asks for the user name and password, never uses a default.
editor: export DJANGO_DEBUG ?= 1
editor: venv
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) create_editor
