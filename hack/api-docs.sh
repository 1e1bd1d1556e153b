#!/usr/bin/env bash
# The API reference (docs/reference/<kind>.md), generated from the CRDs in crds/ by json-schema-for-humans (a
# well-kept JSON Schema documenter, from PyPI into a virtualenv cached under ~/.cache/loomio-operator/tools): each
# CRD's openAPIV3Schema, descriptions and defaults included, as Markdown. hack/update-crds.sh runs it after the CRDs
# change; hack/test.sh runs it with --check, which fails when docs/reference no longer matches crds/.
#
#   hack/api-docs.sh           # rewrite docs/reference
#   hack/api-docs.sh --check   # regenerate into a temporary directory and compare
set -euo pipefail
cd "$(dirname "$0")/.."
JSFH_VERSION=1.5.1
CACHE_DIR="${LOCAL_CLUSTER_CACHE:-$HOME/.cache/loomio-operator}"
venv="$CACHE_DIR/tools/json-schema-for-humans-$JSFH_VERSION"
if [ ! -x "$venv/bin/generate-schema-doc" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "json-schema-for-humans==$JSFH_VERSION" PyYAML
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=docs/reference
check=false
if [ "${1:-}" = "--check" ]; then
  check=true
  out="$work/reference"
fi
mkdir -p "$out"

# One JSON Schema per CRD, titled with its kind and group/version, from the CRD's openAPIV3Schema.
"$venv/bin/python" - "$work" crds/*.yml <<'PY'
import json, sys, yaml
work = sys.argv[1]
for path in sys.argv[2:]:
    crd = yaml.safe_load(open(path))
    for version in crd["spec"]["versions"]:
        schema = version["schema"]["openAPIV3Schema"]
        kind = crd["spec"]["names"]["kind"]
        schema["title"] = kind
        schema["description"] = (f"{crd['spec']['group']}/{version['name']}, scope {crd['spec']['scope']}. "
                                 f"Generated from {path} by hack/api-docs.sh: edit the API classes, not this file.")
        with open(f"{work}/{kind.lower()}.json", "w") as f:
            json.dump(schema, f, indent=1, sort_keys=True)
PY
for schema in "$work"/*.json; do
  name=$(basename "$schema" .json)
  "$venv/bin/generate-schema-doc" --config template_name=md --config show_toc=false \
    --config footer_show_time=false --config with_footer=false "$schema" "$out/$name.md" >/dev/null
done

if $check; then
  if ! diff -r -u docs/reference "$out" > "$work/diff"; then
    head -n 40 "$work/diff" >&2
    echo "docs/reference is stale: run hack/api-docs.sh and commit the result" >&2
    exit 1
  fi
  echo "docs/reference matches crds/" >&2
fi
