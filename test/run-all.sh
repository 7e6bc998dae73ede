#!/usr/bin/env bash
# The one test command (README): everything CI checks, on a fresh machine or a warm one.
#   codegen (buf lint + ts-proto) -> proto breaking-change check -> format -> lint -> typecheck
#   -> local infrastructure (Kafka, FerretDB; installed on first run) -> unit tests
#   -> integration tests against the real broker and database -> browser tests (Chromium)
#   -> build each app and start it once.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RESULTS="$ROOT/.cache/test-results"
mkdir -p "$RESULTS"
step() { printf '\n==> %s\n' "$*"; }

if [[ ! -d node_modules ]]; then step "installing npm packages (npm ci)"; npm ci --no-audit --no-fund; fi

step "contracts: buf lint + ts-proto codegen"
npx nx run contracts:codegen --skip-nx-cache --outputStyle=stream

step "contracts: breaking-change check"
bash tools/buf-breaking.sh

step "format (prettier --check)"
npx prettier --check . --log-level warn

step "lint (eslint with module boundaries, every project)"
npx nx run-many -t lint --outputStyle=stream --parallel=2
npx eslint test bench tools

step "typecheck (tsc --noEmit, strict)"
npx tsc -p tsconfig.json
npx tsc -p apps/web/tsconfig.app.json --noEmit

step "local infrastructure"
if [[ -z "${KAFKA_BROKERS:-}" || -z "${MONGODB_URI:-}" ]]; then
  if docker info >/dev/null 2>&1; then
    echo "Docker engine found: integration tests will use testcontainers"
  else
    eval "$(bash infra/up.sh)"
  fi
fi

step "unit tests"
npx jest --selectProjects unit --ci --json --outputFile="$RESULTS/unit.json"

step "integration tests (real Kafka broker, real FerretDB/MongoDB, real gRPC sockets)"
npx jest --selectProjects integration --ci --runInBand --verbose --json --outputFile="$RESULTS/integration.json"

step "browser tests (the web UI in Debian's Chromium against the real services)"
npx jest --selectProjects browser --ci --runInBand --verbose --json --outputFile="$RESULTS/browser.json"

step "build each app and start it once (a missing asset fails here, not in production)"
bash tools/smoke-start.sh

node tools/test-summary.js "$RESULTS/unit.json" "$RESULTS/integration.json" "$RESULTS/browser.json"
