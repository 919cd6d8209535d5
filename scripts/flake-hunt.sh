#!/bin/sh
# Runs the unit and integration suites N times in a row (default 20) to catch tests that fail only
# sometimes. The full output of every failed run is kept in .flake-hunt/<start time>/run-<i>.log (gitignored);
# the last line says "runs N, failures F". Exit status 1 when any run failed. Arguments after N
# go to jest:
#   bash scripts/flake-hunt.sh 20
#   bash scripts/flake-hunt.sh 5 --maxWorkers=2
set -u
cd "$(dirname "$0")/.."
n="${1:-20}"
case "$n" in ''|*[!0-9]*) echo "usage: scripts/flake-hunt.sh N [jest options] (N: a number of runs)" >&2; exit 2 ;; esac
[ "$#" -gt 0 ] && shift
out=".flake-hunt/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
failures=0
i=1
while [ "$i" -le "$n" ]; do
  log="$out/run-$i.log"
  started=$(date +%s)
  if npx jest test/unit test/integration "$@" >"$log" 2>&1; then
    rm -f "$log"
    echo "run $i of $n: passed ($(( $(date +%s) - started )) s)"
  else
    failures=$((failures + 1))
    echo "run $i of $n: FAILED ($(( $(date +%s) - started )) s), output kept in $log"
    grep -E "^(FAIL|  ●)" "$log" | head -20
  fi
  i=$((i + 1))
done
[ "$failures" -eq 0 ] && rmdir "$out" 2>/dev/null
echo "runs $n, failures $failures"
[ "$failures" -eq 0 ]
