# Two commands for a new machine: `make demo` and `make test`. Both build .venv themselves.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test lint typecheck pytest bench soak clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

lint: venv
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: venv
	$(BIN)/mypy

pytest: venv
	$(BIN)/pytest

test: lint typecheck pytest

# The suite again on the lowest versions pyproject.toml claims (Airflow 3.0.3, ...), in its own venv.
MIN_VENV := .venv-min
MIN_STAMP := $(MIN_VENV)/.installed

.PHONY: venv-min test-min

venv-min: $(MIN_STAMP)

$(MIN_STAMP): pyproject.toml ci/constraints-min.txt
	test -x $(MIN_VENV)/bin/python || $(PYTHON) -m venv $(MIN_VENV)
	$(MIN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(MIN_VENV)/bin/python -m pip install --quiet -c ci/constraints-min.txt -e '.[test]'
	$(MIN_VENV)/bin/python -m pip check
	touch $(MIN_STAMP)

test-min: venv-min
	$(MIN_VENV)/bin/python ci/check_floors.py
	$(MIN_VENV)/bin/pytest

demo: venv
	$(BIN)/python scripts/demo.py

bench: venv
	$(BIN)/python -m benchmarks

soak: venv
	$(BIN)/python -m benchmarks.soak

clean:
	rm -rf $(VENV) $(MIN_VENV) .demo .mypy_cache .ruff_cache
