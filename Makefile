# Rebuild the datasets from raw/:   make          (creates .venv on first run)
# Run the tests:                   make test
# Any folder of documents:         make RAW=/some/dir OUTPUT=/tmp/out
# Refresh the reviewed snapshot:   make update     (output/*.csv, datapackage.json, docs)
# What changed in the data:        make diff [REF=<git ref>] [FORMAT=text|json|markdown]
SHELL := bash
.DEFAULT_GOAL := all
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
RAW ?= raw
INTERIM ?= interim
OUTPUT ?= output
JOBS ?= 2
# Per-document limits (0 = none): largest file in MiB, seconds for all stages of one document,
# most pages of a PDF, most lines of a document
MAX_MB ?= 100
TIME_LIMIT ?= 300
MAX_PAGES ?= 500
MAX_LINES ?= 100000
PY := $(VENV)/bin/python
RUN := $(PY) -m pipeline
ARGS = --raw "$(RAW)" --interim "$(INTERIM)" --output "$(OUTPUT)" --jobs $(JOBS) \
	--max-mb $(MAX_MB) --time-limit $(TIME_LIMIT) --max-pages $(MAX_PAGES) --max-lines $(MAX_LINES)

.PHONY: all venv dev read segment extract build test unit integration lint clean update diff docs
.PHONY: bench bench-full bench-profile

all: build

# Runtime environment (make): requirements.lock only.  Development environment (make test,
# lint, bench): requirements-dev.lock on top.  Both exact, both installed without resolution.
PIP := $(PY) -m pip install --quiet --disable-pip-version-check --no-deps
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.lock
	$(PIP) --no-build-isolation -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.lock
	$(PIP) -r requirements-dev.lock
	touch $@

venv: $(VENV)/.installed
dev: $(VENV)/.dev-installed

read segment extract: venv
	$(RUN) $@ $(ARGS)

build: venv
	$(RUN) build $(ARGS)

test: dev
	$(PY) -m pytest

unit: dev
	$(PY) -m pytest tests/unit pipeline

integration: dev
	$(PY) -m pytest tests/integration

lint: dev
	$(PY) -m ruff check pipeline tests benchmarks docs/examples
	$(PY) -m ruff format --check pipeline tests benchmarks docs/examples
	$(PY) -m mypy

clean:
	rm -rf "$(INTERIM)"/*/ "$(INTERIM)"/_assemble.json

# --- reviewed snapshot (pipeline/tools/diff.py, pipeline/output/datapackage.py) ---
REF ?= HEAD
FORMAT ?= text

docs: venv
	$(RUN) docs

update: venv
	-$(RUN) build --raw raw --interim "$(INTERIM)" --output output --jobs $(JOBS)
	$(RUN) docs
	$(RUN) diff --ref "$(REF)" --output output

diff: venv
	$(RUN) diff --ref "$(REF)" --output "$(OUTPUT)" --format "$(FORMAT)"

# Benchmarks (docs/benchmarks.md): corpus and work folders under build/bench.
BENCH_DIR ?= build/bench
bench: dev
	$(PY) -m benchmarks.run --workdir "$(BENCH_DIR)"

bench-full: dev
	$(PY) -m benchmarks.run --full --workdir "$(BENCH_DIR)"

bench-profile: dev
	$(PY) -m benchmarks.corpus "$(BENCH_DIR)/corpus-100" -n 100
	rm -rf "$(BENCH_DIR)/profile"
	$(PY) -m pyinstrument -m pipeline build --raw "$(BENCH_DIR)/corpus-100" \
	  --interim "$(BENCH_DIR)/profile/interim" --output "$(BENCH_DIR)/profile/output" --jobs 1
