#!/usr/bin/env bash
# The README's second command: installs what the tests need too (Debian's chromium and
# chromium-driver), builds the app and the server, runs Schemathesis against the server's OpenAPI
# document (scripts/schemathesis.sh), and runs every test. PostgreSQL tests run when
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

echo "==> lints: rustfmt, and clippy with warnings as errors (server, domain, tests, bundler; all targets)"
cargo fmt --all --check
cargo clippy -q -p evenkeel-server -p evenkeel-domain -p evenkeel-tests -p evenkeel-bundler --all-targets -- -D warnings

scripts/build-app.sh
echo "==> building the server"
cargo build --release -p evenkeel-server
scripts/schemathesis.sh

# Both databases are always proven when they can be: PostgreSQL on this machine is used without
# being asked, and its absence is said once, loudly (libtest hides each test's own SKIPPED line).
local_postgres=postgres://postgres@127.0.0.1:5432/postgres
if [ -z "${TEST_POSTGRES_URL:-}" ] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
  export TEST_POSTGRES_URL=$local_postgres
  echo "==> PostgreSQL found on 127.0.0.1:5432: the PostgreSQL tests run too (TEST_POSTGRES_URL=$TEST_POSTGRES_URL)"
fi
if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  # Every test that needs PostgreSQL ends its name in "postgres" (`both_backends!`'s `::postgres`
  # half, and the PostgreSQL-only ones such as `instances::…_on_postgres`); ignored ones never run.
  pg_tests() { cargo test --release -q -p evenkeel-tests --test e2e -- --list "$@" 2>/dev/null | grep -c 'postgres: test$' || true; }
  skipping=$(( $(pg_tests) - $(pg_tests --ignored) ))
  echo "!!! =============================================================================="
  echo "!!! No PostgreSQL: $skipping PostgreSQL tests will pass as SKIPPED without running."
  echo "!!! To run them, start PostgreSQL on 127.0.0.1:5432 (trust auth) or set"
  echo "!!! TEST_POSTGRES_URL (e.g. $local_postgres)."
  echo "!!! =============================================================================="
fi
echo "==> running the tests"
# One profile for everything (release): the tests drive the same binary the app runs on.
cargo test --release "$@"
