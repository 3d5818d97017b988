# Two entry points that do all set-up on a fresh machine with Python 3.11: `make run`, `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint bench clean lock

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(PY) -m bot

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

test: lint
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) -m bench.validate_file
	$(PY) -m bench.bench_validate_rows
	$(PY) -m bench.upload_e2e
	$(PY) -m bench.export_list
	$(PY) -m bench.clients_query
	$(PY) -m bench.push_list
	$(PY) -m bench.hostile_files
	$(PY) -m bench.webhook_load
	$(PY) -m bench.staging

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache

# requirements.lock: exact versions with hashes of what pyproject.toml asks for (the Dockerfile and the
# systemd recipe install from it). Run after changing dependencies; tests/bot/test_lock.py checks it.
lock: $(VENV)/.installed
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --quiet \
		--custom-compile-command "make lock" -o requirements.lock
