# cxlab: the two commands are `make lab` (open the course) and `make test` (run every check).
# Both create or update the same virtual environment in .venv from pyproject.toml.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two installs: `make lab` gets what participants need (cxlab, JupyterLab, nbgrader, ...);
# `make test` adds the test tools (the `test` extra: pytest, Playwright, ruff, mypy).
LAB_STAMP := $(VENV)/.cxlab-lab-installed
STAMP  := $(VENV)/.cxlab-installed
# pip in a venv owned by root is fine (containers, CI): no "running pip as root" warning.
export PIP_ROOT_USER_ACTION := ignore
# `make lab` (participants): tools/participant_lab.py brings course/ into workspace/ (course
# updates merge in, the participant's work is never overwritten: cxlab.workspace) and serves
# only that, with nbgrader's trainer tools hidden (jupyter/participant/). These are its server's options (`make lab-args` shows them).
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
.PHONY: help lab lab-args trainer test lint notebooks data bench clean chromium bench-grading hub hub-deps lock

help:
	@echo "make lab        set up .venv and open your workspace (your copy of course/) in JupyterLab"
	@echo "make trainer    JupyterLab on the whole repository with nbgrader's Formgrader: shows answer keys"
	@echo "make test       set up .venv and run the whole test suite (lint, unit, notebooks, nbgrader, browser)"
	@echo "make notebooks  seal the question banks; rebuild course/ notebooks and index from solutions/"
	@echo "make data       rebuild the sample data sets from their seeded generators"
	@echo "make bench      benchmarks against pyworkforce and ciw (own venv, Python >= 3.12)"
	@echo "make bench-grading  cxlab grade --jobs 2 against serial nbgrader autograde (60 submissions)"
	@echo "make clean      remove .venv and generated nbgrader folders"
	@echo "make lock       (maintainers) newest allowed releases into constraints.txt, then make test"
	@echo "make hub ROSTER=roster.csv TRAINER=name   (root, Linux) a cohort JupyterHub: see hub/README.md"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "cxlab needs Python 3.11 or newer as '$(PYTHON)' (try: make PYTHON=python3.12 ...)"; exit 1; }
	@echo "==> Creating the virtual environment $(VENV) (with $$($(PYTHON) --version))"
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create $(VENV): on Debian/Ubuntu install python3-venv first"; exit 1; }
	@echo "==> Updating pip in $(VENV)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip

# pip's own lines and download bars show the progress (a few minutes on a first run).
$(LAB_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	@echo "==> Installing cxlab with JupyterLab, ipywidgets, nbgrader, pandas, matplotlib and"
	@echo "    scipy into $(VENV): a few minutes the first time, seconds afterwards"
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on \
	  -c constraints.txt -e .
	@touch $@
	@echo "==> Installed."

$(STAMP): pyproject.toml constraints.txt $(LAB_STAMP)
	@echo "==> Adding the test tools (pytest, Playwright, ruff, mypy) to $(VENV)"
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on \
	  -c constraints.txt -e '.[test]'
	@touch $@

# constraints.txt pins every package of .venv (the test tools too), so `make lab`, `make test`,
# CI (.ci/run) and Binder (binder/requirements.txt reads it) install the same versions, and the
# generated sample data stays byte for byte. `make lock` refreshes it: the newest releases
# pyproject.toml allows, frozen (without cxlab itself), then the whole suite on them.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check --upgrade --upgrade-strategy eager \
	  -e '.[test]'
	{ echo "# Every package of .venv pinned ($$($(BIN)/python -V), Linux) for make lab, make test,"; \
	  echo "# CI and Binder (binder/requirements.txt reads it). Made by make lock: do not edit."; \
	  $(BIN)/python -m pip freeze --exclude-editable --exclude cxlab; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	$(MAKE) test

lab: $(LAB_STAMP)
	@echo "==> Opening your workspace in JupyterLab"
	$(BIN)/python tools/participant_lab.py

# For trainers only: serves assessments/ (model answers, hidden tests) and banks/*.yml.
trainer: $(LAB_STAMP)
	$(BIN)/jupyter lab $(TRAINER_ARGS) $(ALLOW_ROOT)

lab-args:
	@echo $(LAB_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) chromium
	$(BIN)/ruff check .
	$(BIN)/python -m cxlab._authoring check
	$(BIN)/python -m cxlab.quiz check
	for g in $(DATAGEN); do $(BIN)/python tools/datagen/$$g --check || exit 1; done
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

notebooks: $(LAB_STAMP)
	$(BIN)/python -m cxlab.quiz build
	$(BIN)/python -m cxlab._authoring build

# The seeded generators of the shipped sample data, in build order (organisation_part1
# reads the quick-wins file core.py writes).
DATAGEN = core.py organisation_part1.py organisation_part2.py planning.py

data: $(LAB_STAMP)
	for g in $(DATAGEN); do $(BIN)/python tools/datagen/$$g || exit 1; done

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

# The cohort hub (hub/README.md). configurable-http-proxy comes from npm, pinned by the lock file.
HUB_PROXY := hub/node_modules/.bin/configurable-http-proxy
HUB_ARGS  ?=
hub-deps: $(HUB_PROXY)
$(HUB_PROXY): hub/package.json hub/package-lock.json
	npm ci --no-audit --no-fund --prefix hub
# One command, as root on a Linux server: Python environment, proxy, accounts from the roster,
# the trainer's course folder, then JupyterHub in the foreground (Ctrl+C stops everything).
hub:
	@test -n "$(ROSTER)" -a -n "$(TRAINER)" || { \
	  echo "usage: make hub ROSTER=roster.csv TRAINER=account [LTI=lti.toml] [HUB_ARGS='--port 8000 ...']"; exit 1; }
	$(PYTHON) hub/cohort.py up --roster "$(ROSTER)" --trainer "$(TRAINER)" $(if $(LTI),--lti "$(LTI)") $(HUB_ARGS)
