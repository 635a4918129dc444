# cxlab: the two commands are `make lab` (open the course) and `make test` (run every check).
# Both create or update the same virtual environment in .venv from pyproject.toml.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.cxlab-installed
# `make lab` (participants): tools/participant_lab.py copies course/ into workspace/ (never
# overwriting the participant's files) and serves only that, with nbgrader's trainer tools
# hidden (jupyter/participant/). These are its server's options (`make lab-args` shows them).
LAB_ARGS = $(shell $(PYTHON) tools/participant_lab.py --print-args)
# `make trainer`: the whole repository (answer keys included) with nbgrader's trainer tools.
TRAINER_ARGS := --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/README.md
# Jupyter refuses to run as root unless told to (containers, CI).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# Parallel test workers (pytest-xdist); `make test JOBS=1` runs them one by one.
JOBS   ?= auto
# The browser tests (tests/browser) drive Debian's Chromium; another one can be named here.
export CXLAB_CHROMIUM ?= /usr/bin/chromium

.DEFAULT_GOAL := help
.PHONY: help lab lab-args trainer test lint notebooks data bench clean chromium bench-grading

help:
	@echo "make lab        set up .venv and open your workspace (a copy of course/) in JupyterLab"
	@echo "make trainer    JupyterLab on the whole repository with nbgrader's Formgrader: shows answer keys"
	@echo "make test       set up .venv and run the whole test suite (lint, unit, notebooks, nbgrader, browser)"
	@echo "make notebooks  seal the question banks; rebuild course/ notebooks and index from solutions/"
	@echo "make data       rebuild the sample data sets from their seeded generator"
	@echo "make bench      benchmarks against pyworkforce and ciw (own venv, Python >= 3.12)"
	@echo "make bench-grading  cxlab grade --jobs 2 against serial nbgrader autograde (60 submissions)"
	@echo "make clean      remove .venv and generated nbgrader folders"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || \
	  { echo "cxlab needs Python 3.10 or newer as '$(PYTHON)' (try: make PYTHON=python3.12 ...)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create $(VENV): on Debian/Ubuntu install python3-venv first"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/python tools/participant_lab.py

# For trainers only: serves assessments/ (model answers, hidden tests) and banks/*.yml.
trainer: $(STAMP)
	$(BIN)/jupyter lab $(TRAINER_ARGS) $(ALLOW_ROOT)

lab-args:
	@echo $(LAB_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) chromium
	$(BIN)/ruff check .
	$(BIN)/python -m cxlab._authoring check
	$(BIN)/python -m cxlab.quiz check
	$(BIN)/python -m cxlab.data.generate --check
	$(BIN)/pytest -n $(JOBS)

# Playwright's own browser download does not work everywhere: use the distribution's.
chromium:
	@test -x "$(CXLAB_CHROMIUM)" || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "The browser tests need Chromium at $(CXLAB_CHROMIUM). On Debian install it with"; \
	    echo "  sudo apt-get install -y chromium"; \
	    echo "or run make test CXLAB_CHROMIUM=/path/to/chromium"; \
	    exit 1; \
	  fi; }

notebooks: $(STAMP)
	$(BIN)/python -m cxlab.quiz build
	$(BIN)/python -m cxlab._authoring build

data: $(STAMP)
	$(BIN)/python -m cxlab.data.generate

# pyworkforce 0.5.4 needs Python >= 3.12; it and ciw are installed only in .venv-bench.
# BENCH_PYTHON: the first interpreter that runs and is 3.12 or newer, on PATH, then among
# the versions installed by pyenv, asdf or mise (their shims on PATH fail unless that
# version is selected), then uv's. Without one the benchmark times cxlab alone with $(PYTHON).
# Name one with make bench BENCH_PYTHON=/path/to/python3.12; pass options with BENCH_ARGS.
BENCH_PYTHON ?= $(shell for p in python3.13 python3.12 python3 \
	"$${PYENV_ROOT:-$$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 \
	"$${ASDF_DATA_DIR:-$$HOME/.asdf}"/installs/python/3.1[2-9]*/bin/python3 \
	"$${MISE_DATA_DIR:-$$HOME/.local/share/mise}"/installs/python/3.1[2-9]*/bin/python3 \
	"$$(uv python find '>=3.12' 2>/dev/null)"; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 \
	&& { echo "$$p"; break; }; done)
bench:
	@py='$(BENCH_PYTHON)'; extra=pyworkforce==0.5.4; \
	if [ -z "$$py" ]; then \
	  echo "make bench: no Python 3.12 or newer found, which pyworkforce 0.5.4 needs;"; \
	  echo "  timing cxlab alone with $(PYTHON). Name one with: make bench BENCH_PYTHON=/path/to/python3.12"; \
	  py='$(PYTHON)'; extra=; \
	elif ! "$$py" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "make bench: BENCH_PYTHON=$$py does not run as Python 3.12 or newer"; \
	  echo "  (a version manager's shim runs only the version selected: name the interpreter's own path)"; \
	  exit 1; \
	fi; \
	want=$$("$$py" -c 'import sys; print(sys.version_info[:2])') || exit 1; \
	have=$$(.venv-bench/bin/python -c 'import sys; print(sys.version_info[:2])' 2>/dev/null); \
	echo "make bench: $$("$$py" -c 'import sys; print(sys.executable, sys.version.split()[0])')"; \
	if [ "$$want" != "$$have" ]; then rm -rf .venv-bench && "$$py" -m venv .venv-bench || exit 1; fi; \
	.venv-bench/bin/python -m pip install --quiet -e . $$extra ciw && \
	.venv-bench/bin/python benchmarks/bench_service_level.py $(BENCH_ARGS)

bench-grading: $(STAMP)
	$(BIN)/python benchmarks/bench_grading.py --n 60 --jobs 2

clean:
	rm -rf $(VENV) .venv-bench release submitted autograded feedback gradebook.db
