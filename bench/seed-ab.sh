#!/usr/bin/env bash
# Times `paw seed` for one or more builds, alternated, so that builds compared in the same minutes
# share the machine's state (the CPU time of the same work varies by ~15 % over a session here).
# usage: bench/seed-ab.sh MEMBERS ROUNDS PAW_BINARY...
#   e.g. cp build/app/paw /tmp/paw-a; (change, build); bench/seed-ab.sh 10000 2 /tmp/paw-a build/app/paw
# Prints one line per run: binary, wall seconds, user and system CPU-seconds, max RSS.
set -euo pipefail
members=$1
rounds=$2
shift 2
data=$(mktemp -d /tmp/paw-seed-ab.XXXXXX)
trap 'rm -rf "$data"' EXIT
for round in $(seq "$rounds"); do
  for paw in "$@"; do
    rm -rf "$data/db"
    sync
    sleep 3 # let the previous run's writes reach the disk, so that this run is not charged for them
    /usr/bin/time -f "$paw: %e s %U user %S sys %M KB" "$paw" seed --members "$members" --data "$data/db" 2>&1 \
      | tr '\r' '\n' | grep " sys "
  done
done
