#!/usr/bin/env bash
# Stops everything infra/up.sh (and the Kafka cluster mode) started. Data stays in the cache.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [[ "${PLATFORM_INFRA:-local}" == containers ]]; then exec bash "$INFRA_DIR/containers.sh" down; fi
bash "$INFRA_DIR/kafka.sh" down
bash "$INFRA_DIR/ferretdb.sh" down
bash "$INFRA_DIR/postgres.sh" down
