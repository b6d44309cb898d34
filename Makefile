# Rebuild the datasets from raw/:   make          (creates .venv on first run)
# Run the tests:                   make test
# Any folder of documents:         make RAW=/some/dir OUTPUT=/tmp/out
SHELL := bash
.DEFAULT_GOAL := all
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
RAW ?= raw
INTERIM ?= interim
OUTPUT ?= output
JOBS ?= 2
PY := $(VENV)/bin/python
RUN := $(PY) -m pipeline
ARGS = --raw "$(RAW)" --interim "$(INTERIM)" --output "$(OUTPUT)" --jobs $(JOBS)

.PHONY: all venv read segment extract build test unit integration lint clean
.PHONY: bench bench-full bench-profile

all: build

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

venv: $(VENV)/.installed

read segment extract: venv
	$(RUN) $@ $(ARGS)

build: venv
	$(RUN) build $(ARGS)

test: venv
	$(PY) -m pytest

unit: venv
	$(PY) -m pytest tests/unit pipeline

integration: venv
	$(PY) -m pytest tests/integration

lint: venv
	$(PY) -m ruff check pipeline tests
	$(PY) -m ruff format --check pipeline tests

clean:
	rm -rf "$(INTERIM)"/*/ "$(INTERIM)"/_assemble.json

# Benchmarks (docs/benchmarks.md): corpus and work folders under build/bench.
BENCH_DIR ?= build/bench
bench: venv
	$(PY) -m benchmarks.run --workdir "$(BENCH_DIR)"

bench-full: venv
	$(PY) -m benchmarks.run --full --workdir "$(BENCH_DIR)"

bench-profile: venv
	$(PY) -m benchmarks.corpus "$(BENCH_DIR)/corpus-100" -n 100
	rm -rf "$(BENCH_DIR)/profile"
	$(PY) -m pyinstrument -m pipeline build --raw "$(BENCH_DIR)/corpus-100" \
	  --interim "$(BENCH_DIR)/profile/interim" --output "$(BENCH_DIR)/profile/output" --jobs 1
