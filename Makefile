# Two commands set everything up on a fresh Debian machine with Python 3.11:
#   make demo   crawl the bundled demo portal into data/reports.db and serve it with Datasette
#   make test   run the test suite
# Both create .venv and install what they need, system packages included (as root: apt-get).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/reports.db
PORT ?= 8001
PORTAL_PORT ?= 8002
APT_PACKAGES := python3-venv python3-dev build-essential chromium chromium-driver fonts-noto-cjk libreoffice-writer-nogui

.PHONY: demo test crawl parse serve reparse schedule bench install system-deps lint clean

$(VENV)/.installed: pyproject.toml
	$(MAKE) system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Debian packages, installed once per machine (apt-get update first); skipped when not root.
system-deps:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi; \
	else echo "not root or no apt-get: skipping system packages ($(APT_PACKAGES))"; fi

# The main job end to end: serve demo/portal on 127.0.0.1, crawl it, parse and store, then Datasette
# as `make serve` runs it (DB and PORT passed on).
demo: install
	$(BIN)/python -m crawler.local --db $(DB) --port $(PORTAL_PORT)
	@echo "Datasette: http://127.0.0.1:$(PORT)/  (reports, facts, checks …; Ctrl-C to stop)"
	$(MAKE) serve DB=$(DB) PORT=$(PORT)

test: install
	$(BIN)/pytest

# Crawl a portal: make crawl URL=http://…/index.html [AGENCY=…]
crawl: install
	$(BIN)/scrapy crawl portal -a start_url=$(URL) $(if $(AGENCY),-a agency=$(AGENCY)) -s REPORTS_DB=$(DB)

# Parse one file and print the contract's JSON: make parse FILE=report.html
parse: install
	$(BIN)/python -m parsers $(FILE) --json

# Read-only (--immutable): migrate and fold the WAL into the file first, count the tables once
# (--inspect-file: no count of 10 million facts per page), then serve it unchanged. Facet suggestions
# are off: on the wide views they would try ~200 columns per page view.
serve: install
	$(BIN)/python -m storage migrate --db $(DB)
	$(BIN)/datasette inspect $(DB) --inspect-file $(DB).inspect.json
	$(BIN)/datasette serve --immutable $(DB) --inspect-file $(DB).inspect.json --metadata datasette-metadata.json \
	  --setting suggest_facets off --host 127.0.0.1 --port $(PORT)

# Rebuild reports, facts and checks from the raw files kept on disk with the current parser; fetches nothing.
reparse: install
	$(BIN)/python -m storage reparse --db $(DB)

# Install the daily registry crawl (systemd timer where systemd runs, else /etc/cron.d); a lock keeps runs apart
schedule: install
	$(BIN)/python -m crawler.schedule install

bench: install
	$(BIN)/python -m benchmarks

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) data .pytest_cache
