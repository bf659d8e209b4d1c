# motcua — a newcomer needs two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1

.PHONY: run test install install-test lint check bench vendor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Debian packages: pango and a Times-New-Roman-metric font for PDF forms and results
# (WeasyPrint);
# chromium for the browser tests. Installed with apt-get when missing and we are root;
# otherwise the command to run is printed (PDF downloads and browser tests need them).
SYSTEM_PACKAGES      := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2
# poppler-utils (pdfsig) and libnss3-tools (certutil, its trust store) check the signed
# results independently of pyHanko in the tests; softhsm2 is the PKCS#11 token the
# signing test keys a unit on.
SYSTEM_TEST_PACKAGES := chromium poppler-utils libnss3-tools softhsm2
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install:$$missing (sudo apt-get install$$missing)"; fi; \
	fi
endef

# Re-install when pyproject.toml changes (the stamp is older than it).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(call apt_install,$(SYSTEM_PACKAGES))
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(call apt_install,$(SYSTEM_TEST_PACKAGES))
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# A random signing key for this machine (settings.py reads it when SECRET_KEY is unset;
# without either, and without DEBUG=1, the system refuses to start). Never committed.
var/secret_key:
	@mkdir -p var
	@umask 077; $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

install: $(VENV)/.installed var/secret_key

install-test: $(VENV)/.installed-test var/secret_key

## make run: install, migrate the embedded SQLite database, load demo data, serve on $(PORT)
run: install
	@mkdir -p var
	$(BIN)/motcua migrate --noinput
	$(BIN)/motcua load_demo
	@echo "motcua: http://$(HOST):$(PORT)/  (background worker and deadline sweeps every 10 min)"
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/motcua db_worker --no-reload --interval 5 & \
	$(BIN)/motcua run_scheduler --every 600 & \
	$(BIN)/motcua runserver --noreload $(HOST):$(PORT)

## make test: install the test dependencies and run the whole suite
test: install-test
	$(BIN)/pytest

# The pure domain modules (no Django) are type-checked strictly.
TYPED_MODULES := motcua/workcalendar/engine.py motcua/workcalendar/official.py \
	motcua/dossiers/workflow.py motcua/dossiers/codes.py motcua/core/env.py motcua/feedback/workflow.py \
	motcua/core/choices.py motcua/core/text.py motcua/payments/words.py motcua/layers.py \
	motcua/digitisation/rules.py motcua/dossiers/documents/frames.py \
	motcua/indicators/formulas.py motcua/indicators/rows.py motcua/indicators/index766.py \
	motcua/indicators/periods.py motcua/interchange/vocabulary.py \
	motcua/parindex/rules.py motcua/parindex/scorer.py motcua/parindex/ranking.py \
	motcua/surveys/sipas.py

lint: install-test
	$(BIN)/ruff check motcua bench
	$(BIN)/ruff format --check motcua bench
	$(BIN)/mypy --strict --follow-imports=silent --ignore-missing-imports $(TYPED_MODULES)
	$(BIN)/motcua check
	$(BIN)/motcua makemigrations --check --dry-run

## make bench [BENCH_DOSSIERS=10000000]: the benchmarks of bench/ (PostgreSQL at 127.0.0.1,
## wrk from Debian); the pages and the indicators run on the same generated database
BENCH_DOSSIERS ?= 1000000
bench: install
	$(call apt_install,wrk)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python bench/bench_due_dates.py
	$(BIN)/python bench/bench_pages.py --dossiers $(BENCH_DOSSIERS) --keep
	$(BIN)/python bench/bench_indicators.py --dossiers $(BENCH_DOSSIERS) --reuse
	$(BIN)/python bench/bench_intake.py
	$(BIN)/python bench/bench_sweep.py
	$(BIN)/python bench/bench_register_pdf.py

## make vendor: refresh the vendored front-end assets from npm (needs node/npm; the
## result is committed, so `make run` never needs npm)
vendor:
	cd vendor && npm ci --no-audit --no-fund
	cp vendor/node_modules/@tabler/core/dist/css/tabler.min.css motcua/static/vendor/tabler/
	cp vendor/node_modules/@tabler/core/dist/js/tabler.min.js motcua/static/vendor/tabler/
	cp vendor/node_modules/htmx.org/dist/htmx.min.js motcua/static/vendor/htmx/
	cp vendor/node_modules/chart.js/dist/chart.umd.min.js motcua/static/vendor/chartjs/
	cp vendor/node_modules/swagger-ui-dist/swagger-ui-bundle.js \
	   vendor/node_modules/swagger-ui-dist/swagger-ui.css \
	   vendor/node_modules/swagger-ui-dist/LICENSE motcua/static/vendor/swagger-ui/

clean:
	rm -rf $(VENV) var
