# Lan Tỏa — the two commands a newcomer needs are `make demo` and `make test`.
# Everything is installed into .venv inside the project; uv is bootstrapped there
# when it is not already on PATH.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(shell command -v uv 2>/dev/null || echo $(BIN)/uv)
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_LINK_MODE := copy

HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install demo serve test test-fast lint format typecheck messages screenshots bench clean diacritics-model

help:
	@echo "make demo     install, prepare the demo database and serve http://$(HOST):$(PORT)"
	@echo "make test     install and run the whole test suite"
	@echo "make serve    serve the site with the production server (granian)"
	@echo "make lint     ruff (lint + format check) and mypy on the core"
	@echo "make format   apply ruff's formatting and safe fixes"
	@echo "make messages refresh and compile translations (needs GNU gettext)"
	@echo "make bench    run the benchmarks under bench/"
	@echo "make diacritics-model CORPUS=DIR  retrain the diacritics model from the vi-legal corpus"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: pyproject.toml uv.lock | $(BIN)/python $(UV)
	$(UV) sync --frozen --inexact --quiet
	@touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/lantoa demo --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/lantoa serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	cd src/lantoa && LANTOA_DEMO=1 LANTOA_DATA_DIR=$$(mktemp -d) ../../$(BIN)/lantoa manage makemessages --locale vi --no-obsolete --no-location
	cd src/lantoa && LANTOA_DEMO=1 LANTOA_DATA_DIR=$$(mktemp -d) ../../$(BIN)/lantoa manage compilemessages --locale vi

# The vi-legal corpus (docs/corpora.md); the trained model is committed, users never retrain.
CORPUS ?= ../shared/corpora/vi-legal

diacritics-model: install
	$(BIN)/python tools/train_diacritics.py --corpus $(CORPUS)

screenshots: install
	$(BIN)/python tools/screenshots.py

bench: install
	@for f in bench/*.py; do [ -e "$$f" ] || continue; echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
