# Gestor MIPG. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export MIPG_DATA_DIR ?= $(CURDIR)/var

.PHONY: install run demo test test-sqlite test-postgres lint bench clean screens

$(BIN)/mipg: pyproject.toml
	@# python-ldap (sign-in with the entity's directory) compiles against OpenLDAP's headers.
	@if [ ! -e /usr/include/ldap.h ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "== installing OpenLDAP headers for python-ldap"; \
	  (apt-get update -qq && apt-get install -y -qq --no-install-recommends libldap2-dev libsasl2-dev) >/dev/null; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/mipg

install: $(BIN)/mipg

run: install
	MIPG_DEBUG=1 $(BIN)/mipg migrate --noinput
	MIPG_DEBUG=1 $(BIN)/mipg demo
	@echo ""
	@echo "Gestor MIPG en http://127.0.0.1:8000"
	@echo "Ingrese con: admin, admin-ugg, sector, ugg, hmc, control, lider, presidente, respondente o resultados; contraseña: $${MIPG_ADMIN_PASSWORD:-demo-mipg-2026}"
	@echo ""
	@# One background-job worker beside the server (scripts/run-with-worker.sh stops it with the server).
	MIPG_DEBUG=1 BIN=$(BIN) bash scripts/run-with-worker.sh 127.0.0.1:8000

demo: install
	MIPG_DEBUG=1 $(BIN)/mipg migrate --noinput
	MIPG_DEBUG=1 $(BIN)/mipg demo

test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# Screenshots of ten key pages and one phone view into docs/screens/ (demo loaded in a throwaway database).
screens: install
	$(BIN)/python scripts/screens.py

bench: install
	bash scripts/bench.sh

clean:
	rm -rf $(VENV) var .pytest_cache
