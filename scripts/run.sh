#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the app and the server in release,
# and runs Even Keel at http://127.0.0.1:8080 on SQLite (data/evenkeel.db). Extra arguments go to
# `evenkeel serve`, e.g. `scripts/run.sh --demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh
scripts/build-app.sh
echo "==> building the server"
cargo build --release -p evenkeel-server
exec target/release/evenkeel serve "$@"
