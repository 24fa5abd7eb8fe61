#!/usr/bin/env bash
# Loads N synthetic resources into a fresh store and measures, in the same run:
#   - import speed (resources/s, with indexing),
#   - read-by-id on PAW beside nginx serving a static copy of the same JSON,
#   - ExplanationOfBenefit?patient= on PAW (a random member per request), with latency percentiles.
# usage: bench/http-bench.sh [N=600000] [DURATION=15s]     (from the top of the checkout, after a build)
#        PAW_BENCH_DATA=DIR reuses the NDJSON files of an earlier `bench/make-synthetic.py N DIR`
# Loopback only; every load is bounded by DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/nginx-static.sh
N=${1:-600000}
DURATION=${2:-15s}
PAW=build/app/paw
FHIR=${PAW_FHIR_PACKAGES:-../shared/fhir}
PAW_PORT=18640
NGINX_PORT=18641

need=""
for p in wrk nginx curl; do command -v $p >/dev/null || need="$need $p"; done
if [ -n "$need" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need; fi
[ -x "$PAW" ] || { echo "build first: bash packaging/setup.sh build" >&2; exit 1; }

work=$(mktemp -d /tmp/paw-bench.XXXXXX)
chmod 755 "$work" # nginx workers run as an unprivileged user
cleanup() { [ -n "${paw_pid:-}" ] && kill "$paw_pid" 2>/dev/null; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "== machine: $(nproc) cores, $(uname -r), $(date -u +%F)"
if [ -n "${PAW_BENCH_DATA:-}" ]; then
  # Reuse NDJSON that make-synthetic.py wrote earlier for the same N (saves ~2.5 min at 600k).
  echo "== using $N resources generated in $PAW_BENCH_DATA"
  ln -s "$(realpath "$PAW_BENCH_DATA")" "$work/data"
  total=$(cat "$work"/data/*.ndjson | wc -l)
else
  echo "== generating $N resources"
  total=$(python3 bench/make-synthetic.py "$N" "$work/data" "$FHIR")
fi
members=$(( (total - 1) / 30 ))
# The generator's files are still being written back to disk: let that finish first, so that the
# import is not charged for it.
sync

echo "== import ($total resources, one transaction per file of 10k)"
start=$(date +%s.%N)
"$PAW" import --database "sqlite:$work/paw.sqlite" "$work"/data/*.ndjson >/dev/null 2>"$work/import.log" || { cat "$work/import.log"; exit 1; }
end=$(date +%s.%N)
python3 -c "import sys; t=$end-$start; print('import: %d resources in %.1f s = %.0f resources/s' % ($total, t, $total/t))"
du -h "$work/paw.sqlite" | awk '{print "database size: " $1}'

"$PAW" serve --open --port $PAW_PORT --database "sqlite:$work/paw.sqlite" >"$work/serve.log" 2>&1 &
paw_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PAW_PORT/fhir/metadata" >/dev/null && break; sleep 0.2; done

mkdir -p "$work/www/fhir/ExplanationOfBenefit" && chmod -R 755 "$work/www"
curl -sf "http://127.0.0.1:$PAW_PORT/fhir/ExplanationOfBenefit/p000001-e01" >"$work/www/fhir/ExplanationOfBenefit/p000001-e01"
echo "resource size: $(wc -c <"$work/www/fhir/ExplanationOfBenefit/p000001-e01") bytes"
start_nginx_static "$work" "$NGINX_PORT"

cat >"$work/eob.lua" <<LUA
math.randomseed(os.time())
request = function()
  return wrk.format("GET", string.format("/fhir/ExplanationOfBenefit?patient=p%06d", math.random(0, $members - 1)))
end
LUA

run() { echo "== $1"; shift; wrk "$@" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors" ; }
load=(-t2 -c32 -d"$DURATION" --latency)
run "nginx static, same JSON (wrk -t2 -c32)" "${load[@]}" "http://127.0.0.1:$NGINX_PORT/fhir/ExplanationOfBenefit/p000001-e01"
run "PAW read-by-id (wrk -t2 -c32)" "${load[@]}" "http://127.0.0.1:$PAW_PORT/fhir/ExplanationOfBenefit/p000001-e01"
run "PAW ExplanationOfBenefit?patient= (random member, 20 matches; wrk -t2 -c32)" "${load[@]}" -s "$work/eob.lua" "http://127.0.0.1:$PAW_PORT"
run "PAW ExplanationOfBenefit?patient= (one client at a time; wrk -t1 -c1)" -t1 -c1 -d"$DURATION" --latency -s "$work/eob.lua" "http://127.0.0.1:$PAW_PORT"
