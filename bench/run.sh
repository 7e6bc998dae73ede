#!/usr/bin/env bash
# npm run bench [-- --full] [-- --only import,events,...]
#
# Runs every benchmark against the local infrastructure and prints ONE table: workload, ours,
# the same-run baseline, ratio (ours / baseline) and the issue's target. Each benchmark prints a
# `BENCH {json}` line (bench/bench-line.ts); its full output is kept in .cache/bench/<name>.log.
# Small sizes by default (a few minutes in all); --full runs the issue's sizes (200,000-row import,
# 1M × 512 B events, the gateway's 1M-record reconciliation): much longer.
# The machine is shared: compare ratios, not absolute figures, and repeat before believing one.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
FULL=0
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --full) FULL=1 ;;
    --only) ONLY="$2"; shift ;;
    *) echo "usage: bash bench/run.sh [--full] [--only import,events,recompute,compare,push,monitoring]" >&2; exit 2 ;;
  esac
  shift
done
if [ -f .cache/run/env ]; then
  # shellcheck disable=SC1091
  source .cache/run/env
fi
: "${KAFKA_BROKERS:?KAFKA_BROKERS is not set: start the infrastructure (bash infra/up.sh)}"
: "${MONGODB_URI:?MONGODB_URI is not set: start the infrastructure (bash infra/up.sh)}"
LOGS="$ROOT/.cache/bench"
mkdir -p "$LOGS"
RESULTS="$LOGS/results.jsonl"
: >"$RESULTS"

if [ "$FULL" = 1 ]; then
  IMPORT_ARGS=(--rows 200000)
  EVENTS_ARGS=(--events 1000000 --value-bytes 512)
  RECOMPUTE_ARGS=(--children 20000)
  COMPARE_ARGS=(--records 1000000 --repeat 2)
  PUSH_ARGS=(--rate 200 --seconds 30)
  MONITORING_ARGS=(--seconds 5)
else
  IMPORT_ARGS=(--rows 5000)
  EVENTS_ARGS=(--events 100000 --value-bytes 512)
  RECOMPUTE_ARGS=(--children 2000)
  COMPARE_ARGS=(--records 100000 --repeat 1)
  PUSH_ARGS=(--rate 50 --seconds 10 --baseline-seconds 3)
  MONITORING_ARGS=(--seconds 3 --rates 200)
fi

FAILED=()
run() {
  local name=$1
  shift
  if [ -n "$ONLY" ] && [[ ",$ONLY," != *",$name,"* ]]; then return; fi
  echo "[bench] $name: $*" >&2
  local started=$SECONDS
  if "$@" >"$LOGS/$name.log" 2>&1; then
    grep '^BENCH ' "$LOGS/$name.log" | sed 's/^BENCH //' >>"$RESULTS"
    echo "[bench] $name done in $((SECONDS - started)) s" >&2
  else
    FAILED+=("$name")
    echo "[bench] $name FAILED after $((SECONDS - started)) s (see $LOGS/$name.log):" >&2
    tail -5 "$LOGS/$name.log" >&2
  fi
}

TSX=(node "$ROOT/node_modules/tsx/dist/cli.mjs")
run import "${TSX[@]}" bench/registry/import.ts "${IMPORT_ARGS[@]}"
run events "${TSX[@]}" bench/events/throughput.ts "${EVENTS_ARGS[@]}"
run recompute "${TSX[@]}" bench/catalogue/recompute.ts "${RECOMPUTE_ARGS[@]}"
run compare "${TSX[@]}" bench/gateway/compare.ts "${COMPARE_ARGS[@]}"
run push node -r @swc-node/register bench/gateway/push-latency.ts "${PUSH_ARGS[@]}"
run monitoring "${TSX[@]}" bench/monitoring/latency.ts "${MONITORING_ARGS[@]}"

node "$ROOT/bench/table.js" "$RESULTS"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "failed: ${FAILED[*]}" >&2
  exit 1
fi
