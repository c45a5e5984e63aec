# Coalition's one task runner. Every target installs what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
DATABASE_URL_PG ?= postgres://postgres@127.0.0.1:5432/coalition
STAMP := $(VENV)/.installed

# Benchmark suites besides the pages: `make bench campaigns` runs bench/campaigns.py.
BENCH_SUITES := campaigns events mailings search surveys governance research policy soak scale
BENCH_SUITE := $(firstword $(filter $(BENCH_SUITES),$(MAKECMDGOALS)))

.PHONY: install demo serve dev restore-check check test test-postgres test-browser lint fmt bench clean lock $(BENCH_SUITES)

install: $(STAMP) node_modules/.installed

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund && touch $@; \
	else echo "npm not found: accessibility checks in the browser tests will be skipped."; fi

# Set up, load the demo coalition and serve it with a task worker and the scheduler, beside
# the sample member websites on loopback (ports 8201-8205) that site search crawls. Only
# here may loopback be fetched (FETCH_ALLOWED_NETWORKS); production never allows it.
demo: install
	DEBUG=true $(PY) manage.py migrate --no-input
	@trap 'kill 0' INT TERM EXIT; \
	export DEBUG=true FETCH_ALLOWED_NETWORKS=127.0.0.1/32 SITESEARCH_MIN_DELAY_MS=200; \
	$(PY) manage.py serve_demo_sites & \
	$(PY) manage.py load_demo || exit 1; \
	echo "Serving on http://127.0.0.1:$(PORT) (Ctrl-C stops the site, worker, scheduler and sample websites)"; \
	$(PY) manage.py db_worker --no-reload & \
	$(PY) manage.py run_scheduler & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production mode on this machine: gunicorn (workers sized to the cores), a task worker and
# the scheduler, DEBUG off, static files collected and served by WhiteNoise, settings from
# .env (loopback-only defaults for what production requires; see bin/serve). Ctrl-C stops all.
serve: install
	PORT=$(PORT) $(PY) bin/serve

# The development server only (DEBUG on, reloads on code changes; no worker or scheduler).
dev: install
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Back up the demo coalition, wipe it, restore it and compare every model's row count
# (SQLite and its uploads in a scratch VAR_DIR; with RESTORE_CHECK_PG=1 on PostgreSQL too).
restore-check: install
	$(PY) bin/restore-check

# Pin everything pyproject.toml needs (its dependencies and the dev extra) in requirements.lock.
lock: install
	$(PY) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
	  print('\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" > $(VENV)/direct.txt
	$(BIN)/pip install --quiet --dry-run --ignore-installed --report $(VENV)/resolved.json -r $(VENV)/direct.txt
	{ head -n 2 requirements.lock; $(PY) -c "import json; r = json.load(open('$(VENV)/resolved.json')); \
	  m = sorted((i['metadata'] for i in r['install'] if i['metadata']['name'] != 'pip'), key=lambda m: m['name'].lower()); \
	  print('\n'.join(f\"{x['name']}=={x['version']}\" for x in m))"; } > $(VENV)/lock.txt
	mv $(VENV)/lock.txt requirements.lock

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	DEBUG=true $(PY) manage.py check
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

test: lint check
	$(BIN)/pytest

test-browser: install
	$(BIN)/pytest tests/browser

test-postgres: install
	DATABASE_URL=$(DATABASE_URL_PG) $(BIN)/pytest

# Load-test the production server at scale M (pass options with BENCH_ARGS="--scale S").
# `make bench` measures the pages; `make bench campaigns` (or events) runs that suite.
bench: install
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; \
	  else \
	    echo "bench needs wrk, the HTTP load generator: install it (Debian/Ubuntu:" \
	      "sudo apt-get install wrk) and run make bench again." >&2; exit 1; \
	  fi; }
	$(PY) bench/$(or $(BENCH_SUITE),run).py $(BENCH_ARGS)

# A suite's name is a goal that does nothing alone; `bench` above runs it.
$(BENCH_SUITES):
	@case " $(MAKECMDGOALS) " in *" bench "*) ;; \
	  *) echo "Run it as: make bench $@" >&2; exit 2;; esac

clean:
	rm -rf $(VENV) node_modules var staticfiles
