# Review Desk: `make run` and `make test` are the only two commands a new user needs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
ASSETS := reviewdesk/static/vendor/.built
# `make run PORT=8001` serves on another port; links in e-mails and notices follow it unless
# SITE_URL is set (in the environment or on the command line).
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test setup setup-dev lint worker clean

# `setup` installs what production needs (requirements.txt); `setup-dev` adds the tests and tools
# (requirements-dev.txt), for `make test`, `make lint` and CI.
setup: $(STAMP) $(ASSETS)

setup-dev: $(DEV_STAMP) $(ASSETS)

$(STAMP): requirements.txt pyproject.toml
	@PYTHON=$$(scripts/find-python) || exit 1; \
	  if [ ! -x $(PY) ]; then echo "Creating .venv with $$PYTHON"; $$PYTHON -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(DEV_STAMP)

$(ASSETS): package.json scripts/build_assets.sh
	scripts/build_assets.sh

run: setup
	$(MANAGE) migrate --no-input
	SITE_URL='$(SITE_URL)' $(MANAGE) load_demo
	@echo "Starting two background workers (heavy: scans and chronology checks; default: e-mails and notices),"
	@echo "the job recovery sweep, the hourly audit checkpoint and the web server on http://127.0.0.1:$(PORT)"
	@echo "(Ctrl-C stops them all)"
	@trap 'kill 0' EXIT INT TERM; export SITE_URL='$(SITE_URL)'; \
	  $(MANAGE) db_worker --no-reload --interval 0.25 --queue-name heavy & \
	  $(MANAGE) db_worker --no-reload --interval 0.25 --queue-name default & \
	  $(MANAGE) recover_jobs --every 60 & \
	  while $(MANAGE) audit_checkpoint >/dev/null; do sleep 3600; done & \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

test: setup-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules reviewdesk/static/vendor db.sqlite3 var
