#!/usr/bin/env bash
# One command for the whole platform on its embedded defaults:
#   infra/platform.sh start   local Kafka + FerretDB (installed on first run), codegen, build,
#                             every service started from its build, demo data loaded
#   infra/platform.sh stop    stops the services and the infrastructure
#   infra/platform.sh status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

services() { for m in apps/*/src/main.ts; do basename "$(dirname "$(dirname "$m")")"; done; }

start() {
  [[ -d node_modules ]] || { log "installing npm packages"; npm ci --no-audit --no-fund >"$LOG_DIR/npm-ci.log" 2>&1; }
  eval "$(bash "$INFRA_DIR/up.sh")"
  npx nx run contracts:codegen --outputStyle=static >"$LOG_DIR/codegen.log" 2>&1 || die "codegen failed (see $LOG_DIR/codegen.log)"
  local svc pidfile port
  for svc in $(services); do
    pidfile="$RUN_DIR/svc-$svc.pid"
    if pid_alive "$pidfile"; then log "$svc already running"; continue; fi
    node tools/build.js "apps/$svc" >"$LOG_DIR/build-$svc.log" 2>&1 || die "build of $svc failed (see $LOG_DIR/build-$svc.log)"
    log "starting $svc (log: $LOG_DIR/$svc.log)"
    nohup node "dist/apps/$svc/src/main.js" >"$LOG_DIR/$svc.log" 2>&1 &
    echo $! >"$pidfile"
  done
  for svc in $(services); do
    wait_for "$svc" 120 grep -q "$svc ready" "$LOG_DIR/$svc.log"
    log "$svc: $(grep -o "$svc ready.*" "$LOG_DIR/$svc.log" | head -1 | cut -c1-160)"
  done
  if [[ -f tools/demo-seed.ts ]]; then
    log "loading demo data"
    npx tsx tools/demo-seed.ts >"$LOG_DIR/demo-seed.log" 2>&1 || die "demo data failed (see $LOG_DIR/demo-seed.log)"
    tail -n 5 "$LOG_DIR/demo-seed.log"
  fi
  log "platform up"
}

stop() {
  local f
  for f in "$RUN_DIR"/svc-*.pid; do [[ -e "$f" ]] && stop_pidfile "$f" "$(basename "$f" .pid)"; done
  bash "$INFRA_DIR/down.sh"
}

status() {
  local svc
  for svc in $(services); do pid_alive "$RUN_DIR/svc-$svc.pid" && echo "$svc: up" || echo "$svc: down"; done
  bash "$INFRA_DIR/kafka.sh" status; bash "$INFRA_DIR/ferretdb.sh" status
}

"${1:-start}"
