# The README's commands. Each target installs what it needs itself (.venv, node_modules).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REPORTS := reports
RESULTS := $(REPORTS)/allure-results
HTML := $(REPORTS)/allure-report
PYTEST_ARGS ?=
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint report emulator coverage clean chromium bench

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## run: the conformance suite against the embedded emulator, then the compliance matrix and the Allure report.
## Status (tools/run-status.sh, also written to reports/exit-status): 0 compliant, 3 not compliant, 4 usage error,
## 5 could not run (no report is built then, the previous one is removed). GNU make exits 2 when it is not 0.
run: $(BIN)/.installed node_modules/.installed
	@rm -rf $(RESULTS)
	@$(BIN)/o2g-conformance run --alluredir $(RESULTS) $(PYTEST_ARGS); \
	  sh tools/run-status.sh $$? '$(BIN)/o2g-conformance report --results $(RESULTS) --output $(HTML)' \
	  $(HTML) $(REPORTS)/exit-status

## test: lint, then the framework's unit tests and the conformance suite against the emulator, on every core
## (pytest-xdist: each worker runs its own embedded emulator); then the real-target stage: the suite against a
## foreign O2G started as a separate o2g-emulator process (fixtures/foreign/; one worker: one target's users)
test: $(BIN)/.installed node_modules/.installed chromium lint
	$(BIN)/python -m pytest tests features -q -n auto --ignore=tests/realtarget $(PYTEST_ARGS)
	$(BIN)/python -m pytest tests/realtarget -q -p no:randomly

## chromium: Debian's chromium for the test that opens the HTML report (installed only when missing)
chromium:
	@if [ ! -x $(CHROMIUM) ] && command -v apt-get >/dev/null 2>&1; then \
	  sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "installing chromium with apt-get (the report test opens the report in it)"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium >/dev/null \
	    || echo "chromium could not be installed: the report browser test will skip"; \
	fi

## lint: ruff (lint and format) and mypy over the package and the step library
lint: $(BIN)/.installed
	$(BIN)/ruff check o2g_conformance steps tests features tools benchmarks
	$(BIN)/ruff format --check o2g_conformance steps tests features tools benchmarks
	$(BIN)/mypy
	$(BIN)/mypy steps
	$(BIN)/mypy --strict benchmarks

## report: rebuild the compliance matrix and the HTML report from existing results (exit 3: quality gate failed)
report: $(BIN)/.installed node_modules/.installed
	$(BIN)/o2g-conformance report --results $(RESULTS) --output $(HTML)

## emulator: serve the emulator on https://127.0.0.1:8443 (Ctrl-C stops it)
emulator: $(BIN)/.installed
	$(BIN)/o2g-emulator --port 8443 --tls

## coverage: which catalog operations and events the features cover; regenerates docs/coverage.md
coverage: $(BIN)/.installed
	$(BIN)/o2g-conformance coverage --write docs/coverage.md

## bench: the performance figures (emulator throughput, event latency, 200 clients, 10k-user start-up, suite),
## printed as a table and written to reports/bench/bench.json (compared with the previous run).
## BENCH_ARGS=--full for the long durations; not part of `make test`.
BENCH_ARGS ?=
bench: $(BIN)/.installed
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

## clean: generated results and reports (the history in reports/history/ is kept for the trends)
clean:
	rm -rf $(REPORTS)/allure-results $(REPORTS)/allure-report $(REPORTS)/compliance .o2g-tls
