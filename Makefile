# strikewatch — `make demo` and `make test` work on a fresh clone (they create .venv).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= .demo/ledger.sqlite
PYTEST_ARGS ?=

.PHONY: install demo test test-fast bench lint format eval docs clean

## The reader's modules are compiled by setup.py (mypyc, decision 125): an edit to one of
## them rebuilds on the next `make` target, and until then the reader runs from source.
$(STAMP): pyproject.toml setup.py $(wildcard src/strikewatch/readers/text/*.py)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The main job on the best data available: DATA=path, else a download, else SYNTHETIC data
## (kept in its own ledger, .demo/synthetic.sqlite by default; the demo prints which ledger it used).
demo: install
	@mkdir -p $(dir $(DEMO_DB))
	$(VENV)/bin/strikewatch demo --db $(DEMO_DB) $(if $(DATA),--data $(DATA),)

test: install
	$(PY) -m pytest -q -n 2 --dist loadfile $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -q -n 2 --dist loadfile -m "not browser" $(PYTEST_ARGS)

bench: install
	$(PY) bench/run_all.py

## Regenerate docs/cli.md from the commands' own definitions.
docs: install
	$(PY) tools/cli_reference.py

eval: install
	$(PY) bench/eval_reader.py

lint: install
	$(VENV)/bin/ruff check src tests bench tools setup.py
	$(VENV)/bin/ruff format --check src tests bench tools setup.py
	$(VENV)/bin/mypy src/strikewatch setup.py

format: install
	$(VENV)/bin/ruff format src tests bench tools setup.py
	$(VENV)/bin/ruff check --fix src tests bench tools setup.py

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
