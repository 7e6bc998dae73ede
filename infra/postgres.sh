#!/usr/bin/env bash
# PostgreSQL from Debian's packages, in a private cluster under the cache (FerretDB's store).
# Usage: postgres.sh up|down|status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The server runs as the 'postgres' user, which must reach its data folder. When the checkout
# sits under a folder that user cannot enter (e.g. /root), the cluster lives under /var/tmp.
# Called after the install, since the 'postgres' user comes with the package.
pg_paths() {
  PG_ROOT="$CACHE_DIR/postgres"
  if [[ $(id -u) -eq 0 ]] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$CACHE_DIR"; then
    PG_ROOT="/var/tmp/care-platform-$(printf '%s' "$REPO_ROOT" | sha1sum | cut -c1-12)/postgres"
  fi
  PG_DATA="$PG_ROOT/data"
  PG_SOCK="$PG_ROOT/sock"
  PG_LOG="$PG_ROOT/postgres.log"
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [[ -n "$dir" ]] && echo "$dir"
}

install_postgres() {
  if [[ -z "$(pg_bin)" ]]; then
    log "installing PostgreSQL from Debian's packages"
    command -v apt-get >/dev/null || die "PostgreSQL is missing and apt-get is not available"
    apt-get update >"$LOG_DIR/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >>"$LOG_DIR/apt.log" 2>&1 ||
      die "apt-get install postgresql failed (see $LOG_DIR/apt.log)"
  fi
}

# The server refuses to run as root: run it as the 'postgres' user (created by the package).
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

up() {
  install_postgres
  pg_paths
  local bin; bin=$(pg_bin)
  mkdir -p "$PG_DATA" "$PG_SOCK"
  [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$PG_ROOT"
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    log "initialising a PostgreSQL cluster in $PG_DATA"
    as_pg "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$LOG_DIR/initdb.log" 2>&1 ||
      die "initdb failed (see $LOG_DIR/initdb.log)"
  fi
  if as_pg "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    log "PostgreSQL already running on 127.0.0.1:$POSTGRES_PORT"
  else
    log "starting PostgreSQL on 127.0.0.1:$POSTGRES_PORT"
    as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
      -o "-p $POSTGRES_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null ||
      die "PostgreSQL did not start (see $PG_LOG)"
  fi
  wait_for postgres 30 "$bin/pg_isready" -h 127.0.0.1 -p "$POSTGRES_PORT"
  if ! psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -tAc "select 1 from pg_database where datname='ferretdb'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -c "create database ferretdb" >/dev/null
  fi
  # Lookup indexes FerretDB v1 can use (see the file); idempotent, applied on every start.
  psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d ferretdb -q -v ON_ERROR_STOP=1 \
    -f "$REPO_ROOT/infra/postgres/ferretdb-lookup-indexes.sql" >"$LOG_DIR/postgres-setup.log" 2>&1 ||
    die "could not install FerretDB's lookup indexes (see $LOG_DIR/postgres-setup.log)"
}

down() {
  local bin; bin=$(pg_bin) || return 0
  pg_paths
  if [[ -n "$bin" && -f "$PG_DATA/PG_VERSION" ]] && as_pg "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    log "stopping PostgreSQL"
    as_pg "$bin/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null
  fi
}

status() { port_open "$POSTGRES_PORT" && echo "postgres: up (127.0.0.1:$POSTGRES_PORT)" || echo "postgres: down"; }

"${1:-up}"
