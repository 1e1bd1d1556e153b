#!/usr/bin/env bash
# Regenerates the CRDs from the API classes, copies them into crds/ and the Helm chart's crds/, and regenerates the
# API reference (docs/reference, hack/api-docs.sh). Commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
hack/build-jar.sh
cp target/kubernetes/*.loomio.pistack.dev-v1.yml crds/
cp crds/*.yml charts/loomio-operator/crds/
hack/api-docs.sh
git status --short crds/ charts/loomio-operator/crds/ docs/reference/
