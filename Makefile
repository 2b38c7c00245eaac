# taut's build: every install step lives here, so a clean clone needs only Python 3.11 and make.
# `make demo` and `make test` install first when needed.

PYTHON ?= python3.11
UV_VERSION := 0.13.8
BOOT := .venv-boot
UV := $(BOOT)/bin/uv
VENV := .venv
STAMP := $(VENV)/.installed
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

.PHONY: install demo test check lint types format bench scaling fuzz clean postgres postgres-stop chromium

install: $(STAMP)

$(UV):
	$(PYTHON) -m venv $(BOOT)
	$(BOOT)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --inexact
	@touch $(STAMP)

uv.lock: pyproject.toml | $(UV)
	$(UV) lock

# The demo writes demo/ (git-ignored: its log, contract, store, brief.md and brief.html),
# rewritten on every run; taut never overwrites a project without --force.
demo: install
	$(VENV)/bin/taut demo --dir demo --force

# The whole gate: format, lint, strict types, then every test (doctests and README included).
# The store tests run on SQLite and on the private PostgreSQL that `make postgres` starts; the
# HTML brief is opened in the headless Chromium that `make chromium` installs.
test: lint types postgres chromium
	$(VENV)/bin/pytest -q

# The test PostgreSQL (scripts/postgres.sh): installs Debian's postgresql if it is missing and
# starts a private server on port 54329 (idempotent); `make postgres-stop` stops it.
postgres:
	bash scripts/postgres.sh

postgres-stop:
	bash scripts/postgres.sh stop

# The browser tests/brief/monday/test_browser.py opens the HTML brief in
# (scripts/chromium.sh): installs Debian's chromium if /usr/bin/chromium is missing (idempotent).
chromium:
	bash scripts/chromium.sh

lint: install
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/ruff check src tests benchmarks

types: install
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

check: test

# Fuzz the contract loader and the log readers for FUZZ_SECONDS each (make test runs them for
# seconds). New corpus entries go to fuzz-work/corpus/, crashing inputs to fuzz-work/crashes/.
FUZZ_SECONDS ?= 600
fuzz: install
	PYTHONPATH=. $(VENV)/bin/python -m tests.fuzz.session --seconds $(FUZZ_SECONDS) --work fuzz-work

bench: install
	$(UV) sync --frozen --inexact --group bench
	# Compiled as a pip install leaves it: each benchmark starts fresh processes.
	$(VENV)/bin/python -m compileall -q src $(VENV)/lib
	$(VENV)/bin/python benchmarks/outcomes.py
	$(VENV)/bin/python benchmarks/simulate_speed.py
	$(VENV)/bin/python benchmarks/scan_calibration.py
	$(VENV)/bin/python benchmarks/detection.py
	$(VENV)/bin/python benchmarks/second_process.py
	$(VENV)/bin/python benchmarks/replay.py
	$(VENV)/bin/python benchmarks/detection_core.py --seeds 50 --tune-seeds 60
	$(VENV)/bin/python benchmarks/insight.py --seeds 20 --weeks 16 --deals 20.0 --size 0.3 --jobs 2
	nice -n 10 $(VENV)/bin/python benchmarks/rebaseline.py --seeds 40
	nice -n 10 $(VENV)/bin/python benchmarks/resolved_episode.py
	$(MAKE) scaling
	@touch $(STAMP)

# Issue 10's scaling benchmark: `taut outcomes`, `taut scan` and the hand-written DuckDB
# statement at 0.1M to 10M cases (10M under an 8 GB cap; logs in SCALING_DATA, deleted after).
# A quick run: make scaling SCALING_SIZES=0.1M,0.5M
SCALING_SIZES ?= 0.1M,0.5M,2M,10M
SCALING_DATA ?= /tmp/taut-scaling
scaling: install
	nice -n 5 $(VENV)/bin/python benchmarks/scaling.py --sizes $(SCALING_SIZES) --data $(SCALING_DATA)

clean:
	rm -rf $(VENV) $(BOOT) .pytest_cache .mypy_cache .ruff_cache
