# The two commands a newcomer needs are `make serve` and `make test` (see README.md).
SHELL := /bin/bash
PY := .venv/bin/python
DEV := DJANGO_SETTINGS_MODULE=config.settings.dev

.PHONY: setup serve test lint bench bench-large load two-nodes e2e

setup:
	@scripts/setup.sh

serve: setup
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py seed_demo
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

test: lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	.venv/bin/pytest

e2e: setup
	scripts/e2e.sh

bench: setup
	$(PY) -m tests.bench

bench-large: setup
	$(PY) -m tests.bench --large

load: setup
	$(PY) -m tests.bench.load

two-nodes: setup
	$(PY) -m tests.bench.two_nodes
