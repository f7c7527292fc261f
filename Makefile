# Journos: `make run` serves the demo site, `make test` runs the tests.
.DEFAULT_GOAL := help
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the requirements

run: $(VENV)/.installed ## Serve http://127.0.0.1:8000 with its task worker and periodic jobs (migrates; demo if empty)
	@$(PY) manage.py dev 127.0.0.1:8000

seed: $(VENV)/.installed ## Load (or refresh) the demo content
	$(PY) manage.py seed_demo

test: $(VENV)/.installed-dev ## Run the whole test suite (SQLite, or DATABASE_URL if set), as CI does
	$(PY) -m pytest

# The browser tests (tests/e2e) and the full-stack tests (tests/production: gunicorn, Varnish, nginx, the dev server)
# are the slow part; everything else runs against the test database in-process.
test-quick: $(VENV)/.installed-dev ## Run all tests except the browser and full-stack ones (tests/e2e, tests/production)
	$(PY) -m pytest --ignore=tests/e2e --ignore=tests/production

lint: $(VENV)/.installed-dev ## Check code style with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev ## Fix code style with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.installed-dev ## Benchmark the production stack (PostgreSQL, Redis, Varnish, nginx, wrk); ARGS="--articles 10000"
	$(PY) bench/run.py $(ARGS)

cluster: $(VENV)/.installed-dev ## Start docs/scaling.md's topology on loopback (HAProxy, Varnish x2, gunicorn x2, PgBouncer, PostgreSQL + replica)
	$(PY) bench/cluster.py

soak: $(VENV)/.installed-dev ## Drive the cluster at 80% of its capacity for 10 minutes while an editor publishes; ARGS="--minutes 2"
	$(PY) bench/soak.py $(ARGS)

.PHONY: help install run seed test test-quick lint format bench cluster soak

# The Nu Html Checker (npm vnu-jar, pinned in tests/tools/package-lock.json) goes into .test-tools/ (git-ignored);
# its install script, which fetches a Java runtime, is skipped: the system's Java 17 runs it.
.test-tools/node_modules/.installed: tests/tools/package.json tests/tools/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed: apt-get install -y nodejs npm"; exit 1; }
	mkdir -p .test-tools
	cp tests/tools/package.json tests/tools/package-lock.json .test-tools/
	cd .test-tools && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

html-checker: .test-tools/node_modules/.installed ## Install the Nu Html Checker the HTML validity test runs (needs npm; Java 17 to run)

.PHONY: html-checker

# Newsletter benchmark: a throwaway database (SQLite unless BENCH_DATABASE_URL says otherwise).
BENCH_DATABASE_URL ?= sqlite:////tmp/journos-bench-newsletter.sqlite3
BENCH_WORKERS ?= 1
bench-newsletter: $(VENV)/.installed-dev ## Send 10,000 newsletter e-mails to a local SMTP sink; prints e-mails/s
	rm -f /tmp/journos-bench-newsletter.sqlite3
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_newsletter --count 10000 --workers $(BENCH_WORKERS)

.PHONY: bench-newsletter

# Lighthouse (npm, pinned in bench/lighthouse/package-lock.json) goes into .lighthouse/ (git-ignored).
.lighthouse/node_modules/.installed: bench/lighthouse/package.json bench/lighthouse/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed: apt-get install -y nodejs npm"; exit 1; }
	mkdir -p .lighthouse
	cp bench/lighthouse/package.json bench/lighthouse/package-lock.json .lighthouse/
	cd .lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: $(VENV)/.installed-dev .lighthouse/node_modules/.installed ## Lighthouse scores, LCP, CLS, bytes of home, section, article, search (production stack); ARGS="--runs 3"
	$(PY) bench/lighthouse.py $(ARGS)

.PHONY: lighthouse
