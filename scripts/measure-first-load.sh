#!/usr/bin/env bash
# Prints the compressed size of the app's first load (html + js + wasm + css, brotli and gzip)
# against a Leptos hello world built the same way, measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
python3 -c 'import brotli' 2>/dev/null || pip install -q --root-user-action=ignore brotli
scripts/build-app.sh >/dev/null
(cd bench/leptos-hello && CARGO_TARGET_DIR=target trunk build --release >/dev/null 2>&1)

sizes() {
  python3 - "$1" <<'PY'
import brotli, gzip, pathlib, sys
d = pathlib.Path(sys.argv[1])
files = [p for p in d.iterdir() if p.suffix in {".html", ".js", ".wasm", ".css"} and p.name != "sw.js"]
raw = sum(p.stat().st_size for p in files)
gz = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files)
br = sum(len(brotli.compress(p.read_bytes(), quality=11)) for p in files)
print(raw, gz, br)
PY
}
read -r app_raw app_gz app_br < <(sizes dist)
read -r hello_raw hello_gz hello_br < <(sizes bench/leptos-hello/dist)
printf '%-22s %10s %10s %10s\n' "first load" "raw" "gzip" "brotli"
printf '%-22s %9.1fK %9.1fK %9.1fK\n' "Leptos hello world" "$(bc -l <<<"$hello_raw/1024")" "$(bc -l <<<"$hello_gz/1024")" "$(bc -l <<<"$hello_br/1024")"
printf '%-22s %9.1fK %9.1fK %9.1fK\n' "Even Keel app" "$(bc -l <<<"$app_raw/1024")" "$(bc -l <<<"$app_gz/1024")" "$(bc -l <<<"$app_br/1024")"
printf '%-22s %9.2fx %9.2fx %9.2fx\n' "ratio" "$(bc -l <<<"$app_raw/$hello_raw")" "$(bc -l <<<"$app_gz/$hello_gz")" "$(bc -l <<<"$app_br/$hello_br")"
