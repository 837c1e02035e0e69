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
# Push reminders need a contact address for the push services (the VAPID `sub`). On this machine a
# placeholder will do; a real deployment sets its own (README, "Configuration").
if [ -z "${EVENKEEL_PUSH_CONTACT:-}" ] && [ "${EVENKEEL_PUSH:-true}" != false ]; then
  export EVENKEEL_PUSH_CONTACT="mailto:admin@evenkeel.example"
  echo "==> EVENKEEL_PUSH_CONTACT is not set: using $EVENKEEL_PUSH_CONTACT for this local run"
fi
exec target/release/evenkeel serve "$@"
