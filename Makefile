# Two commands on a fresh machine with Python >= 3.12 and make: `make run` and `make test`.
# uv cannot download an interpreter here, so we find one ourselves: the first candidate that
# really runs (pyenv shims may exist and fail) and is at least 3.12.
SHELL := /bin/bash
VENV := .venv
# uv lives in a venv of its own so that `uv sync` (which removes what the lock does not name)
# never removes it.
TOOLS := .venv-tools
UV := $(TOOLS)/bin/uv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

PYTHON ?= $(shell for c in python3.13 python3.12 python3 python $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do \
	command -v $$c >/dev/null 2>&1 || [ -x "$$c" ] || continue; \
	$$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$c 2>/dev/null || echo $$c; } && break; \
	done | head -n 1)

.PHONY: run serve test test-unit test-fast test-browser bench lint bootstrap messages clean vnu-jar import-score screenshots

$(UV):
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 not found (tried python3.13, python3.12, python3, pyenv)"; exit 1; }
	@echo "Using $(PYTHON)"
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

# --compile-bytecode: every Python process (the server, each test worker, each subprocess the
# tests start) then reads the libraries' compiled files instead of compiling Django and the
# rest from source, which costs ~4 s of CPU a process (and always, under PYTHONDONTWRITEBYTECODE).
# The Makefile is a prerequisite so that a change to this line reaches existing environments.
$(VENV)/.synced: $(UV) pyproject.toml uv.lock Makefile
	$(UV) sync --frozen --compile-bytecode --python "$$($(TOOLS)/bin/python -c 'import sys; print(sys.executable)')"
	@touch $@

bootstrap: $(VENV)/.synced

# The web server and the background worker (mail, scheduled jobs: udsatteraad/ops/schedule.py)
# together; Ctrl-C stops both.
WITH_WORKER = trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py worker & worker=$$!;

# `make run PORT=8123` serves on another port. Links in pages, feeds and mail sent while answering
# a request use the request's address; mail the worker builds uses SITE_ROOT, set to match here.
PORT ?= 8000

run: bootstrap
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@export SITE_ROOT="$${SITE_ROOT:-http://127.0.0.1:$(PORT)}"; \
	$(WITH_WORKER) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production configuration on this machine: DEBUG off, gunicorn (gunicorn.conf.py), static
# files hashed and compressed by whitenoise from .serve-static/ (ignored by git). Plain http on
# 127.0.0.1:$$PORT (8000), so the https switches are off; a fresh SECRET_KEY unless one is set.
# Uses the same db.sqlite3 as `make run` unless DATABASE_URL says otherwise. The worker runs
# beside gunicorn, as in production (docs/deploy.md).
serve: bootstrap
	@set -e; \
	export SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}"; \
	export DEBUG=0 SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" SECURE_COOKIES="$${SECURE_COOKIES:-0}" \
		SECURE_HSTS_SECONDS="$${SECURE_HSTS_SECONDS:-0}"; \
	export STATIC_ROOT="$${STATIC_ROOT:-$(CURDIR)/.serve-static}"; \
	$(PY) manage.py collectstatic --noinput --verbosity 0; \
	$(PY) manage.py migrate --noinput; \
	export SITE_ROOT="$${SITE_ROOT:-http://127.0.0.1:$(PORT)}"; \
	echo "Serving the production configuration on http://127.0.0.1:$${PORT:-8000}/ (static files in $$STATIC_ROOT)"; \
	$(WITH_WORKER) $(VENV)/bin/gunicorn --config gunicorn.conf.py udsatteraad.wsgi

# The tests write compiled files of the project's own modules (and pytest its rewritten test
# modules) to __pycache__ (ignored by git) even where PYTHONDONTWRITEBYTECODE is set: the unit
# tests start some 20 Python processes, each of which would compile them again (~2 s of CPU).
# Two pytest runs: live_server tests are transactional and flush the database, so they must
# not share a session with tests that rely on migration data.
# pytest exits 5 when it collected nothing. Without a filter that means a broken path or
# conftest and must fail loudly; with one (`make test PYTEST_ARGS="-k login"`) it only means
# the filter matched nothing in that directory, which must not stop the other run.
PYTEST_ARGS ?=
define pytest_in
	@echo "== pytest $(1) $(PYTEST_ARGS)"
	@PYTHONDONTWRITEBYTECODE= $(PY) -m pytest $(1) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then \
		if [ -n "$(strip $(PYTEST_ARGS))" ]; then echo "(no tests in $(1) matched: $(PYTEST_ARGS))"; exit 0; fi; \
		echo "ERROR: pytest collected no tests in $(1)" >&2; exit 1; \
	fi; exit $$rc
endef

test: test-unit test-browser

test-unit: bootstrap
	$(call pytest_in,tests -n auto)

# A quicker local run while working (not a substitute for `make test`, which CI runs): the unit
# tests without the four files that request every route, form and page as every persona or
# start whole sites in subprocesses (the access matrix, both form fuzzers, backup and restore).
FAST_SKIP := test_access_matrix.py test_fuzz_everything.py test_fuzz_forms.py test_ops_backup.py
test-fast: bootstrap
	$(call pytest_in,tests -n auto $(FAST_SKIP:%=--ignore=tests/%))

# Chromium at /usr/bin/chromium (or $$CHROMIUM); without it these tests are skipped, unless
# REQUIRE_BROWSER=1 (CI), which makes them fail. With VNU_JAR (`make vnu-jar`, needs Java) every
# page the browser tests are served is checked by vnu at the end; without it that check is
# skipped with a message, unless REQUIRE_VNU=1 (CI).
test-browser: bootstrap
	@test -n "$(VNU_JAR)" || echo "(VNU_JAR not set: no HTML validation; \`make vnu-jar\` fetches vnu, Java needed)"
	$(call pytest_in,browser_tests)

# The W3C's Nu Html Checker from the npm registry (a Java program), into .vnu/ (ignored by git);
# tests/test_html_valid.py and the browser tests use it through VNU_JAR, set here when present.
VNU_VERSION := 26.9.27
VNU_JAR ?= $(wildcard $(CURDIR)/.vnu/vnu.jar)
export VNU_JAR
vnu-jar:
	@set -e; mkdir -p .vnu; cd .vnu; \
	if [ ! -f vnu.jar ] || [ "$$(cat version 2>/dev/null)" != "$(VNU_VERSION)" ]; then \
		rm -rf package vnu-jar-*.tgz; \
		npm pack --silent "vnu-jar@$(VNU_VERSION)" >/dev/null; \
		tar xzf "vnu-jar-$(VNU_VERSION).tgz" package/build/dist/vnu.jar; \
		mv package/build/dist/vnu.jar vnu.jar; rm -rf package vnu-jar-*.tgz; \
		echo "$(VNU_VERSION)" > version; \
	fi; \
	java -jar vnu.jar --version

# Page timings over the demo data, import-parser throughput, the search benchmark on a
# synthetic 100k-item archive (SQLite and PostgreSQL; docs/benchmarks.md) and the load run (200
# users for 60 s against gunicorn on PostgreSQL; the cached meeting page through nginx),
# printed as tables (BENCH_ARGS="--repeat 50" for steadier page numbers, "--million" for 1M
# items, "--skip-load" without the load run).
BENCH_ARGS ?=
bench: bootstrap
	$(PY) .ci/bench.py $(BENCH_ARGS)

# Field accuracy of the import parser on the corpus of real agendas and minutes in
# tests/data/import_corpus (docs/import.md); IMPORT_SCORE_ARGS="-v" lists every wrong field.
IMPORT_SCORE_ARGS ?=
import-score: bootstrap
	$(PY) -m udsatteraad.imports.score $(IMPORT_SCORE_ARGS)

# Both linters always run, so one report shows everything; the target fails if either does.
lint: bootstrap
	@rc=0; \
	echo "== ruff check ."; $(VENV)/bin/ruff check . || rc=1; \
	echo "== mypy udsatteraad"; $(VENV)/bin/mypy udsatteraad || rc=1; \
	exit $$rc

messages: bootstrap
	cd udsatteraad && ../$(PY) ../manage.py makemessages -l en --no-obsolete && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) $(TOOLS) db.sqlite3

# Screenshots of the secretariat's start page, the live minutes page and a member's /mine/ at
# 1280x800 and 375 px, from the demo data in a throw-away database, into docs/screenshots/
# (.ci/screenshots.py; Chromium at $$CHROMIUM, default /usr/bin/chromium).
screenshots: bootstrap
	$(PY) .ci/screenshots.py
