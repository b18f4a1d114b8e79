# The two commands: `make run` serves the demo shop, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup migrate seed demo-user lint format typecheck messages bench worker beat clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo --if-empty

run: seed
	$(BIN)/python manage.py ensure_demo_merchant --base-url http://$(HOST):$(PORT)
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: setup
	$(BIN)/mypy .

# Refresh locale/*/django.po from the sources (needs GNU gettext), then translate the new
# or fuzzy zh_Hans entries by hand, drop their `#, fuzzy` flags and run `make messages`
# again to compile. The .mo files are committed: a fresh machine has no gettext.
# tests/ and bench/ hold no shopper-facing text; no JavaScript calls gettext, so there
# is no djangojs domain yet (add `-d djangojs` with the same flags when one does).
messages: setup
	$(BIN)/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: setup
	$(BIN)/python bench/promotions.py
	$(BIN)/python bench/checkout.py
	$(BIN)/python bench/recommend.py
	$(BIN)/python bench/restock.py
	$(BIN)/python bench/load.py

worker: setup
	$(BIN)/celery -A shop worker --loglevel=info

beat: setup
	$(BIN)/celery -A shop beat --loglevel=info

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
