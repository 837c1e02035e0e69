#!/usr/bin/env bash
# Builds the app (release, wasm-opt on) into dist/ with Trunk — skipped when nothing it is built
# from has changed since the last build, so a second run starts in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

stamp() {
  { find app domain public -type f -not -path '*/target/*' -print0 | sort -z | xargs -0 sha256sum
    sha256sum Trunk.toml Cargo.lock Cargo.toml; } | sha256sum | cut -d' ' -f1
}

want=$(stamp)
if [ -f dist/index.html ] && [ "$(cat dist/.build-stamp 2>/dev/null)" = "$want" ]; then
  echo "==> app is up to date (dist/)"
  exit 0
fi
echo "==> building the app (trunk build --release)"
trunk build --release
echo "$want" > dist/.build-stamp
