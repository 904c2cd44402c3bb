# dala — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install messages vendor vendor-copy test test-fast lint test-sqlite test-postgres bench clean

# OpenSeadragon (the artwork page's deep-zoom viewer) comes from npm and is copied into static, never
# committed. `make run` installs it when npm is on the machine; without npm the artwork page shows the
# plain image, so a machine with only python3 and make still runs dala.
OSD_SOURCE := node_modules/openseadragon/build/openseadragon
OSD_VENDOR := src/dala/site/static/vendor/openseadragon
define copy-openseadragon
	mkdir -p $(OSD_VENDOR)
	cp $(OSD_SOURCE)/openseadragon.min.js $(OSD_SOURCE)/openseadragon.min.js.map \
		node_modules/openseadragon/LICENSE.txt $(OSD_VENDOR)/
	rm -rf $(OSD_VENDOR)/images && cp -R $(OSD_SOURCE)/images $(OSD_VENDOR)/images
endef

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(STAMP) messages

messages: $(STAMP)
	$(BIN)/dala compile_translations

run: install
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory vendor; \
	elif [ -f $(OSD_SOURCE)/openseadragon.min.js ]; then $(MAKE) --no-print-directory vendor-copy; \
	else echo "dala: npm not found, so the deep-zoom viewer is off (artwork pages show the plain image)"; fi
	$(BIN)/dala migrate --noinput
	$(BIN)/dala collectstatic --noinput -v 0
	$(BIN)/dala demo --if-empty
	$(BIN)/dala demo_market --if-empty
	$(BIN)/dala demo_discovery --if-empty
	$(BIN)/dala demo_programmes --if-empty
	$(BIN)/dala search reindex --if-incomplete
	@echo "dala: serving http://$(HOST):$(PORT)/ (worker and scheduler running; Ctrl-C stops all)"
	$(BIN)/dala worker & worker=$$!; \
	$(BIN)/dala scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/granian --interface wsgi --host $(HOST) --port $(PORT) --workers 1 --blocking-threads 4 \
		--no-ws --log-level warning dala.wsgi:application

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(OSD_VENDOR)/openseadragon.min.js: node_modules/.package-lock.json Makefile
	$(copy-openseadragon)

vendor: $(OSD_VENDOR)/openseadragon.min.js

# For `make run` without npm: copy what node_modules already has.
vendor-copy:
	$(copy-openseadragon)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/dala makemigrations --check --dry-run

test-sqlite: install node_modules/.package-lock.json vendor
	$(BIN)/pytest -p no:cacheprovider

test-postgres: install
	$(BIN)/python bin/with-postgres $(BIN)/pytest -p no:cacheprovider -m "not browser"

test: lint test-sqlite test-postgres

bench: install
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) node_modules var/static $(OSD_VENDOR)
