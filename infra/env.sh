#!/usr/bin/env bash
# Prints the variables that point services and tests at the local infrastructure.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
echo "export KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
# The same broker's mutual-TLS listener and the files a client needs (test/integration/platform/kafka-tls).
echo "export KAFKA_TLS_BROKERS=127.0.0.1:$KAFKA_TLS_PORT"
echo "export KAFKA_TLS_DIR=$CACHE_DIR/pki/kafka"
echo "export MONGODB_URI=mongodb://127.0.0.1:$FERRETDB_PORT/"
echo "export KAFKA_CLUSTER_BROKERS=127.0.0.1:$KAFKA_CLUSTER_BASE_PORT,127.0.0.1:$((KAFKA_CLUSTER_BASE_PORT + 1)),127.0.0.1:$((KAFKA_CLUSTER_BASE_PORT + 2))"
