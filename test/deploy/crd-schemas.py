#!/usr/bin/env python3
"""CustomResourceDefinitions -> the JSON schemas kubeconform reads, offline.

    python3 test/deploy/crd-schemas.py OUT_DIR CRD.yaml [CRD.yaml ...]

The approach of kubeconform's own scripts/openapi2jsonschema.py: each served version's
openAPIV3Schema becomes OUT_DIR/<group>/<kind>_<version>.json (kubeconform's
-schema-location '{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'), strict:
every object that lists its properties refuses others (additionalProperties: false) unless the
CRD preserves unknown fields there; int-or-string fields accept both. Descriptions are dropped
(they are most of the bytes). Used by tools/deploy-check.sh on the CRDs pinned in
test/deploy/crds/SOURCES (Strimzi, MongoDB community operator); the output is a cache.
"""
import json
import os
import sys

import yaml


def strict(node):
    if isinstance(node, list):
        return [strict(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "description":
            continue
        if key == "properties" and isinstance(value, dict):
            # Property names are data here, not schema keywords (a field may be called "description").
            out[key] = {name: strict(sub) for name, sub in value.items()}
        else:
            out[key] = strict(value)
    if out.pop("x-kubernetes-int-or-string", False):
        out.pop("type", None)
        out["oneOf"] = [{"type": "string"}, {"type": "integer"}]
    preserve = out.pop("x-kubernetes-preserve-unknown-fields", False)
    if "properties" in out and not preserve and "additionalProperties" not in out:
        out["additionalProperties"] = False
    for k in [k for k in out if k.startswith("x-kubernetes-")]:
        out.pop(k)
    return out


def main(out_dir, files):
    written = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for doc in yaml.safe_load_all(f):
                if not doc or doc.get("kind") != "CustomResourceDefinition":
                    continue
                spec = doc["spec"]
                group, kind = spec["group"], spec["names"]["kind"].lower()
                for version in spec["versions"]:
                    if not version.get("served", False):
                        continue
                    schema = strict(version["schema"]["openAPIV3Schema"])
                    target = os.path.join(out_dir, group, f"{kind}_{version['name']}.json")
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    with open(target, "w", encoding="utf-8") as out:
                        json.dump(schema, out, sort_keys=True)
                    written.append(os.path.relpath(target, out_dir))
    if not written:
        sys.exit("crd-schemas: no CustomResourceDefinition in " + ", ".join(files))
    print("crd-schemas: " + ", ".join(sorted(written)))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
