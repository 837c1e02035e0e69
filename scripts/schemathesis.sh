#!/usr/bin/env bash
# Schemathesis (property-based API testing from the OpenAPI document) against the release server,
# as three signed-in people: a patient (registered here), and the demo carer and project worker
# (`--demo`). Every check is on (`--checks all`): server errors, undocumented status codes,
# responses that don't match their schema, schema-valid input refused and invalid input accepted,
# wrong answers to undeclared methods, ignored authentication, and the stateful phase, which chains
# operations by the links it infers from the document (an id one answer gives, the next one uses).
#
# Builds nothing: it needs target/release/evenkeel (`cargo build --release -p evenkeel-server`).
# Installs Schemathesis itself (tools/schemathesis/requirements.txt, every version pinned) into
# tools/schemathesis/venv, once. Exits non-zero on any failure, after a summary.
#
#   SCHEMATHESIS_EXAMPLES  test cases per operation and phase (default 40)
#   SCHEMATHESIS_SEED      the random seed (default fixed, so a run repeats; any number varies it)
#   SCHEMATHESIS_PEOPLE    who to test as (default "patient carer worker")
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
examples=${SCHEMATHESIS_EXAMPLES:-40}
seed=${SCHEMATHESIS_SEED:-20261206}
people=${SCHEMATHESIS_PEOPLE:-patient carer worker}

# Install, or nothing when the venv already holds exactly these pins (the stamp is a copy of the
# requirements it was made from).
venv=tools/schemathesis/venv
requirements=tools/schemathesis/requirements.txt
if ! cmp -s "$requirements" "$venv/.installed-requirements.txt" || [ ! -x "$venv/bin/schemathesis" ]; then
  echo "==> installing Schemathesis ($(grep '^schemathesis==' "$requirements")) into $venv"
  rm -rf "$venv"
  # Debian's own pip refuses to install into the system Python: a venv it is.
  if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian's python3 has no venv module until python3-venv is installed.
    rm -rf "$venv"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$requirements"
  cp "$requirements" "$venv/.installed-requirements.txt"
fi

binary=target/release/evenkeel
[ -x "$binary" ] || { echo "$binary is missing: cargo build --release -p evenkeel-server" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
stop() {
  # The server runs in its own process group (setsid): stopped by its id, nothing else.
  if [ -n "$server_pid" ]; then
    kill -- "-$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT

echo "==> starting the release server on SQLite in $work (demo data)"
DATABASE_URL="sqlite://$work/ek.db" EVENKEEL_SECRET_KEY_FILE="$work/secret.key" EVENKEEL_ADDR=127.0.0.1:0 \
  EVENKEEL_PUSH=false EVENKEEL_SIGNUPS_PER_HOUR=100000 RUST_LOG=warn \
  setsid "$binary" serve --demo >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
base=
for _ in $(seq 150); do
  base=$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$work/server.out" | head -n1)
  [ -n "$base" ] && curl -sf "$base/api/health" >/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; echo "the server stopped" >&2; exit 1; }
  base=
  sleep 0.2
done
[ -n "$base" ] || { cat "$work/server.err" >&2; echo "the server did not answer /api/health" >&2; exit 1; }
echo "    $base"

# Tokens, all taken before Schemathesis starts: its sign-in attempts use up this address's
# sign-in allowance (30 per 5 minutes), and an access token lasts 15 minutes, longer than a run.
field() { "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
post() { curl -sf -H 'content-type: application/json' -d "$2" "$base$1"; }
patient=$(post /api/auth/register \
  '{"email":"schemathesis.patient@example.com","password":"kettle orchard blue","display_name":"Sam","time_zone":"Europe/London"}' |
  field access_token)
carer=$(post /api/auth/login '{"email":"carer@demo.test","password":"even-keel-demo"}' | field access_token)
worker=$(post /api/auth/login '{"email":"worker@demo.test","password":"even-keel-demo"}' | field access_token)

status=0
for who in $people; do
  token=${!who}
  echo "==> Schemathesis as the $who ($examples examples per operation, seed $seed)"
  # Run from the work dir: Schemathesis leaves nothing in the repository.
  (cd "$work" && SCHEMATHESIS_HOOKS="$root/tools/schemathesis/hooks.py" \
    "$root/$venv/bin/schemathesis" --config-file "$root/tools/schemathesis/schemathesis.toml" \
    run "$base/api/openapi.json" \
    --checks all \
    --header "Authorization: Bearer $token" \
    --max-examples "$examples" \
    --seed "$seed" \
    --generation-database none \
    --request-timeout 20 \
    --no-color \
    --report json --report-json-path "$work/$who.json") >"$work/$who.log" 2>&1 || status=1
  # How far the stateful phase got, the failures in full (each with a curl line to reproduce
  # it), then the totals.
  grep -E '^ +(Scenarios|API Links):' "$work/$who.log" || true
  sed -n '/^=* FAILURES =*$/,/^=* SUMMARY =*$/p' "$work/$who.log" | sed '$d'
  sed -n '/^=* SUMMARY =*$/,$p' "$work/$who.log" | grep -v '^\s*- JSON:' || cat "$work/$who.log"
done

# What the server logged as errors (a 500 says only "something went wrong"; the cause is here),
# less actix's notes on the malformed requests Schemathesis sends on purpose (answered 400).
errors=$(sed 's/\x1b\[[0-9;]*m//g' "$work/server.err" | grep ' ERROR ' | grep -v 'actix_http::h1::dispatcher' || true)
if [ -n "$errors" ]; then
  echo "==> the server's errors"
  echo "$errors" | head -20
fi

"$venv/bin/python" - "$work" "$people" <<'EOF'
import json, pathlib, sys
work = pathlib.Path(sys.argv[1])
rows = []
for who in sys.argv[2].split():
    path = work / f"{who}.json"
    if not path.exists():
        rows.append((who, "-", "-", "no report", "-"))
        continue
    report = json.loads(path.read_text())
    failures = sum(f["count"] for f in report["failures"]) + len(report["errors"])
    rows.append((who, report["operations"]["tested"], report["test_cases"]["generated"], failures,
                 f'{report["running_time"]:.0f} s'))
# "requests": the test cases sent, one request each (the checks' own few probes, such as the same
# request without its token, come on top).
print("==> Schemathesis summary")
print(f'    {"as":<8} {"operations":>10} {"requests":>9} {"failures":>9} {"time":>6}')
for who, ops, requests, failures, time in rows:
    print(f"    {who:<8} {ops:>10} {requests:>9} {failures:>9} {time:>6}")
numbers = [r for r in rows if isinstance(r[3], int)]
print(f'    {"total":<8} {"":>10} {sum(r[2] for r in numbers):>9} {sum(r[3] for r in numbers):>9}')
EOF
exit "$status"
