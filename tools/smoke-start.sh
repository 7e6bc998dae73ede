#!/usr/bin/env bash
# Builds each app with tools/build.js and starts the BUILT output once, waiting for
# /health/ready, so a missing .proto or data file fails CI rather than production.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
port=39100
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
bash infra/gateway-pki.sh # the gateway reads its certificate and keys at boot
for main in apps/*/src/main.ts; do
  app=$(basename "$(dirname "$(dirname "$main")")")
  port=$((port + 1)); grpc_port=$((port + 100))
  # Skip ports another process holds (a shared machine): HTTP, gRPC and the exchange port.
  while in_use $port || in_use $grpc_port || in_use $((port + 200)); do port=$((port + 1)); grpc_port=$((port + 100)); done
  node tools/build.js "apps/$app" >/dev/null
  log=".cache/logs/smoke-$app.log"
  HTTP_PORT=$port GRPC_URL="127.0.0.1:$grpc_port" MONGODB_DB="smoke_${app//-/_}" EXCHANGE_PORT=$((port + 200)) \
    node "dist/apps/$app/src/main.js" >"$log" 2>&1 &
  pid=$!
  ok=0
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then ok=1; break; fi
    kill -0 $pid 2>/dev/null || break
    sleep 1
  done
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  if [[ $ok == 1 ]]; then echo "smoke: $app (built) reached ready on :$port"; else echo "smoke: $app FAILED to reach ready; log:"; tail -n 40 "$log"; status=1; fi
done
exit $status
