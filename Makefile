# respnet — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   := data/demo

.PHONY: run test lint typecheck pytest clean help

help:
	@echo "make run   - create .venv, install, start the app on the demo data"
	@echo "make test  - create .venv, install with dev extras, run every check and test"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	RESPNET_DATA=$(DEMO) $(BIN)/streamlit run app.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# pytest exits 5 when it collects no tests: that is a failure here, like any non-zero status.
pytest: $(STAMP)
	$(BIN)/python -m pytest

test: lint typecheck pytest
	$(BIN)/respnet check $(DEMO) > /dev/null

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
