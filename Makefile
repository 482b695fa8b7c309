# respnet — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := constraints.txt
DEMO   := data/demo

LINT   := tests/cypher
SERVER := $(BIN)/python -m store.server
# the newest calendar-versioned Neo4j Maven Central served on 2026-11-29 (runs on Java 21 and 25)
NEO4J_LATEST ?= 2026.08.1
NEO4J_LTS = $(shell sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' store/maven/pom.xml)
NPM_STAMP := $(LINT)/node_modules/.installed

.PHONY: architecture run test test-fast lint typecheck pytest checks clean help bench bench-app bench-timeline bench-neo4j bench-neo4j-pages test-neo4j test-neo4j-latest neo4j neo4j-stop lock

help:
	@echo "make run   - create .venv, install, start the app on the demo data"
	@echo "make test  - create .venv, install with dev extras, run every check and test"
	@echo "make test-fast - lint, types and the tests not marked slow (under 90 s here)"
	@echo "make bench - province-scale benchmark against LadybugDB (docs/performance.md)"
	@echo "make bench-app - the app in headless Chromium on a 100,000-organization province (docs/performance.md)"
	@echo "make bench-timeline - diff and handovers a year apart at 10,000 and 100,000 organizations"
	@echo "make neo4j - a real local Neo4j $(NEO4J_LTS) from Maven Central (needs Java 17+ and Maven; no Docker)"
	@echo "make neo4j-stop - stop it"
	@echo "make bench-neo4j - the store against neo4j-admin import and the in-memory scans at 10,000 and 100,000 organizations"
	@echo "make bench-neo4j-pages - what each app page reads from a Neo4j store at 10,000 organizations, and how long it takes"
	@echo "make test-neo4j-latest - the store's tests on the newest calendar Neo4j ($(NEO4J_LATEST), Java 21+)"
	@echo "make test-neo4j - with Docker: start a throw-away Neo4j 5 and run the store's tests against it"
	@echo "make lock  - re-pin every dependency in constraints.txt (after changing pyproject.toml)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c $(LOCK) --upgrade pip

# every package at the version pinned in constraints.txt: every machine runs the same code
$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[dev]'
	touch $(STAMP)

# the newest versions pyproject.toml allows, resolved in a throw-away venv and pinned
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	{ sed -n '/^#/p' $(LOCK); .lock-venv/bin/python -m pip list --format=freeze --exclude-editable | grep -v '^respnet=='; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf .lock-venv

run: $(STAMP)
	$(BIN)/respnet app --data $(DEMO)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# Neo4j's own Cypher front end (npm), which checks every statement of store/cypher.py
$(NPM_STAMP): $(LINT)/package.json $(LINT)/package-lock.json
	npm ci --prefix $(LINT) --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

# pytest exits 5 when it collects no tests: that is a failure here, like any non-zero status.
pytest: $(STAMP) $(NPM_STAMP)
	$(BIN)/python -m pytest

# every test and the small store benchmark against a fresh Neo4j (instance "test"),
# stopped afterwards, also on failure; without Java or Maven the store's tests skip
checks: $(STAMP) $(NPM_STAMP)
	$(SERVER) run --name test -- sh -c '$(BIN)/python -m pytest && $(BIN)/python -m tests.bench_neo4j --towns 200'

test: lint typecheck checks
	$(BIN)/respnet check $(DEMO) > /dev/null

# the quick lane while working: lint, types, and every test not marked slow (no browser, no
# Neo4j server, no generated provinces); `make test` and CI still run everything
test-fast: lint typecheck
	RESPNET_PROPERTY_EXAMPLES=100 $(BIN)/python -m pytest -m "not slow" -q -p no:cacheprovider -n 2

# a local Neo4j for a user: connection in .neo4j/connection.env (`set -a; . .neo4j/connection.env`)
neo4j: $(STAMP)
	$(SERVER) start --name local

neo4j-stop: $(STAMP)
	$(SERVER) stop --name local

# the same conformance tests on the newest calendar-versioned Neo4j, under Java 21+ (Temurin 25 here)
test-neo4j-latest: $(STAMP)
	$(SERVER) run --name latest --version $(NEO4J_LATEST) -- $(BIN)/python -m pytest -p no:cacheprovider tests/store

# respnet against LadybugDB on generated provinces of 10,000 and 100,000 organizations
# (about 15 minutes and 6 GB here); writes the tables to docs/performance.md
# diff and handovers a year apart on generated provinces of 10,000 and 100,000 organizations (about 6 minutes)
bench-timeline: $(STAMP)
	$(BIN)/python -m tests.bench_timeline --orgs 10000 --orgs 100000 --markdown docs/performance-timeline.md

bench: $(STAMP)
	$(BIN)/python -m tests.bench_province --orgs 10000 --orgs 100000 --draw --markdown docs/performance-run.md

# the app in headless Chromium on a generated province of 100,000 organizations: cold start,
# every page warm (median of 3) against a one-line Streamlit page, 20 sessions at once, with the
# CLI's warm run and LadybugDB's COPY as yardsticks (about 25 minutes and 6 GB here); writes its
# tables into docs/performance.md between the bench-app markers
bench-app: $(STAMP)
	$(BIN)/python -m tests.bench_app --orgs 100000 --markdown docs/performance.md

# the store side by side on generated provinces of 10,000 and 100,000 organizations: push
# against neo4j-admin's bulk import, push-down scans and traces against the in-memory ones,
# PROFILE db hits (a fresh local Neo4j of its own; about 40 minutes here); tables for docs/performance.md
bench-neo4j: $(STAMP)
	$(BIN)/python -m tests.bench_neo4j_province --orgs 10000 --orgs 100000 --markdown docs/performance-neo4j-run.md

# the app's pages on a Neo4j source at 10,000 organizations: what each reads from the store, and how long it takes
bench-neo4j-pages: $(STAMP)
	$(SERVER) run --name bench-pages -- $(BIN)/python -m tests.bench_neo4j_pages --orgs 10000 --markdown docs/performance-neo4j-pages-run.md

# the package import diagram in docs/architecture.md, drawn again from the code
architecture: $(STAMP)
	$(BIN)/python -m tests.architecture --write

test-neo4j:
	docker compose up --abort-on-container-exit --exit-code-from tests

clean:
	-$(SERVER) stop --name local 2>/dev/null
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info $(LINT)/node_modules
