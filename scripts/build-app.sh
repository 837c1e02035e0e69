#!/usr/bin/env bash
# Builds the app (release, wasm-opt on) into dist/ with evenkeel-bundler — skipped when nothing it
# is built from has changed since the last build, so a second run starts in seconds.
# Extra arguments go to the bundler (e.g. `--features bench --dist dist-bench`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

dist=dist
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[$i]}" = --dist ] && dist=${args[$((i + 1))]}; done

stamp() {
  { find app bundler domain public -type f -not -path '*/target/*' -print0 | sort -z | xargs -0 sha256sum
    sha256sum Cargo.lock Cargo.toml .cargo/config.toml; echo "$*"; } | sha256sum | cut -d' ' -f1
}

want=$(stamp "${args[@]}")
if [ -f "$dist/index.html" ] && [ "$(cat "$dist/.build-stamp" 2>/dev/null)" = "$want" ]; then
  echo "==> app is up to date ($dist/)"
  exit 0
fi
echo "==> building the app (evenkeel-bundler)"
cargo run --quiet --release -p evenkeel-bundler -- "${args[@]}"
echo "$want" > "$dist/.build-stamp"
