# Rebuild the datasets from raw/:   make          (creates .venv on first run)
# Fail on warnings that mean data may be wrong (CI):   make STRICT=1   (the build exits 3)
# Run the tests:                   make test
# Any folder of documents:         make RAW=/some/dir OUTPUT=/tmp/out
# Refresh the reviewed snapshot:   make update     (output/*.csv, datapackage.json, docs)
# Measure themes/instruments:      make eval-themes   (recount the learned part: make train-themes;
#                                  cross-validate on the tuning names: make cv-themes)
# What changed in the data:        make diff [REF=<git ref>] [FORMAT=text|json|markdown]
# Browse output/plans.db:          make serve      (Datasette, read-only, on 127.0.0.1)
# One-page HTML report:            make report     (output/report.html)
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
# STRICT=1: the build exits 3 (make stops with "Error 3") when a warning means data may
# be wrong (the `--strict` column of the README's troubleshooting table); errors exit 1
# either way
STRICT ?=
MAX_LINES ?= 100000
# How much the build says on stderr: LOG=-q (errors and the summary line), -qq (errors only),
# -v (a line per document), -vv (debugging messages); the README's "What the build prints"
LOG ?=
# The library that reads PDF pages: pdfium (the default: the same data, faster) or pdfplumber (the reference)
PDF_ENGINE ?= pdfium
PY := $(VENV)/bin/python
RUN := $(PY) -m pipeline
ARGS = --raw "$(RAW)" --interim "$(INTERIM)" --output "$(OUTPUT)" --jobs $(JOBS) \
	--max-mb $(MAX_MB) --time-limit $(TIME_LIMIT) --max-pages $(MAX_PAGES) --max-lines $(MAX_LINES) \
	--pdf-engine $(PDF_ENGINE) $(if $(filter 1,$(STRICT)),--strict) $(LOG)

.PHONY: all venv dev read segment extract build test unit integration lint clean update diff docs
.PHONY: serve report eval-themes train-themes cv-themes
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

# Optional extras, each installed by the target that needs it: Datasette (make serve) and the
# report's chart libraries (make report).  The development environment has both.
$(VENV)/.explore-installed: $(VENV)/.installed requirements-explore.lock
	$(PIP) -r requirements-explore.lock
	touch $@

$(VENV)/.report-installed: $(VENV)/.installed requirements-report.lock
	$(PIP) -r requirements-report.lock
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.lock requirements-explore.lock requirements-report.lock
	$(PIP) -r requirements-dev.lock
	touch $@ $(VENV)/.explore-installed $(VENV)/.report-installed

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

# Datasette on the database the build wrote: read-only (immutable), loopback only, a free port.
# Both rebuild first (a no-op when nothing changed) and go on when the build reports errors in the
# data: the warnings table is what to look at then.
serve: $(VENV)/.explore-installed
	-$(RUN) build $(ARGS)
	$(PY) -m pipeline.tools.serve --output "$(OUTPUT)"

report: $(VENV)/.report-installed
	-$(RUN) build $(ARGS)
	$(PY) -m pipeline.output.report --output "$(OUTPUT)"

clean:
	rm -rf "$(INTERIM)"/*/ "$(INTERIM)"/_assemble.json "$(INTERIM)"/_program_links.json

# --- reviewed snapshot (pipeline/tools/diff.py, pipeline/output/datapackage.py) ---
REF ?= HEAD
FORMAT ?= text

docs: venv
	$(RUN) docs

# Themes and instruments measured on labelled names of other municipalities' programs
# (tests/data/program_labels.csv): the held part (held5) and the tuning parts; exits 1 when a
# held target is missed.
eval-themes: dev
	$(PY) -m pipeline.tools.eval_themes

# Recounts the classifier's learned part (pipeline/data/theme_model.csv) from the tuning parts
# of tests/data/program_labels.csv; the build only reads the file.
train-themes: dev
	$(PY) -m pipeline.tools.train_themes

# Five-fold cross-validation of the classifier on the tuning parts only (never the held part):
# the figures changes to the rules or the model are chosen on.
cv-themes: dev
	$(PY) -m pipeline.tools.cv_themes

# Rewrites output/ and the docs and shows the diff even when the build fails, then exits
# with the build's status, so a failed build is never mistaken for a reviewed update.
# A successful build is recorded as the accepted snapshot (pipeline/tools/snapshot.py), so
# make test passes until the commit; a failed one is not.
update: venv
	@status=0; $(RUN) build --raw raw --interim "$(INTERIM)" --output output --jobs $(JOBS) || status=$$?; \
	if [ $$status -eq 0 ]; then $(RUN) accept --output output --interim "$(INTERIM)"; fi; \
	$(RUN) docs && $(RUN) diff --ref "$(REF)" --output output; \
	exit $$status

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
