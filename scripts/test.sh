#!/usr/bin/env bash
# The README's second command: installs what the tests need too (Debian's chromium and
# chromium-driver), builds the app and the server, and runs every test. PostgreSQL tests run when
# TEST_POSTGRES_URL is set (e.g. postgres://postgres@127.0.0.1:5432/postgres) and say they were
# skipped otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]} (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

scripts/build-app.sh
echo "==> building the server"
cargo build --release -p evenkeel-server
echo "==> running the tests"
# One profile for everything (release): the tests drive the same binary the app runs on.
cargo test --release "$@"
