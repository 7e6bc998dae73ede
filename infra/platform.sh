#!/usr/bin/env bash
# One command for the whole platform on its embedded defaults:
#   infra/platform.sh start   local Kafka + FerretDB (installed on first run), codegen, build,
#                             every service started from its build, the second city's registry
#                             and gateway, the gateways' development PKI, demo data loaded
#   infra/platform.sh stop    stops the services, and the infrastructure when start brought it up
#   infra/platform.sh status
#
# Two cities run side by side on loopback, so the cross-region gateways have a partner:
#   Heze 371700 (every service, default ports and databases; gateway :3107, exchange :3207) and
#   Zhengzhou 410100 (its registry :3111 / gRPC :50111, database registry_410100; its gateway
#   :3117, exchange :3217, database gateway_410100). One broker serves both here, so the
#   Zhengzhou stack publishes and consumes on its own topics and consumer groups through
#   EVENT_TOPIC_SUFFIX=410100 (registry.child.registered.v1.410100): Heze's services never see
#   Zhengzhou's children. In production each city runs its own Kafka and sets no suffix (the
#   loader refuses one there), so this stays a development arrangement.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

PKI_DIR="$CACHE_DIR/pki"
SECOND_CITY=410100
# Marks that `start` brought the infrastructure up (so `stop` takes it down again).
INFRA_MARK="$RUN_DIR/platform-started-infra"

apps() { for m in apps/*/src/main.ts; do basename "$(dirname "$(dirname "$m")")"; done; }

# Every process `start` runs: each app once (Heze), then Zhengzhou's registry and gateway.
instances() {
  apps
  [[ -f apps/registry/src/main.ts ]] && echo "registry-$SECOND_CITY"
  [[ -f apps/gateway/src/main.ts ]] && echo "gateway-$SECOND_CITY"
  return 0
}

# The app an instance runs (registry-410100 -> registry).
app_of() { echo "${1%-"$SECOND_CITY"}"; }

gateway_files() {
  local city="$1"
  echo "GATEWAY_TLS_CERT_FILE=$PKI_DIR/$city/tls.crt GATEWAY_TLS_KEY_FILE=$PKI_DIR/$city/tls.key"
  echo "GATEWAY_TLS_CA_FILE=$PKI_DIR/care-dev-ca.crt GATEWAY_SIGNING_KEY_FILE=$PKI_DIR/$city/signing.json"
  echo "GATEWAY_PEERS_FILE=$PKI_DIR/$city/peers.json GATEWAY_PAIR_KEYS_FILE=$PKI_DIR/$city/pair-keys.json"
}

# The environment of an instance beyond the app's development defaults (KEY=VALUE words).
instance_env() {
  local suffix="EVENT_TOPIC_SUFFIX=$SECOND_CITY"
  # At start a gateway reads every demo child once from its registry (audited, one hash-chained
  # append each): on a busy machine those reads queue behind each other, and a short deadline
  # would only pile retries onto the same queue.
  local registry_deadline="REGISTRY_GRPC_DEADLINE_MS=30000"
  # Heze's services verify the sign-in service's tokens (a bearer token when sent; the identity
  # headers stand-in stays accepted in development, ADR 0006). Zhengzhou has no sign-in here.
  [[ "$1" != *"-$SECOND_CITY" ]] && echo "ACCESS_JWKS_URL=http://127.0.0.1:3109/.well-known/jwks.json"
  case "$1" in
    gateway)
      echo "CITY_CODE=371700 EXCHANGE_PORT=3207 REGISTRY_GRPC_ADDRESS=127.0.0.1:50101 $registry_deadline"
      gateway_files 371700
      ;;
    "registry-$SECOND_CITY")
      echo "SERVICE_NAME=$1 KAFKA_CLIENT_ID=$1 $suffix CITY_CODE=$SECOND_CITY"
      echo "CENTRAL_URBAN_DISTRICTS=410102,410103,410104,410105"
      echo "HTTP_PORT=3111 GRPC_BIND_ADDRESS=127.0.0.1:50111 MONGODB_DATABASE=registry_$SECOND_CITY"
      ;;
    "gateway-$SECOND_CITY")
      echo "SERVICE_NAME=$1 KAFKA_CLIENT_ID=$1 $suffix CITY_CODE=$SECOND_CITY"
      echo "HTTP_PORT=3117 GRPC_BIND_ADDRESS=127.0.0.1:50117 MONGODB_DATABASE=gateway_$SECOND_CITY"
      echo "EXCHANGE_PORT=3217 REGISTRY_GRPC_ADDRESS=127.0.0.1:50111 $registry_deadline"
      gateway_files "$SECOND_CITY"
      ;;
  esac
}

start_infra() {
  if [[ "${PLATFORM_INFRA:-local}" == local ]] && port_open "$KAFKA_PORT" && port_open "$FERRETDB_PORT" &&
    [[ ! -e "$INFRA_MARK" ]]; then
    log "infrastructure already running (started outside npm start): npm stop will leave it running"
  else
    touch "$INFRA_MARK"
  fi
  eval "$(bash "$INFRA_DIR/up.sh")"
}

# The gateways start once the demo data is in: each reads every child of its registry once (an
# audited read), which would otherwise compete with the demo loading for the registry. They follow
# the registries' events from the beginning, so they catch up with everything loaded before.
is_gateway() { [[ "$(app_of "$1")" == gateway ]]; }

BUILT=" "
start_instance() {
  local name="$1" app pidfile
  local -a env_words
  app="$(app_of "$name")"
  pidfile="$RUN_DIR/svc-$name.pid"
  if pid_alive "$pidfile"; then log "$name already running"; return 0; fi
  if [[ "$BUILT" != *" $app "* ]]; then
    node tools/build.js "apps/$app" >"$LOG_DIR/build-$app.log" 2>&1 || die "build of $app failed (see $LOG_DIR/build-$app.log)"
    BUILT+="$app "
  fi
  read -r -a env_words <<<"$(instance_env "$name" | tr '\n' ' ')"
  log "starting $name (log: $LOG_DIR/$name.log)"
  env "${env_words[@]}" nohup node "dist/apps/$app/src/main.js" >"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$pidfile"
}

wait_ready() {
  local name="$1"
  wait_for "$name" 120 grep -q "$name ready" "$LOG_DIR/$name.log"
  log "$name: $(grep -o "$name ready.*" "$LOG_DIR/$name.log" | head -1 | cut -c1-160)"
}

start() {
  [[ -d node_modules ]] || { log "installing npm packages"; npm ci --no-audit --no-fund >"$LOG_DIR/npm-ci.log" 2>&1; }
  start_infra
  npx nx run contracts:codegen --outputStyle=static >"$LOG_DIR/codegen.log" 2>&1 || die "codegen failed (see $LOG_DIR/codegen.log)"
  [[ -f apps/gateway/src/main.ts ]] && bash "$INFRA_DIR/gateway-pki.sh"
  local name seed out
  for name in $(instances); do is_gateway "$name" || start_instance "$name"; done
  for name in $(instances); do is_gateway "$name" || wait_ready "$name"; done
  # Zhengzhou first: its registry's records of the children Heze pushes are then there to compare with.
  for seed in tools/demo-seed-zhengzhou.ts tools/demo-seed.ts; do
    [[ -f "$seed" ]] || continue
    out="$LOG_DIR/$(basename "$seed" .ts).log"
    log "loading demo data ($seed)"
    npx tsx "$seed" >"$out" 2>&1 || die "demo data failed (see $out)"
    tail -n 6 "$out"
  done
  for name in $(instances); do is_gateway "$name" && start_instance "$name"; done
  for name in $(instances); do is_gateway "$name" && wait_ready "$name"; done
  if [[ -f tools/demo-seed.ts && -f apps/gateway/src/main.ts ]]; then
    npx tsx tools/demo-seed.ts --pushes-only >"$LOG_DIR/demo-pushes.log" 2>&1 || true
    cat "$LOG_DIR/demo-pushes.log"
  fi
  if [[ -f tools/demo-accounts.ts && -f apps/auth/src/main.ts ]]; then
    log "demo accounts (sign in with the password and the TOTP code; log: $LOG_DIR/demo-accounts.log)"
    npx tsx tools/demo-accounts.ts >"$LOG_DIR/demo-accounts.log" 2>&1 || die "demo accounts failed (see $LOG_DIR/demo-accounts.log)"
    cat "$LOG_DIR/demo-accounts.log"
  fi
  [[ -f apps/web/server/main.ts ]] && start_web
  log "platform up"
}

# The department web UI (apps/web): the vite bundle, then its server (the UI and the API proxy on
# one origin, :3100), pointed at the services' default ports.
start_web() {
  local pidfile="$RUN_DIR/svc-web.pid"
  if pid_alive "$pidfile"; then log "web already running"; return 0; fi
  npx vite build --config apps/web/vite.config.mts >"$LOG_DIR/build-web.log" 2>&1 || die "build of web failed (see $LOG_DIR/build-web.log)"
  log "starting web (log: $LOG_DIR/web.log)"
  nohup node --import tsx apps/web/server/main.ts >"$LOG_DIR/web.log" 2>&1 &
  echo $! >"$pidfile"
  wait_for web 60 grep -q "web ready" "$LOG_DIR/web.log"
  log "web: open http://127.0.0.1:3100/ and sign in with a demo account above"
}

stop() {
  local f
  for f in "$RUN_DIR"/svc-*.pid; do [[ -e "$f" ]] && stop_pidfile "$f" "$(basename "$f" .pid)"; done
  if [[ -e "$INFRA_MARK" ]]; then
    bash "$INFRA_DIR/down.sh"
    rm -f "$INFRA_MARK"
  else
    log "infrastructure left running (it ran before npm start; bash infra/down.sh stops it)"
  fi
}

status() {
  local name
  for name in $(instances) web; do pid_alive "$RUN_DIR/svc-$name.pid" && echo "$name: up" || echo "$name: down"; done
  bash "$INFRA_DIR/kafka.sh" status; bash "$INFRA_DIR/ferretdb.sh" status
}

"${1:-start}"
