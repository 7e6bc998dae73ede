#!/usr/bin/env bash
# FerretDB v1.24.2 (the last release that runs on plain PostgreSQL), built from the Go module
# proxy, serving the MongoDB wire protocol on 127.0.0.1. Usage: ferretdb.sh up|down|status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FERRETDB_VERSION=v1.24.2
FERRETDB_BIN="$CACHE_DIR/go/bin/ferretdb"
FERRETDB_STAMP="$CACHE_DIR/go/bin/ferretdb.$FERRETDB_VERSION"
PIDFILE="$RUN_DIR/ferretdb.pid"
# Debug handler (pprof): `ferretdb.sh goroutines` dumps every goroutine when it seems stuck.
FERRETDB_DEBUG_PORT="${FERRETDB_DEBUG_PORT:-27018}"

build() {
  if [[ -x "$FERRETDB_BIN" && -f "$FERRETDB_STAMP" ]]; then return 0; fi
  command -v go >/dev/null || die "Go is needed to build FerretDB"
  log "building FerretDB $FERRETDB_VERSION from the Go module proxy (first run only, a few minutes)"
  local gomodcache src
  gomodcache="$(go env GOMODCACHE)"
  # The module zip lacks build/version/version.txt (written by upstream's release tooling);
  # without it the binary refuses to start. Build from a copy of the module with it filled in.
  (cd "$CACHE_DIR" && GOFLAGS=-mod=mod go mod download "github.com/FerretDB/FerretDB@$FERRETDB_VERSION") \
    >"$LOG_DIR/ferretdb-build.log" 2>&1 || die "downloading FerretDB failed (see $LOG_DIR/ferretdb-build.log)"
  src="$CACHE_DIR/build/ferretdb-src"
  rm -rf "$src"; mkdir -p "$(dirname "$src")" "$CACHE_DIR/go/bin"
  cp -r "$gomodcache/github.com/!ferret!d!b/!ferret!d!b@$FERRETDB_VERSION" "$src"
  chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" >"$src/build/version/version.txt"
  (cd "$src" && go build -buildvcs=false -o "$FERRETDB_BIN" ./cmd/ferretdb) >>"$LOG_DIR/ferretdb-build.log" 2>&1 ||
    die "FerretDB build failed (see $LOG_DIR/ferretdb-build.log)"
  rm -rf "$src"
  touch "$FERRETDB_STAMP"
}

up() {
  bash "$INFRA_DIR/postgres.sh" up
  build
  if pid_alive "$PIDFILE" && port_open "$FERRETDB_PORT"; then
    log "FerretDB already running on 127.0.0.1:$FERRETDB_PORT"; return 0
  fi
  port_open "$FERRETDB_PORT" && die "port $FERRETDB_PORT is taken by another process; set FERRETDB_PORT"
  log "starting FerretDB on 127.0.0.1:$FERRETDB_PORT"
  mkdir -p "$CACHE_DIR/ferretdb-state"
  nohup "$FERRETDB_BIN" \
    --handler=postgresql \
    --postgresql-url="postgres://postgres@127.0.0.1:$POSTGRES_PORT/ferretdb?pool_max_conns=150" \
    --listen-addr="127.0.0.1:$FERRETDB_PORT" \
    --state-dir="$CACHE_DIR/ferretdb-state" \
    --telemetry=disable --debug-addr="127.0.0.1:$FERRETDB_DEBUG_PORT" --log-level=WARN \
    >"$LOG_DIR/ferretdb.log" 2>&1 &
  echo $! >"$PIDFILE"
  wait_for ferretdb 60 "$FERRETDB_BIN" ping --postgresql-url="postgres://postgres@127.0.0.1:$POSTGRES_PORT/ferretdb" --listen-addr="127.0.0.1:$FERRETDB_PORT"
  wait_for ferretdb-port 30 port_open "$FERRETDB_PORT"
}

down() { stop_pidfile "$PIDFILE" ferretdb; }
restart() { down; up; }
goroutines() {
  local out="$LOG_DIR/ferretdb-goroutines-$(date +%s).txt"
  curl -fsS -m 10 "http://127.0.0.1:$FERRETDB_DEBUG_PORT/debug/pprof/goroutine?debug=2" >"$out" && log "goroutine dump in $out"
}
status() { pid_alive "$PIDFILE" && echo "ferretdb: up (mongodb://127.0.0.1:$FERRETDB_PORT)" || echo "ferretdb: down"; }

"${1:-up}"
