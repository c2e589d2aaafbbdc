# Briefing system. `make help` lists the targets; each sets up .venv by itself when it is missing.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt pyproject.toml | sha256sum | cut -c1-12)
ARGS ?=
# What PDF rendering needs from the system. Without libharfbuzz-subset0 WeasyPrint falls back to
# fontTools and two builds' PDFs differ, so its absence stops `make test` (and the build) up front.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils
LDCONFIG := $(shell command -v ldconfig || echo /sbin/ldconfig)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name briefing --display-name "Python 3 (briefing)" >/dev/null
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: setup
setup: $(STAMP) ## create .venv from requirements.txt and register the Jupyter kernel

.PHONY: report
report: $(STAMP) ## build every report (HTML, PDF, briefing pack) into reports/; ARGS="--themes energy" etc.
	$(PY) -m briefing build $(ARGS)

.PHONY: extract
extract: $(STAMP) ## extract the corpus in seeds/ into the CSV tables in data/processed/
	$(PY) -m briefing extract $(ARGS)

.PHONY: check-system
check-system: ## check the system libraries PDF rendering and the tests need; print the apt-get line if not
	@if ! $(LDCONFIG) -p 2>/dev/null | grep -q 'libpango-1.0.so' || ! $(LDCONFIG) -p 2>/dev/null | grep -q 'libharfbuzz-subset.so' \
	    || ! command -v pdftoppm >/dev/null; then \
	  echo "Missing system packages for PDF rendering. Install them with:" >&2; \
	  echo "  sudo apt-get install $(SYSTEM_PACKAGES)" >&2; exit 2; fi

.PHONY: test
test: $(STAMP) check-system ## run the test suite
	$(PY) -m pytest -q $(ARGS)

.PHONY: lint
lint: $(STAMP) ## check style with ruff
	$(VENV)/bin/ruff check briefing tests bench

.PHONY: strip
strip: $(STAMP) ## clear the notebooks' outputs before committing (what the pre-commit hook does)
	$(VENV)/bin/nbstripout --keep-id notebooks/*.ipynb

.PHONY: bench
bench: $(STAMP) ## run the benchmarks in bench/ (prints timings; takes a few minutes)
	$(PY) bench/extract.py
	$(PY) bench/notebooks.py
	$(PY) bench/build.py
	$(PY) bench/scale.py

.PHONY: bench-accuracy
bench-accuracy: $(STAMP) ## score extraction against the hand annotations (seeds, dev set); ARGS="-v" lists misses
	$(PY) bench/accuracy.py $(ARGS)

.PHONY: bench-names
bench-names: $(STAMP) ## compare the speaker-name rule with nameparser and probablepeople
	$(PY) bench/names.py

.PHONY: bench-items
bench-items: $(STAMP) ## check tracked items against the hand-checked scorecards
	$(PY) bench/items.py

.PHONY: bench-incremental
bench-incremental: $(STAMP) ## time incremental extraction (add, edit, remove one article); ARGS="--articles 2000"
	$(PY) bench/incremental.py $(ARGS)

.PHONY: clean
clean: ## delete generated data and reports (keeps .venv)
	rm -rf data/processed/* reports/* bench/out
