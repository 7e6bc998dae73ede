#!/usr/bin/env bash
# PostgreSQL from Debian's packages, in a private cluster under the cache (FerretDB's store).
# Usage: postgres.sh up|down|status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_DATA="$CACHE_DIR/postgres/data"
PG_SOCK="$CACHE_DIR/postgres/sock"

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
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

up() {
  install_postgres
  local bin; bin=$(pg_bin)
  mkdir -p "$PG_DATA" "$PG_SOCK"
  [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$CACHE_DIR/postgres"
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    log "initialising a PostgreSQL cluster in $PG_DATA"
    as_pg "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$LOG_DIR/initdb.log" 2>&1 ||
      die "initdb failed (see $LOG_DIR/initdb.log)"
  fi
  if as_pg "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    log "PostgreSQL already running on 127.0.0.1:$POSTGRES_PORT"
  else
    log "starting PostgreSQL on 127.0.0.1:$POSTGRES_PORT"
    touch "$LOG_DIR/postgres.log"; [[ $(id -u) -eq 0 ]] && chown postgres "$LOG_DIR/postgres.log"
    as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$LOG_DIR/postgres.log" -w -t 60 \
      -o "-p $POSTGRES_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null ||
      die "PostgreSQL did not start (see $LOG_DIR/postgres.log)"
  fi
  wait_for postgres 30 "$bin/pg_isready" -h 127.0.0.1 -p "$POSTGRES_PORT"
  if ! psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -tAc "select 1 from pg_database where datname='ferretdb'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -c "create database ferretdb" >/dev/null
  fi
}

down() {
  local bin; bin=$(pg_bin) || return 0
  if [[ -n "$bin" && -f "$PG_DATA/PG_VERSION" ]] && as_pg "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    log "stopping PostgreSQL"
    as_pg "$bin/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null
  fi
}

status() { port_open "$POSTGRES_PORT" && echo "postgres: up (127.0.0.1:$POSTGRES_PORT)" || echo "postgres: down"; }

"${1:-up}"
