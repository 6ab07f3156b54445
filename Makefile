# The README's commands. Each target installs what it needs itself (.venv, node_modules).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REPORTS := reports
RESULTS := $(REPORTS)/allure-results
HTML := $(REPORTS)/allure-report
PYTEST_ARGS ?=

.PHONY: run test lint report emulator coverage clean

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## run: the full conformance suite against the embedded emulator, the Allure report and the section table
run: $(BIN)/.installed node_modules/.installed
	@rm -rf $(RESULTS)
	$(BIN)/o2g-conformance run --alluredir $(RESULTS) $(PYTEST_ARGS); status=$$?; \
	  $(BIN)/o2g-conformance report --results $(RESULTS) --output $(HTML) || exit 1; \
	  exit $$status

## test: the framework's unit tests and the conformance suite against the emulator
test: $(BIN)/.installed
	$(BIN)/python -m pytest tests features -q $(PYTEST_ARGS)

## lint: ruff and mypy over the package
lint: $(BIN)/.installed
	$(BIN)/ruff check o2g_conformance steps tests features
	$(BIN)/mypy

## report: rebuild the HTML report from existing results
report: $(BIN)/.installed node_modules/.installed
	$(BIN)/o2g-conformance report --results $(RESULTS) --output $(HTML)

## emulator: serve the emulator on https://127.0.0.1:8443 (Ctrl-C stops it)
emulator: $(BIN)/.installed
	$(BIN)/o2g-emulator --port 8443 --tls

## coverage: which catalog operations and events the features cover
coverage: $(BIN)/.installed
	$(BIN)/o2g-conformance coverage

clean:
	rm -rf $(REPORTS)/allure-results $(REPORTS)/allure-report .o2g-tls
