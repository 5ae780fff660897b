#!/usr/bin/env bash
# Installs everything the project needs into .venv and node_modules, idempotently.
# Says clearly what is missing from the system instead of failing half-way.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/system_checks.sh

PYTHON=${PYTHON:-python3}
missing=()

if ! command -v "$PYTHON" >/dev/null 2>&1 ||
   ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  missing+=("Python 3.11 or newer as '$PYTHON' (set PYTHON=/path/to/python3.11 to choose another)")
fi
if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  missing+=("the Python venv module (Debian: apt-get install python3-venv)")
fi
command -v npm >/dev/null 2>&1 || missing+=("Node.js with npm, for the front-end assets (Debian: apt-get install npm)")
if ! has_library 'libpango-1.0.so'; then
  missing+=("Pango, for PDF summaries (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)")
fi
if ! command -v pg_config >/dev/null 2>&1 && ! .venv/bin/python -c 'import psycopg2' 2>/dev/null; then
  missing+=("the PostgreSQL client headers, to build psycopg2 (Debian: apt-get install libpq-dev)")
fi

# Not required: without it WeasyPrint subsets fonts with fontTools, and a summary PDF takes
# about a quarter longer.
if ! has_library 'libharfbuzz-subset.so'; then
  echo "Note: PDF summaries render faster with HarfBuzz's subsetter (Debian: apt-get install libharfbuzz-subset0)." >&2
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Cannot set up: this machine is missing" >&2
  for item in "${missing[@]}"; do echo "  - $item" >&2; done
  exit 1
fi

stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "Installing Python packages into .venv ..."
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  touch "$stamp"
fi

npm_stamp=node_modules/.installed
if [ ! -f "$npm_stamp" ] || [ package-lock.json -nt "$npm_stamp" ]; then
  echo "Installing front-end assets into node_modules ..."
  npm ci --no-audit --no-fund --loglevel=error
  touch "$npm_stamp"
fi
