# Một Cửa — the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements/lock.txt | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in SMS and e-mails of the demo (look-up page) point at this server.
MOTCUA_PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
# The embedded default: SQLite in var/, files in var/media/, no other service.
# The demo turns on the eID (OpenID Connect) button against the fake provider of `manage.py fakes`.
RUN_ENV := DJANGO_DEBUG=1 MOTCUA_PUBLIC_BASE_URL=$(MOTCUA_PUBLIC_BASE_URL) MOTCUA_OIDC_ISSUER=http://127.0.0.1:8026 MOTCUA_OIDC_CLIENT_ID=motcua-demo MOTCUA_OIDC_CLIENT_SECRET=demo-oidc-secret
PYTEST_ARGS ?=

.PHONY: run test lint typecheck bench install system-deps migrate demo clean

$(STAMP):
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c requirements/lock.txt -e '.[dev]'
	@rm -f $(VENV)/.installed-*; touch $@

install: $(STAMP) node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

system-deps:
	@scripts/system-deps.sh

var:
	@mkdir -p var/media var/mail

migrate: install var
	$(RUN_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(RUN_ENV) $(PY) manage.py demo

# Serves the app and, beside it, the fake outside systems (SMS gateway, eID, …) it talks to over
# HTTP and the periodic jobs every minute (figures, alerts, payment expiry, outbox retries).
run: system-deps demo
	$(RUN_ENV) $(PY) manage.py demo_logins
	@echo "Một Cửa: http://$(HOST):$(PORT)/  (cán bộ: http://$(HOST):$(PORT)/staff/)  · SMS giả: http://127.0.0.1:8025/"
	$(RUN_ENV) $(PY) manage.py fakes & FAKES=$$!; \
	$(RUN_ENV) $(PY) manage.py periodic --every 60 > var/periodic.log 2>&1 & PERIODIC=$$!; \
	trap 'kill $$FAKES $$PERIODIC 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

typecheck: install
	DJANGO_DEBUG=1 $(VENV)/bin/mypy motcua

TEST_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only-secret-key-not-for-production

# Unit and integration tests in parallel, then the browser tests one at a time
# (they drive a real Chromium against a live server and are timing-sensitive on 2 cores).
test: system-deps install var lint typecheck
	$(TEST_ENV) $(VENV)/bin/pytest -m "not browser" -n auto $(PYTEST_ARGS)
	$(TEST_ENV) $(VENV)/bin/pytest -m browser $(PYTEST_ARGS)

bench: install var
	@for script in bench/[!_]*.py; do echo "== $$script"; DJANGO_DEBUG=1 $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
