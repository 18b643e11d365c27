# Utilité — every task starts here. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python ≥ 3.12 found (Django 6 needs it).
PYTHON ?= $(shell for p in python3.13 python3.12 $(HOME)/.pyenv/versions/3.13*/bin/python3 $(HOME)/.pyenv/versions/3.12*/bin/python3 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n auto

.PHONY: help install system-deps demo run test quality bench-national bench-load fix messages clean

help: ## List the tasks
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (Django 6)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(BIN)/python pyproject.toml uv.lock
	$(BIN)/uv sync --locked --quiet
	@touch $@

install: $(VENV)/.synced ## Create .venv and install the locked dependencies

SYSTEM_PACKAGES := chromium ffmpeg fonts-dejavu-core fonts-noto-color-emoji gettext libreoffice-calc-nogui libreoffice-writer-nogui libpango-1.0-0 libpangoft2-1.0-0

system-deps: ## Install the Debian packages needed (Chromium, ffmpeg, LibreOffice Calc and Writer, gettext, Pango and an emoji font for PDFs), when missing
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v ffmpeg >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1 || ! command -v xgettext >/dev/null 2>&1 || ! ldconfig -p | grep -q libpangoft2 || [ ! -e /usr/lib/libreoffice/program/libswlo.so ] || [ ! -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
		else echo "Missing system packages: install $(SYSTEM_PACKAGES) (Debian)."; exit 1; fi; \
	fi

var:
	@mkdir -p var

demo: install var ## Set up everything, load the demo network and serve it on http://127.0.0.1:8000
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	@echo ""
	@echo "Utilité runs on http://$(HOST):$(PORT)/ (Ctrl+C to stop)."
	$(MANAGE) runserver $(HOST):$(PORT)

run: install var ## Serve the application (development settings)
	$(MANAGE) migrate --no-input
	$(MANAGE) runserver $(HOST):$(PORT)

test: install system-deps var ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(BIN)/pytest $(PYTEST_ARGS)

bench-national: install var ## Build the national tier in DATABASE_URL (PostgreSQL) and measure the pages that must stay flat
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m benchmarks.national $(BENCH_ARGS)

bench-load: install var ## Load benchmark (gunicorn, task worker, Redis, Locust) on the tier left in DATABASE_URL
	$(BIN)/uv sync --locked --quiet --group bench
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m benchmarks.load $(BENCH_ARGS)

quality: install var ## Lint, format check, types, migrations, templates, French catalogue, bandit, pip-audit
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/djlint utilite --lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check_catalogue
	$(BIN)/bandit -q -r utilite config -x '*/migrations/*'
	$(BIN)/python scripts/audit_dependencies.py

fix: install ## Format and fix what can be fixed automatically
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install ## Extract translatable strings and compile the French catalogue
	$(MANAGE) makemessages --locale fr --no-obsolete --add-location file --ignore '.venv/*' --ignore 'var/*'
	$(MANAGE) compilemessages --locale fr --ignore '.venv/*'

clean: ## Delete the virtual environment and local data
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
