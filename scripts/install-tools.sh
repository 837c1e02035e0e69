#!/usr/bin/env bash
# Installs the build tools the app needs (and the FHIR schema the tests need), from the registries
# this machine reaches.
# Idempotent: every step checks first and does nothing when the right version is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# wasm-bindgen-cli must equal the wasm-bindgen version pinned in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '==> %s\n' "$*"; }

# Debian's -dev packages the server links: libpq for the PostgreSQL backend (diesel), and OpenSSL
# for web push (web-push's encryption and reqwest's TLS), found through pkg-config.
missing_debs=()
for deb in libpq-dev libssl-dev pkg-config; do
  dpkg -s "$deb" >/dev/null 2>&1 || missing_debs+=("$deb")
done
if [ ${#missing_debs[@]} -gt 0 ]; then
  step "installing ${missing_debs[*]} (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The standard library's source: the app's WebAssembly is built with its own std (build-std).
# rust-src for the app's own standard library; rustfmt and clippy for the test command's lints.
for component in rust-src rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    step "adding the $component component"
    rustup component add "$component"
  fi
done

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Without --locked: its own lockfile names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# wasm-opt from npm's binaryen: Debian's binaryen (108) silently breaks the wasm. And the FHIR R4
# JSON schema (split per resource) for the FHIR export test, from npm's @d4l/js-fhir-validator.
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -f tools/node_modules/@d4l/js-fhir-validator/r4/json/Bundle.json ]; then
  step "installing wasm-opt (npm binaryen) and the FHIR R4 JSON schema (npm @d4l/js-fhir-validator)"
  (cd tools && npm ci --no-audit --no-fund)
fi
