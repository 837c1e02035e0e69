#!/usr/bin/env bash
# What a phone feels on a first open, measured against a Leptos hello world in the same run:
# - bytes: each part's page and what it loads (html + js + wasm + css), gzip -9 and brotli 11;
# - Lighthouse 12.2.3 (mobile preset, default simulated throttling: slow 4G, 4× CPU), three runs
#   each, on the sign-in page, on a signed-in patient's Today (the demo patient; a fresh refresh
#   cookie is handed to Lighthouse as a header for each run) and on the hello world, all served
#   compressed by `evenkeel serve`.
# Writes the tables between the lighthouse markers in BENCHMARKS.md and prints them.
# Installs what it needs itself (Lighthouse from npm into tools/lighthouse, Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
RUNS=${RUNS:-3}

scripts/install-tools.sh
command -v chromium >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
if [ ! -x tools/lighthouse/node_modules/.bin/lighthouse ]; then
  echo "==> installing Lighthouse 12.2.3 (npm)"
  (cd tools/lighthouse && npm ci --no-audit --no-fund >/dev/null)
fi
scripts/build-app.sh
cargo build --quiet --release -p evenkeel-server

# The baseline: bench/leptos-hello built exactly like a part (same profile, wasm-bindgen, wasm-opt).
echo "==> building the Leptos hello world"
hello=bench/leptos-hello
(cd "$hello" && CARGO_TARGET_DIR=target cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown)
rm -rf "$hello/dist" && mkdir -p "$hello/dist"
wasm-bindgen --target web --no-typescript --out-name hello --out-dir "$hello/dist" "$hello/target/wasm32-unknown-unknown/wasm-release/leptos-hello.wasm"
tools/node_modules/.bin/wasm-opt -Oz "$hello/dist/hello_bg.wasm" -o "$hello/dist/hello_bg.wasm"
cat > "$hello/dist/index.html" <<'EOF'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>hello</title><meta name="description" content="Leptos hello world">
<link rel="modulepreload" href="/hello.js"><link rel="preload" href="/hello_bg.wasm" as="fetch" type="application/wasm" crossorigin>
</head><body><script type="module">import start from "/hello.js";start({module_or_path:"/hello_bg.wasm"});</script></body></html>
EOF

work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
serve() { # dist port [args]
  local dist=$1 port=$2; shift 2
  EVENKEEL_DIST=$dist EVENKEEL_ADDR=127.0.0.1:$port DATABASE_URL="sqlite://$work/$port.db" \
    EVENKEEL_SECRET_KEY_FILE="$work/$port.key" EVENKEEL_PUSH=false RUST_LOG=warn setsid target/release/evenkeel serve "$@" >/dev/null &
  pids+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && return; sleep 0.2; done
  echo "evenkeel did not start on $port" >&2; exit 1
}
serve dist 18480 --demo
serve "$hello/dist" 18481

cookie() {
  curl -s -D - -o /dev/null -H 'content-type: application/json' \
    -d '{"email":"patient@demo.test","password":"even-keel-demo"}' http://127.0.0.1:18480/api/auth/login |
    sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -n1
}

lighthouse() { # name url [cookie]
  local name=$1 url=$2 header=${3:-}
  for i in $(seq "$RUNS"); do
    # Lighthouse now and then fails to record a trace (NO_NAVSTART): such a run is tried again.
    for attempt in 1 2 3; do
      local extra=()
      [ -n "$header" ] && extra=(--extra-headers "{\"Cookie\":\"$(cookie)\"}")
      CHROME_PATH=/usr/bin/chromium tools/lighthouse/node_modules/.bin/lighthouse "$url" --quiet \
        --only-categories=performance,accessibility --output=json --output-path="$work/$name-$i.json" \
        --chrome-flags="--headless --no-sandbox --disable-gpu --disable-dev-shm-usage" "${extra[@]}" && break
      [ "$attempt" = 3 ] && { echo "Lighthouse failed three times on $url" >&2; exit 1; }
    done
  done
}
echo "==> Lighthouse, $RUNS runs each"
lighthouse signin http://127.0.0.1:18480/signin
lighthouse today http://127.0.0.1:18480/ cookie
lighthouse hello http://127.0.0.1:18481/
# The account screens (issue 15), accessibility only, once each in the light and the dark theme
# (the phone set to dark, the account's theme "Same as my phone").
a11y() { # name url cookie? theme
  local name=$1 url=$2 header=$3 theme=$4 flags="--headless --no-sandbox --disable-gpu --disable-dev-shm-usage"
  [ "$theme" = dark ] && flags="$flags --force-dark-mode"
  for attempt in 1 2 3; do
    local extra=()
    [ -n "$header" ] && extra=(--extra-headers "{\"Cookie\":\"$(cookie)\"}")
    CHROME_PATH=/usr/bin/chromium tools/lighthouse/node_modules/.bin/lighthouse "$url" --quiet \
      --only-categories=accessibility --output=json --output-path="$work/a11y-$name-$theme.json" \
      --chrome-flags="$flags" "${extra[@]}" && break
    [ "$attempt" = 3 ] && { echo "Lighthouse failed three times on $url" >&2; exit 1; }
  done
}
echo "==> Lighthouse accessibility of the account screens, light and dark"
for theme in light dark; do
  a11y forgot http://127.0.0.1:18480/signin/forgot "" "$theme"
  a11y reset http://127.0.0.1:18480/signin/reset "" "$theme"
  a11y settings http://127.0.0.1:18480/settings cookie "$theme"
  a11y devices http://127.0.0.1:18480/devices cookie "$theme"
done

report=$(node - "$work" "$RUNS" <<'EOF'
const fs = require("fs"), zlib = require("zlib"), path = require("path");
const [work, runs] = [process.argv[2], Number(process.argv[3])];
const lines = [];
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs, f) => { const a = Math.min(...xs), b = Math.max(...xs); return a === b ? f(a) : `${f(a)}–${f(b)}`; };
lines.push(`Measured ${new Date().toISOString().slice(0, 10)} by \`scripts/measure-first-load.sh\` (Lighthouse 12.2.3, mobile preset, ${runs} runs each; median in bold, range after it).`, "");
lines.push("| page | performance | LCP | TBT | accessibility | transferred |", "|---|---|---|---|---|---|");
for (const [name, label] of [["signin", "Sign-in (cold)"], ["today", "Signed-in patient's Today (empty cache)"], ["hello", "Leptos hello world (same toolchain)"]]) {
  const r = [...Array(runs).keys()].map((i) => JSON.parse(fs.readFileSync(path.join(work, `${name}-${i + 1}.json`))));
  const perf = r.map((x) => Math.round(x.categories.performance.score * 100));
  const a11y = r.map((x) => Math.round(x.categories.accessibility.score * 100));
  const lcp = r.map((x) => x.audits["largest-contentful-paint"].numericValue / 1000);
  const tbt = r.map((x) => x.audits["total-blocking-time"].numericValue);
  const kb = r.map((x) => x.audits["total-byte-weight"].numericValue / 1000);
  lines.push(`| ${label} | **${median(perf)}** (${range(perf, String)}) | **${median(lcp).toFixed(1)} s** (${range(lcp, (v) => v.toFixed(1))}) | **${Math.round(median(tbt))} ms** (${range(tbt, (v) => Math.round(v))}) | ${range(a11y, String)} | ${Math.round(median(kb))} KB |`);
}
lines.push("", "What each page loads before it works (gzip -9 / brotli 11):", "", "| page | gzip | brotli |", "|---|---|---|");
const dist = "dist", parts = JSON.parse(fs.readFileSync(path.join(dist, "parts.json")));
const size = (files) => files.reduce(([g, b], f) => {
  const bytes = fs.readFileSync(path.join(dist, f));
  return [g + zlib.gzipSync(bytes, { level: 9 }).length, b + zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length];
}, [0, 0]);
const css = parts.shared.filter((f) => f.endsWith(".css"));
for (const [name, part] of Object.entries(parts.parts)) {
  // Second-stage modules (`later`) are fetched by the code once the page works.
  const [g, b] = size([part.page, ...css, ...part.files.filter((f) => !part.later.includes(f))]);
  lines.push(`| ${name} | ${(g / 1000).toFixed(1)} KB | ${(b / 1000).toFixed(1)} KB |`);
}
const hello = ["index.html", "hello.js", "hello_bg.wasm"].map((f) => path.join("..", "bench/leptos-hello/dist", f));
const [hg, hb] = size(hello);
lines.push(`| Leptos hello world | ${(hg / 1000).toFixed(1)} KB | ${(hb / 1000).toFixed(1)} KB |`);
lines.push("", "Accessibility of the account screens (Lighthouse, one run each; dark is the phone set to dark):", "", "| screen | light | dark |", "|---|---|---|");
for (const [name, label] of [["forgot", "Forgot your password?"], ["reset", "Choose a new password (reset code)"], ["settings", "Settings"], ["devices", "Signed-in devices"]]) {
  const score = (theme) => Math.round(JSON.parse(fs.readFileSync(path.join(work, `a11y-${name}-${theme}.json`))).categories.accessibility.score * 100);
  lines.push(`| ${label} | ${score("light")} | ${score("dark")} |`);
}
console.log(lines.join("\n"));
EOF
)
echo "$report"
node - "$report" <<'EOF'
const fs = require("fs");
const file = "BENCHMARKS.md", start = "<!-- lighthouse:start -->", end = "<!-- lighthouse:end -->";
const text = fs.readFileSync(file, "utf8");
const i = text.indexOf(start), j = text.indexOf(end);
if (i < 0 || j < 0) { console.error(`BENCHMARKS.md has no ${start} … ${end} markers`); process.exit(1); }
fs.writeFileSync(file, text.slice(0, i + start.length) + "\n" + process.argv[2] + "\n" + text.slice(j));
EOF
echo "==> written into BENCHMARKS.md"
