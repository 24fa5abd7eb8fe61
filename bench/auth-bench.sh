#!/usr/bin/env bash
# The authorization server under load, beside the bounds it is judged against, in the same run:
#   - `openssl speed rsa2048` signs/s on every core: the token endpoint signs twice per code
#     exchange (access token and id token), so half of that is the bound;
#   - POST /auth/token (authorization_code, public client with PKCE), one fresh code per request;
#   - an authorized read-by-id (Bearer token) beside nginx serving the same JSON statically.
# usage: bench/auth-bench.sh [DURATION=15s] [MEMBERS=200]   (from the top of the checkout, after a build)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/nginx-static.sh
DURATION=${1:-15s}
MEMBERS=${2:-200}
PAW=${PAW:-build/app/paw}
MINT=build/bench/paw-mint-codes
PAW_PORT=18650
NGINX_PORT=18651
VERIFIER=bench-verifier-0123456789-abcdefghijklmnopqrstuvwxyz
REDIRECT=http://127.0.0.1:9/callback
SCOPE="launch/patient openid fhirUser patient/*.rs"

need=""
for p in wrk nginx curl openssl; do command -v $p >/dev/null || need="$need $p"; done
if [ -n "$need" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need; fi
[ -x "$PAW" ] && [ -x "$MINT" ] || { echo "build first: bash packaging/setup.sh build" >&2; exit 1; }

work=$(mktemp -d /tmp/paw-auth-bench.XXXXXX)
chmod 755 "$work"
cleanup() { [ -n "${paw_pid:-}" ] && kill "$paw_pid" 2>/dev/null; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "== machine: $(nproc) cores, $(uname -r), $(date -u +%F)"
"$PAW" seed --members "$MEMBERS" --data "$work" >/dev/null
member=$("$PAW" persona list --data "$work" --json | python3 -c "import json,sys; p=[x for x in json.load(sys.stdin) if x['role']=='member'][0]; print(p['username'], p['patients'][0]['patient'])")
read -r username patient <<<"$member"
client=$("$PAW" client add --name "Token bench" --type public --redirect-uri "$REDIRECT" --data "$work" --json |
         python3 -c "import json,sys; print(json.load(sys.stdin)['client_id'])")
seconds=${DURATION%s}
codes=$(( seconds * 4000 ))
echo "== minting $codes codes for $username ($patient)"
"$MINT" "sqlite:$work/paw.sqlite" "$client" "$username" "$patient" "$REDIRECT" "$VERIFIER" "$SCOPE" "$codes" >"$work/codes.txt"

"$PAW" serve --port $PAW_PORT --data "$work" >"$work/serve.log" 2>&1 &
paw_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PAW_PORT/fhir/metadata" >/dev/null && break; sleep 0.2; done

# This VM's speed drifts by ±15 % within minutes: each bound is measured right before and right
# after the run it judges, and the ratio is taken against their mean.
bound() {
  echo "== openssl speed rsa2048, $(nproc) processes ($seconds s)"
  openssl speed -seconds "$seconds" -multi "$(nproc)" rsa2048 2>/dev/null | awk '/^rsa 2048/ {print; printf "bound: %.0f code exchanges/s (two RS256 signatures each)\n", $6/2}'
}
bound | tee "$work/bound-before"

cat >"$work/token.lua" <<LUA
local threads = {}
local counter = 0
function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  codes = {}
  local i = 0
  for line in io.lines("$work/codes.txt") do
    if i % $(nproc) == index then table.insert(codes, line) end
    i = i + 1
  end
  next_code = 1
end
request = function()
  local code = codes[next_code] or "spent"
  next_code = next_code + 1
  local body = "grant_type=authorization_code&code=" .. code .. "&redirect_uri=$REDIRECT&client_id=$client&code_verifier=$VERIFIER"
  return wrk.format("POST", "/auth/token", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
LUA

run() { echo "== $1"; shift; wrk "$@" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors" ; }
run "PAW POST /auth/token, code exchange (wrk -t$(nproc) -c16)" -t"$(nproc)" -c16 -d"$DURATION" --latency -s "$work/token.lua" "http://127.0.0.1:$PAW_PORT" | tee "$work/token-run"
bound | tee "$work/bound-after"
bound_mean=$(awk '/^bound:/ {b += $2; n++} END {printf "%.0f", b / n}' "$work/bound-before" "$work/bound-after")
token_rate=$(awk '/Requests\/sec/ {print $2}' "$work/token-run")
awk -v r="$token_rate" -v b="$bound_mean" 'BEGIN {printf "token endpoint: %.0f req/s = %.0f %% of the bound (mean of before and after: %.0f)\n", r, 100 * r / b, b}'

# One more exchange by hand for a token to read with.
code=$("$MINT" "sqlite:$work/paw.sqlite" "$client" "$username" "$patient" "$REDIRECT" "$VERIFIER" "$SCOPE" 1)
token=$(curl -sf -d "grant_type=authorization_code&code=$code&redirect_uri=$REDIRECT&client_id=$client&code_verifier=$VERIFIER" \
        "http://127.0.0.1:$PAW_PORT/auth/token" | python3 -c "import json,sys; print(json.load(sys.stdin)['access_token'])")
mkdir -p "$work/www/fhir/Patient" && chmod -R 755 "$work/www"
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$PAW_PORT/fhir/Patient/$patient" >"$work/www/fhir/Patient/$patient"
echo "resource size: $(wc -c <"$work/www/fhir/Patient/$patient") bytes"
start_nginx_static "$work" "$NGINX_PORT"
load=(-t2 -c32 -d"$DURATION" --latency)
run "nginx static, same JSON (wrk -t2 -c32)" "${load[@]}" "http://127.0.0.1:$NGINX_PORT/fhir/Patient/$patient" | tee "$work/nginx-before"
run "PAW authorized read-by-id, Bearer token (wrk -t2 -c32)" "${load[@]}" -H "Authorization: Bearer $token" "http://127.0.0.1:$PAW_PORT/fhir/Patient/$patient" | tee "$work/read-run"
run "nginx static again, same JSON (wrk -t2 -c32)" "${load[@]}" "http://127.0.0.1:$NGINX_PORT/fhir/Patient/$patient" | tee "$work/nginx-after"
nginx_mean=$(awk '/Requests\/sec/ {s += $2; n++} END {printf "%.0f", s / n}' "$work/nginx-before" "$work/nginx-after")
read_rate=$(awk '/Requests\/sec/ {print $2}' "$work/read-run")
awk -v r="$read_rate" -v n="$nginx_mean" 'BEGIN {printf "authorized read: %.0f req/s = %.0f %% of nginx (mean of before and after: %.0f)\n", r, 100 * r / n, n}'
