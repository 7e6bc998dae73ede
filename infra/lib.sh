#!/usr/bin/env bash
# Shared helpers for the local-infrastructure scripts. Sourced, never run.
set -euo pipefail

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$INFRA_DIR/.." && pwd)"
# Everything downloaded, built or written at run time lives here (git-ignored).
CACHE_DIR="${PLATFORM_CACHE_DIR:-$REPO_ROOT/.cache}"
RUN_DIR="$CACHE_DIR/run"
LOG_DIR="$CACHE_DIR/logs"
mkdir -p "$RUN_DIR" "$LOG_DIR"

# Ports (loopback only). Overridable so two checkouts can run side by side.
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
KAFKA_TLS_PORT="${KAFKA_TLS_PORT:-19094}"
KAFKA_CLUSTER_BASE_PORT="${KAFKA_CLUSTER_BASE_PORT:-29092}"
POSTGRES_PORT="${POSTGRES_PORT:-55432}"
FERRETDB_PORT="${FERRETDB_PORT:-27017}"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for NAME SECONDS COMMAND...: polls COMMAND once a second.
wait_for() {
  local name="$1" secs="$2"; shift 2
  local i
  for ((i = 0; i < secs; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  die "$name was not ready after ${secs}s (logs in $LOG_DIR)"
}

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pidfile() {
  local pidfile="$1" name="$2" i
  if pid_alive "$pidfile"; then
    log "stopping $name"
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for ((i = 0; i < 30; i++)); do pid_alive "$pidfile" || break; sleep 1; done
    pid_alive "$pidfile" && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
