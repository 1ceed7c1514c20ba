# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: run test test-fast install install-test lint typecheck bench train clean mutants

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[serve]'

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,ray,serve]'

# The main job on bundled sample pages: extract each and show the result.
run: install
	$(BIN)/khabar extract samples/pages/alkhaleej-state-dept.txt --format markdown
	$(BIN)/khabar extract samples/pages/* --format summary
	rm -rf out/samples
	$(BIN)/khabar run samples/pages -o out/samples --no-progress
	rm -f out/samples.db
	$(BIN)/khabar index out/samples --db out/samples.db
	$(BIN)/khabar search "أوكرانيا" --db out/samples.db --limit 3
	$(BIN)/khabar search "كورونا" --db out/samples.db --limit 3
	@echo "rows: out/samples/*.parquet   stats: out/samples/_stats.json   archive: out/samples.db"
	@echo "to search and inspect in a browser: $(BIN)/khabar serve --db out/samples.db   then open http://127.0.0.1:8000/"

lint: install-test
	$(BIN)/ruff check src tests bench scripts fuzz
	$(BIN)/ruff format --check src tests bench scripts fuzz
	$(BIN)/python scripts/check_layers.py

typecheck: install-test
	$(BIN)/mypy

# The whole suite, slow checks included (a two-node Ray cluster in a network namespace).
test: install-test lint typecheck
	$(BIN)/pytest -q -m "slow or not slow"

# Without the slow checks, for a quick loop while developing.
test-fast: install-test
	$(BIN)/pytest -q

bench: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/extraction.py --shared $(SHARED)
	$(BIN)/python bench/memory.py --shared $(SHARED)
	$(BIN)/python bench/corpus.py --shared $(SHARED)
	$(BIN)/python bench/search.py --shared $(SHARED)

# Rebuild the shipped labeller (block scorer and page types) from the gold sets, print the
# cross-validated figures (folds by site), and rewrite the test snapshot of its predictions.
train: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python scripts/train_labeller.py --shared $(SHARED) --cv
	$(BIN)/python scripts/build_vocab.py --shared $(SHARED)

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache

# Mutation testing of khabar/lang against its fast tests (minutes, not in CI): see pyproject's [tool.mutmut]
mutants: install-test
	$(BIN)/pip install -q "mutmut>=3.8"
	$(BIN)/mutmut run; $(BIN)/mutmut results | sed 's/__mutmut_.*//' | sort | uniq -c | sort -rn

