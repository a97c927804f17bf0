# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: intake-score bulk-export bench run test lint format editor load-data venv backup restore loadtest deploy-check

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

# Every public object as the read API serves it, to var/bulk/tracker.jsonl.gz (gzip JSON Lines; BULK_FILE=… elsewhere).
bulk-export: export DJANGO_DEBUG ?= 1
bulk-export: venv
	$(MANAGE) bulk_export $(if $(BULK_FILE),--output "$(BULK_FILE)")

load-data: venv
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) load_send_data

# The whole suite, browser tests included, in parallel: one process and one test database per CPU
# (TEST_WORKERS=0 runs it in this process). DATABASE_URL picks the database (SQLite by default).
TEST_WORKERS ?= auto
test: export DJANGO_SECRET_KEY ?= test-only-secret-key-not-for-production
test: venv
	$(PY) -m pytest --numprocesses $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

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

# A complete copy of the data under backups/: pg_dump on PostgreSQL, JSON otherwise. Settings as for `make run`.
backup: export DJANGO_DEBUG ?= 1
backup: venv
	$(MANAGE) backup_data

# Bring a backup back: make restore FILE=backups/tracker-….dump (or .json). Asks before replacing data.
restore: export DJANGO_DEBUG ?= 1
restore: venv
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/tracker-<time>.dump|.json"; exit 2; }
	$(MANAGE) restore_data "$(FILE)"

# Django's deployment checks with production-like settings; prints nothing but "no issues" when all is well.
deploy-check: venv
	env -u DJANGO_DEBUG DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  DJANGO_ALLOWED_HOSTS=tracker.example.org DJANGO_SECURE_SSL_REDIRECT=1 DJANGO_SECURE_HSTS_SECONDS=31536000 \
	  DJANGO_BEHIND_PROXY=1 DJANGO_SITE_URL=https://tracker.example.org $(MANAGE) check --deploy --fail-level WARNING

# gunicorn on PostgreSQL under 60 s of load, then PostgreSQL stopped and started under load (not part of CI).
# DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/tracker_load; LOADTEST_ARGS=--no-fault skips the stop.
loadtest: venv
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } \
	  || echo "wrk is not installed: a Python client drives the load instead"
	$(PY) -m bench.loadtest $(LOADTEST_ARGS)

# The scale benchmark (not CI): PostgreSQL, 38 then 250,000 recommendations, gunicorn + wrk. DATABASE_URL defaults
# to postgres://postgres@127.0.0.1:5432/tracker_bench (dropped and created again). BENCH_ARGS=--smoke for a quick run.
bench: venv
	@command -v wrk >/dev/null || echo "wrk is not installed (apt-get install wrk): the benchmark uses a Python client"
	$(PY) -m bench.bench $(BENCH_ARGS)

# The intake's corpus of generated responses (tests/intake/corpus.py), read as an upload is: per document, the
# recommendations found of those expected, the replies paired right, the doubts raised, and the seconds taken.
intake-score: venv
	PYTHONPATH=. $(PY) -m tests.intake.score
