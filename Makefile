# hadath: every task a developer or CI runs. `make help` lists them.
# The virtual environment is created with $(PY) (Python 3.11 or later) in $(VENV).

PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
EXAMPLE := src/hadath/examples/article.txt
# The crawl time the example's "منذ ساعتين" line is resolved against.
EXAMPLE_FETCHED := 2025-03-09T12:00:00+03:00

.PHONY: help install install-test demo test lint eval bench train-ner bench-ner clean distclean

help:
	@echo "make demo          install and analyse the bundled example article"
	@echo "make test          install test tools, lint, type-check and run the tests"
	@echo "make install       create $(VENV) and install hadath into it (editable)"
	@echo "make install-test  the same with the test tools (pytest, ruff, mypy, hypothesis)"
	@echo "make lint          ruff and mypy"
	@echo "make eval          score the pipeline on ../shared/data/dev-events against its floors"
	@echo "make bench         throughput benchmark on ../shared/data/saudinewsnet"
	@echo "make train-ner     train the NER model from ../shared/data"
	@echo "make bench-ner     score the NER model"
	@echo "make clean         remove build output and caches (distclean: the venv too)"

$(PYTHON):
	$(PY) -m venv $(VENV)

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PYTHON)
	$(PYTHON) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PYTHON)
	$(PYTHON) -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-train: pyproject.toml | $(PYTHON)
	$(PYTHON) -m pip install --quiet -e '.[train]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/hadath analyze $(EXAMPLE) --fetched $(EXAMPLE_FETCHED) --format table
	$(BIN)/hadath analyze $(EXAMPLE) --fetched $(EXAMPLE_FETCHED) --format json

test: install-test
	$(BIN)/ruff check src tests
	$(BIN)/mypy src
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy src

eval: install
	$(PYTHON) scripts/eval_dev.py

bench: install
	$(PYTHON) benchmarks/bench_analyze.py --limit 0 --out out/bench_analyze.json

train-ner: $(VENV)/.installed-train
	$(PYTHON) scripts/train_ner.py

bench-ner: install
	$(PYTHON) benchmarks/bench_ner.py

clean:
	rm -rf build dist out .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	find src -maxdepth 1 -name '*.egg-info' -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
