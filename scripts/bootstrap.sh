#!/usr/bin/env bash
# Installs everything the project needs into .venv: Python 3.10, uv, the locked dependencies,
# the database schema, the spaCy rules pipeline and the offline postcode table. Safe to run again:
# it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python310() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  if command -v pyenv >/dev/null 2>&1; then
    local candidate
    candidate=$(ls -d "$(pyenv root)"/versions/3.10.*/bin/python 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$candidate" ]; then echo "$candidate"; return; fi
  fi
  command -v python3.10 || { echo "Python 3.10 is needed (Rasa 3.6 runs on 3.8-3.10)" >&2; exit 1; }
}

PY=$(find_python310)
if ! "$PY" -m uv --version >/dev/null 2>&1; then
  "$PY" -m pip install --quiet --disable-pip-version-check "uv>=0.5"
fi
"$PY" -m uv sync --locked --python "$PY" --quiet
.venv/bin/python -m bot.nlu.build_pipeline --if-missing
.venv/bin/python -m bot.services.coverage.postcode_table --if-missing
.venv/bin/python -m bot.store.migrate
# The chat widget's packages (socket.io-client, esbuild) and axe-core for the browser tests.
if [ ! -d widget/node_modules ] || [ widget/package-lock.json -nt widget/node_modules ]; then
  npm ci --prefix widget --no-audit --no-fund --silent
fi
# The chat widget, bundled into bot/console/static/chat.js, rebuilt only when its sources changed.
WIDGET=bot/console/static/chat.js
if [ ! -f "$WIDGET" ] || [ -n "$(find widget/src widget/build.mjs widget/package-lock.json -newer "$WIDGET" -print -quit)" ]; then
  npm run --prefix widget build --silent
fi
