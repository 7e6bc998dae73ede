#!/usr/bin/env bash
# Container path, for a laptop with a Docker engine: the official Kafka image (KRaft) and a
# one-node MongoDB 7 replica set. Untested on the project's machines (they have no engine);
# kept thin on purpose. Tests prefer testcontainers when no KAFKA_BROKERS/MONGODB_URI is set.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
docker info >/dev/null 2>&1 || die "no Docker engine answers; use the default local infrastructure"
up() {
  docker run -d --rm --name platform-kafka -p "127.0.0.1:$KAFKA_PORT:9092" \
    -e KAFKA_ADVERTISED_LISTENERS="PLAINTEXT://127.0.0.1:$KAFKA_PORT" apache/kafka:4.1.1 >/dev/null
  docker run -d --rm --name platform-mongo -p "127.0.0.1:$FERRETDB_PORT:27017" mongo:7 --replSet rs0 --bind_ip_all >/dev/null
  wait_for mongo 60 docker exec platform-mongo mongosh --quiet --eval "try{rs.status().ok}catch(e){rs.initiate().ok}"
  wait_for kafka 90 port_open "$KAFKA_PORT"
  bash "$INFRA_DIR/env.sh" | tee "$RUN_DIR/env"
}
down() { docker rm -f platform-kafka platform-mongo >/dev/null 2>&1 || true; }
"${1:-up}"
