#!/usr/bin/env bash
# Set up the project from its own files: a virtual environment in .venv with
# the package installed editable, and the front-end assets in node_modules
# (npm ci; skipped with a warning when npm is absent). `--test` adds the test
# dependencies and Chromium for the browser tests (apt-get, when root).
# Needs Python 3.11 and pip; npm for the query editor.
set -euo pipefail
cd "$(dirname "$0")/.."

python=""
for candidate in python3.11 python3 python; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    python="$candidate"; break
  fi
done
if [ -z "$python" ]; then
  echo "setup: Python 3.11 is required (python3.11 not found)" >&2
  exit 2
fi

[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -e '.[test]'
else
  .venv/bin/python -m pip install --quiet -e .
fi

# Front-end assets (the SPARQL query editor, YASGUI) from the npm registry into node_modules/,
# exactly as package-lock.json pins them. Skipped when nothing changed since the last install.
# Without npm the Python side still works; the editor page then says its assets are missing.
if [ -f package.json ]; then
  if command -v npm >/dev/null 2>&1; then
    lock_sum="$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
    stamp=node_modules/.kg-setup-stamp
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ] ||
       [ ! -f node_modules/@zazuko/yasgui/build/yasgui.min.js ]; then
      if [ -f package-lock.json ]; then
        npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
      else
        npm install --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
      fi
      printf '%s\n' "$lock_sum" >"$stamp"
    fi
  else
    echo "setup: warning: npm not found; the query editor's assets (YASGUI) are not installed" >&2
  fi
fi

# Browser tests need Chromium (headless) at /usr/bin/chromium, and Arabic fonts so pages render
# as readers see them (screenshots), all from Debian's packages.
browser_packages=(chromium fonts-noto-core fonts-hosny-amiri)
if [ "${1:-}" = "--test" ]; then
  missing=()
  for package in "${browser_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "setup: installing ${missing[*]} for the browser tests (apt-get)" >&2
      apt_opts=(-qq -o DPkg::Lock::Timeout=300)
      if ! { apt-get "${apt_opts[@]}" update >&2 &&
             DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null; }; then
        echo "setup: warning: could not install ${missing[*]}; browser tests may be skipped" >&2
      fi
    else
      echo "setup: warning: ${missing[*]} missing and we are not root; browser tests may be skipped" >&2
    fi
  fi
fi
echo "setup: ready (.venv)" >&2
