#!/usr/bin/env bash
# Regenerates the CRDs from the API classes and copies them into crds/ (commit the result).
set -euo pipefail
cd "$(dirname "$0")/.."
hack/build-jar.sh
cp target/kubernetes/*.loomio.pistack.dev-v1.yml crds/
git status --short crds/
