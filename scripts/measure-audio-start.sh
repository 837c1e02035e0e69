#!/usr/bin/env bash
# Time to first sound of a relaxation track on a phone-like connection: a track kept on the phone
# (answered by the service worker from its kept-audio cache) against the same track streamed from
# the server, measured in the same run with headless Chromium (puppeteer-core from Lighthouse's npm
# install) at 390×844 under a slow-4G-like link (150 ms round trip, 1.6 Mbit/s down). Each figure is
# the time from tapping Play to the <audio> element's "playing" event, median of RUNS (default 7).
# Prints the figures and their ratio, and writes them into BENCHMARKS.md between the audio-start
# markers.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
RUNS=${RUNS:-7}
scripts/install-tools.sh
command -v chromium >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
[ -d tools/lighthouse/node_modules/puppeteer-core ] || (cd tools/lighthouse && npm ci --no-audit --no-fund >/dev/null)
scripts/build-app.sh
cargo build --quiet --release -p evenkeel-server

work=$(mktemp -d)
port=18490
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
EVENKEEL_DIST=dist EVENKEEL_ADDR=127.0.0.1:$port DATABASE_URL="sqlite://$work/db" EVENKEEL_SECRET_KEY_FILE="$work/key" \
  EVENKEEL_PUSH=false RUST_LOG=error setsid target/release/evenkeel serve --demo >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.2; done

report=$(NODE_PATH=tools/lighthouse/node_modules node scripts/audio-start.cjs "http://127.0.0.1:$port" "$RUNS")
echo "$report"
python3 - "$report" <<'PY'
import re, sys
path = "BENCHMARKS.md"
text = open(path).read()
block = "<!-- audio-start -->\n" + sys.argv[1] + "\n<!-- /audio-start -->"
if "<!-- audio-start -->" in text:
    text = re.sub(r"<!-- audio-start -->.*?<!-- /audio-start -->", lambda _: block, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + block + "\n"
open(path, "w").write(text)
PY
