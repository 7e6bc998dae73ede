#!/usr/bin/env bash
# The development PKI of the cross-region gateways (DEVELOPMENT ONLY): a small local CA and, per
# city, a TLS certificate (mutual TLS between gateways), an SM2 signing key, the pair keys both
# cities index ID numbers under, and the peers file naming the other city's listener:
#   .cache/pki/care-dev-ca.crt, .cache/pki/<city>/{tls.crt,tls.key,signing.json,peers.json,pair-keys.json}
# Heze (371700) listens on 127.0.0.1:3207, Zhengzhou (410100) on 127.0.0.1:3217.
# Idempotent: quick when every file is there; existing keys are never replaced (a restart keeps
# them). Production certificates and keys come from the province's CA and key management.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

PKI_DIR="$CACHE_DIR/pki"
CITIES=(371700:3207 410100:3217)

complete() {
  local spec city f other
  [[ -f "$PKI_DIR/care-dev-ca.crt" && -f "$PKI_DIR/pair-keys.json" ]] || return 1
  for spec in "${CITIES[@]}"; do
    city="${spec%%:*}"
    for f in tls.crt tls.key signing.json peers.json pair-keys.json; do
      [[ -f "$PKI_DIR/$city/$f" ]] || return 1
    done
    # The peers file names the other city's port: a changed port is written again.
    for other in "${CITIES[@]}"; do
      [[ "$other" == "$spec" ]] && continue
      grep -q "127.0.0.1:${other##*:}\"" "$PKI_DIR/$city/peers.json" || return 1
    done
  done
}

if complete; then exit 0; fi
command -v openssl >/dev/null || die "openssl is needed for the development PKI"
log "creating the gateways' development PKI in $PKI_DIR"
npx tsx apps/gateway/src/pki/dev-pki.ts "$PKI_DIR" "${CITIES[@]}" >"$LOG_DIR/gateway-pki.log" 2>&1 ||
  die "development PKI failed (see $LOG_DIR/gateway-pki.log)"
