# Cocreate: the two commands a person needs are `make demo` and `make test`.
# Everything else here is a shortcut for developers. Recipes that do real work live in
# scripts/ so they can be read, run and tested on their own.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# bootstrap.sh links a uv it had to install itself into .tools/bin.
export PATH := $(CURDIR)/.tools/bin:$(PATH)
UV ?= uv
RUN := $(UV) run --frozen
PORT ?= 8000
export PORT

# Where makemessages must not look.
MSG_IGNORE := --ignore=.venv --ignore=.tools --ignore=data --ignore=node_modules --ignore=tests \
              --ignore=*.min.js

.PHONY: help bootstrap demo serve worker test test-sqlite test-postgres test-browser \
        lint format bench messages clean distclean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

bootstrap: ## make the environment (uv, .venv from uv.lock, compiled messages)
	@scripts/bootstrap.sh

demo: ## set up, load the demo lab into ./data and serve it on 127.0.0.1:PORT (default 8000)
	@scripts/demo.sh

serve: bootstrap ## serve the current database without reloading the demo
	$(RUN) cocreate migrate --noinput
	$(RUN) cocreate serve --port "$(PORT)"

worker: bootstrap ## run the background task worker
	$(RUN) cocreate worker

test: ## the whole suite: SQLite, PostgreSQL and headless Chromium
	@scripts/test.sh

test-sqlite: ## unit and page tests on SQLite only
	@scripts/test.sh sqlite

test-postgres: ## unit and page tests on PostgreSQL only
	@scripts/test.sh postgres

test-browser: ## browser tests only
	@scripts/test.sh browser

lint: bootstrap ## ruff
	$(RUN) ruff check .

format: bootstrap ## ruff format and import sorting
	$(RUN) ruff check --select I --fix .
	$(RUN) ruff format .

bench: bootstrap ## run every benchmark in bench/
	@shopt -s nullglob; files=(bench/*.py); \
	if [ $${#files[@]} -eq 0 ]; then echo "no benchmarks in bench/"; exit 0; fi; \
	for f in "$${files[@]}"; do echo "== $$f"; $(RUN) python "$$f"; done

messages: bootstrap ## extract translatable strings into locale/{ko,en}
	mkdir -p locale
	$(RUN) python manage.py makemessages -l ko -l en -d django $(MSG_IGNORE)
	$(RUN) python manage.py makemessages -l ko -l en -d djangojs $(MSG_IGNORE)

clean: ## remove caches, collected static files and compiled catalogues (keeps data/ and .venv)
	find . -path ./.venv -prune -o -path ./.tools -prune -o -type d -name __pycache__ -print0 \
	    | xargs -0 rm -rf
	rm -rf .pytest_cache .ruff_cache test-results data/static data/test-static
	find locale -name '*.mo' -delete 2>/dev/null || true
	rm -f .venv/.cocreate-bootstrap

distclean: clean ## also remove .venv, .tools and data/ (the demo database and mail)
	rm -rf .venv .tools data
