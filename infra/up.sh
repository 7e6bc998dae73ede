#!/usr/bin/env bash
# Brings up the local infrastructure (PostgreSQL -> FerretDB, Kafka) and prints the
# environment the services and tests read. Idempotent: quick when everything is up.
# Where a Docker engine runs and PLATFORM_INFRA=containers, uses infra/containers.sh instead.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ "${PLATFORM_INFRA:-local}" == containers ]]; then exec bash "$INFRA_DIR/containers.sh" up; fi

bash "$INFRA_DIR/ferretdb.sh" up &
fpid=$!
bash "$INFRA_DIR/kafka.sh" up
wait "$fpid"
bash "$INFRA_DIR/env.sh" >"$RUN_DIR/env"
log "infrastructure ready; environment in $RUN_DIR/env"
cat "$RUN_DIR/env"
