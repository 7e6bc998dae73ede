#!/usr/bin/env bash
# The development PKI of the local Kafka's TLS listener (DEVELOPMENT ONLY), in the layout Strimzi
# gives a service in production (cluster CA `ca.crt`, KafkaUser `user.crt`/`user.key`):
#   .cache/pki/kafka/ca.crt, ca.key       the local CA
#   .cache/pki/kafka/broker.pem           the broker's PKCS#8 key and certificate (127.0.0.1)
#   .cache/pki/kafka/user.crt, user.key   a client certificate (CN=care-dev-client)
# Idempotent: files that are there are kept. Printed paths: none (kafka.sh and env.sh know them).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir="$CACHE_DIR/pki/kafka"
[[ -f "$dir/ca.crt" && -f "$dir/broker.pem" && -f "$dir/user.crt" && -f "$dir/user.key" ]] && exit 0
command -v openssl >/dev/null || die "openssl is needed for the local Kafka's TLS listener"
mkdir -p "$dir"
chmod 700 "$dir"
cd "$dir"
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
sign() { # NAME SUBJECT EXTENSIONS
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -sha256 \
    -extfile <(printf '%s\n' "$3") -out "$1.crt" 2>/dev/null
  rm -f "$1.csr"
}
ec ca.key
openssl req -x509 -new -key ca.key -subj "/CN=care-dev-kafka-ca" -days 3650 -sha256 \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt 2>/dev/null
ec broker.key
sign broker "/CN=care-dev-kafka" "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth,clientAuth"
cat broker.key broker.crt >broker.pem
ec user.key
sign user "/CN=care-dev-client" "extendedKeyUsage=clientAuth"
chmod 600 ./*.key broker.pem
log "Kafka development PKI written to $dir"
