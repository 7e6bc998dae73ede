#!/usr/bin/env bash
# Apache Kafka 4.x in KRaft mode from Maven Central jars on Java 17.
#   kafka.sh up          single node (broker+controller) on 127.0.0.1:$KAFKA_PORT, and a mutual-TLS
#                        listener on 127.0.0.1:$KAFKA_TLS_PORT (CA and certificates: kafka-pki.sh)
#   kafka.sh cluster-up  three brokers on one machine, one KRaft quorum, for failure drills
#                        (clients: 127.0.0.1:$KAFKA_CLUSTER_BASE_PORT..+2)
#   kafka.sh kill-node N kill -9 broker N of the cluster (1..3); cluster-up brings it back
#   kafka.sh down | status | classpath
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_HOME="$CACHE_DIR/kafka"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_HEAP="${KAFKA_HEAP:--Xms256m -Xmx640m}"

fetch_jars() {
  if [[ -f "$KAFKA_LIBS/.complete" ]] && cmp -s "$INFRA_DIR/kafka/pom.xml" "$KAFKA_LIBS/.complete"; then return 0; fi
  command -v mvn >/dev/null || die "Maven is needed to fetch the Kafka jars"
  log "fetching Kafka jars from Maven Central (first run only)"
  rm -rf "$KAFKA_LIBS"; mkdir -p "$KAFKA_LIBS"
  mvn -q -B -f "$INFRA_DIR/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$KAFKA_LIBS" \
    >"$LOG_DIR/kafka-mvn.log" 2>&1 || die "fetching Kafka jars failed (see $LOG_DIR/kafka-mvn.log)"
  cp "$INFRA_DIR/kafka/pom.xml" "$KAFKA_LIBS/.complete"
}

classpath() { fetch_jars; echo "$KAFKA_LIBS/*"; }

java_cmd() { # java_cmd LOGDIR: sets JAVA_CMD to the JVM command line (main class and args follow)
  # shellcheck disable=SC2206 # KAFKA_HEAP holds several options
  JAVA_CMD=(java $KAFKA_HEAP -XX:+UseG1GC -Djava.awt.headless=true
    -Dkafka.logs.dir="$1" -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties"
    -cp "$KAFKA_LIBS/*")
}

java_run() { # java_run LOGDIR MAINCLASS ARGS...
  java_cmd "$1"; shift
  "${JAVA_CMD[@]}" "$@"
}

# write_config NAME NODE_ID CLIENT_PORT CONTROLLER_PORT VOTERS MIN_ISR RF [TLS_PORT]
write_config() {
  local name="$1" id="$2" port="$3" cport="$4" voters="$5" isr="$6" rf="$7" tls="${8:-}" dir="$KAFKA_HOME/$1"
  local listeners="PLAINTEXT://127.0.0.1:$port" pki="$CACHE_DIR/pki/kafka"
  [[ -n "$tls" ]] && listeners+=",SSL://127.0.0.1:$tls"
  mkdir -p "$dir"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=$id
controller.quorum.voters=$voters
listeners=$listeners,CONTROLLER://127.0.0.1:$cport
advertised.listeners=$listeners
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=6
default.replication.factor=$rf
min.insync.replicas=$isr
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$isr
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=168
PROPS
  # The TLS listener as production runs it (Strimzi's tls listener): clients must show a
  # certificate of the CA (mutual TLS); PEM files, no Java keystores.
  [[ -n "$tls" ]] && cat >>"$dir/server.properties" <<PROPS
listener.name.ssl.ssl.client.auth=required
listener.name.ssl.ssl.keystore.type=PEM
listener.name.ssl.ssl.keystore.location=$pki/broker.pem
listener.name.ssl.ssl.truststore.type=PEM
listener.name.ssl.ssl.truststore.location=$pki/ca.crt
PROPS
  return 0
}

format_once() { # NAME CLUSTER_ID
  local dir="$KAFKA_HOME/$1"
  [[ -f "$dir/data/meta.properties" ]] && return 0
  java_run "$dir" kafka.tools.StorageTool format --config "$dir/server.properties" --cluster-id "$2" \
    >"$LOG_DIR/kafka-$1-format.log" 2>&1 || die "formatting Kafka storage for $1 failed (see $LOG_DIR/kafka-$1-format.log)"
}

start_node() { # NAME PORT
  local name="$1" port="$2" dir="$KAFKA_HOME/$1" pidfile="$RUN_DIR/kafka-$1.pid"
  if pid_alive "$pidfile" && port_open "$port"; then log "Kafka $name already running on 127.0.0.1:$port"; return 0; fi
  port_open "$port" && die "port $port is taken by another process; set KAFKA_PORT / KAFKA_CLUSTER_BASE_PORT"
  log "starting Kafka $name on 127.0.0.1:$port"
  # A simple command in the background (no wrapper shell): $! is the JVM itself, so kill-node's
  # SIGKILL and down's SIGTERM reach the broker instead of orphaning it.
  java_cmd "$dir"
  nohup "${JAVA_CMD[@]}" kafka.Kafka "$dir/server.properties" </dev/null >"$LOG_DIR/kafka-$name.out" 2>&1 &
  echo $! >"$pidfile"
}

wait_started() { # NAME PORT
  wait_for "kafka $1" 90 grep -q "Kafka Server started" "$KAFKA_HOME/$1/server.log"
  wait_for "kafka $1 port" 30 port_open "$2"
}

cluster_id() { # stable per data dir name so re-formatting is never needed
  local f="$KAFKA_HOME/$1.cluster-id"
  [[ -f "$f" ]] || java_run "$KAFKA_HOME" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1 >"$f"
  cat "$f"
}

up() {
  fetch_jars
  local voters="1@127.0.0.1:$KAFKA_CONTROLLER_PORT"
  bash "$INFRA_DIR/kafka-pki.sh"
  write_config single 1 "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$voters" 1 1 "$KAFKA_TLS_PORT"
  mkdir -p "$KAFKA_HOME/single"
  format_once single "$(cluster_id single)"
  if ! (pid_alive "$RUN_DIR/kafka-single.pid" && port_open "$KAFKA_PORT"); then rm -f "$KAFKA_HOME/single/server.log"; fi
  start_node single "$KAFKA_PORT"
  wait_started single "$KAFKA_PORT"
}

cluster_ports() { local i; for i in 1 2 3; do echo "$((KAFKA_CLUSTER_BASE_PORT + i - 1)) $((KAFKA_CLUSTER_BASE_PORT + 9 + i))"; done; }

cluster-up() {
  fetch_jars
  local voters="" i=1 port cport id
  while read -r port cport; do voters+="${voters:+,}$i@127.0.0.1:$cport"; i=$((i + 1)); done < <(cluster_ports)
  id=$(cluster_id cluster)
  # Each format is a JVM start of its own: the three run together (about 3x quicker on 2 cores).
  local formats=()
  i=1
  while read -r port cport; do
    write_config "node$i" "$i" "$port" "$cport" "$voters" 2 3
    format_once "node$i" "$id" & formats+=($!)
    i=$((i + 1))
  done < <(cluster_ports)
  for i in "${formats[@]}"; do wait "$i" || die "formatting the cluster's storage failed"; done
  i=1
  while read -r port cport; do
    if ! (pid_alive "$RUN_DIR/kafka-node$i.pid" && port_open "$port"); then rm -f "$KAFKA_HOME/node$i/server.log"; fi
    start_node "node$i" "$port"
    i=$((i + 1))
  done < <(cluster_ports)
  i=1
  while read -r port cport; do wait_started "node$i" "$port"; i=$((i + 1)); done < <(cluster_ports)
}

kill-node() { local n="${2:?node number 1..3}"; pid_alive "$RUN_DIR/kafka-node$n.pid" && kill -9 "$(cat "$RUN_DIR/kafka-node$n.pid")"; rm -f "$RUN_DIR/kafka-node$n.pid"; }

down() {
  local f
  for f in "$RUN_DIR"/kafka-*.pid; do [[ -e "$f" ]] && stop_pidfile "$f" "$(basename "$f" .pid)"; done
  return 0
}

# All three at once: one by one, the last broker waits out its controlled shutdown with no
# quorum left (about 30 s); together they stop in a few seconds.
cluster-down() { local i; for i in 1 2 3; do stop_pidfile "$RUN_DIR/kafka-node$i.pid" "kafka node$i" & done; wait; }

# Wipes the cluster's data so each failure drill starts clean.
cluster-reset() { cluster-down; rm -rf "$KAFKA_HOME"/node{1,2,3} "$KAFKA_HOME/cluster.cluster-id"; }

status() {
  port_open "$KAFKA_PORT" && echo "kafka: up (127.0.0.1:$KAFKA_PORT)" || echo "kafka: down"
  local i; for i in 1 2 3; do pid_alive "$RUN_DIR/kafka-node$i.pid" && echo "kafka cluster node$i: up (127.0.0.1:$((KAFKA_CLUSTER_BASE_PORT + i - 1)))"; done; return 0
}

cmd="${1:-up}"; "$cmd" "$@"
