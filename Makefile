# Two commands do all the set-up: `make workshop` and `make test`.
# Needs only python3 and make; uses uv (installed from PyPI into the venv) when it can, pip otherwise.
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
WORKDIR ?= workshop
COHORT  ?=
PORT    ?= 8866

.PHONY: workshop room test test-fast lint bench browser clean

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip uv || true
	if $(VENV)/bin/uv --version >/dev/null 2>&1; then \
	  $(VENV)/bin/uv pip install -q --python $(PY) -c constraints.txt -e '.[room,test]'; \
	else \
	  $(PY) -m pip install -q -c constraints.txt -e '.[room,test]'; \
	fi
	# an editable install leaves out data files: link the project's Voilà template in place
	mkdir -p $(VENV)/share/jupyter/voila/templates
	ln -sfn $(CURDIR)/share/jupyter/voila/templates/pertinence $(VENV)/share/jupyter/voila/templates/pertinence
	touch $(STAMP)

## Opens JupyterLab on the facilitator guide, with a copy of the bundled sample cohort, or on
## the cohort folder COHORT=dir when given (created if missing).
## Works in $(WORKDIR)/ (git ignores it): JupyterLab saves notebooks and groups add answers
## there, never in the committed notebooks/ and data/sample_cohort/.
WORKSHOP_COHORT = $(if $(COHORT),$(abspath $(COHORT)),$(CURDIR)/$(WORKDIR)/sample_cohort)
workshop: $(STAMP)
	mkdir -p $(WORKDIR)
	for f in notebooks/*.ipynb; do [ -e "$(WORKDIR)/$${f##*/}" ] || cp "$$f" $(WORKDIR)/; done
	if [ -n "$(COHORT)" ]; then mkdir -p "$(WORKSHOP_COHORT)"; \
	else [ -d $(WORKDIR)/sample_cohort ] || cp -r data/sample_cohort $(WORKDIR)/sample_cohort; fi
	cd $(WORKDIR) && PERTINENCE_COHORT="$(WORKSHOP_COHORT)" \
	  $(abspath $(VENV))/bin/jupyter lab $$([ "$$(id -u)" = 0 ] && echo --allow-root) 00_facilitator_guide.ipynb

## The room: this laptop serves the questionnaire to every group on the local network (QR code
## and workshop code printed, facilitator link too). make room COHORT=cohorts/2026-12-sherbrooke
room: $(STAMP)
	@if [ -z "$(COHORT)" ]; then \
	  echo "make room COHORT=folder   (e.g. COHORT=cohorts/2026-12-sherbrooke)"; exit 2; fi
	mkdir -p "$(COHORT)"
	$(VENV)/bin/pertinence serve --cohort "$(COHORT)" --port $(PORT)

## Headless Chromium for the browser tests (Debian's package; Playwright never downloads one).
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null); \
	  else \
	    echo "Chromium missing: install Debian's 'chromium' package or set CHROMIUM=/path/to/chromium"; exit 1; \
	  fi; \
	fi

## Every test: unit, property, concurrency, widgets, notebooks (nbval), real browser.
test: $(STAMP) browser
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest

## The inner loop: every test except the real browser, the fresh Binder venv and notebook runs.
test-fast: $(STAMP)
	$(PY) -m pytest -n 2 -m "not browser and not binder and not notebook and not slow"

## Lint and types: the same tools and versions as .pre-commit-config.yaml (from the venv).
LINTED := toolkit tests benchmarks data docs
lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy

## Benchmarks print ratios against their targets.
bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
