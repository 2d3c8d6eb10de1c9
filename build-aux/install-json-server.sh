#!/usr/bin/env bash
# Installs json-server 0.17.4 from npm into DIR (default: _deps/json-server
# beside this script's project), for the json-server integration tests:
# tests/meson.build finds DIR/node_modules/.bin/json-server.
set -euo pipefail

dir="${1:-$(dirname "$0")/../_deps/json-server}"

if ! command -v npm >/dev/null 2>&1; then
  echo "install-json-server: npm is not installed (apt-get install npm)" >&2
  exit 1
fi

mkdir -p "$dir"
npm install --no-audit --no-fund --no-save --prefix "$dir" json-server@0.17.4
"$dir/node_modules/.bin/json-server" --version
