#!/usr/bin/env bash
# Checks and unit-tests the alert rules (deploy/prometheus) with Prometheus' own promtool: `promtool check rules` and
# `promtool test rules` on synthetic series. promtool is built once per machine from the Go module proxy (its go.mod
# has exclude directives, so `go install` refuses it: the module is downloaded and built inside a copy of its source)
# and cached in ~/.cache/loomio-operator/bin/promtool-<version>/. A cold build takes about 6 minutes on 2 cores.
#   hack/test-alerts.sh           build promtool if needed, then check and test the rules
#   hack/test-alerts.sh promtool  print promtool's path (building it if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
# Prometheus v3.7.3 (its Go module versions are v0.<minor>.<patch>).
PROMETHEUS_MODULE_VERSION="${PROMETHEUS_MODULE_VERSION:-v0.307.3}"
CACHE_DIR="${LOCAL_CLUSTER_CACHE:-$HOME/.cache/loomio-operator}"
dir="$CACHE_DIR/bin/promtool-$PROMETHEUS_MODULE_VERSION"
promtool="$dir/promtool"
log() { echo "[test-alerts] $*" >&2; }

build() {
  [ -x "$promtool" ] && return 0
  log "building promtool $PROMETHEUS_MODULE_VERSION (cold: about 6 minutes)"
  local src work
  export GOWORK=off GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOFLAGS=-mod=mod CGO_ENABLED=0
  mkdir -p "$CACHE_DIR"
  src="$(cd "$CACHE_DIR" &&
    go mod download -json "github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')"
  work="$CACHE_DIR/src/prometheus-$PROMETHEUS_MODULE_VERSION"
  rm -rf "$work"
  mkdir -p "$(dirname "$work")" "$dir"
  cp -r "$src" "$work"
  chmod -R u+w "$work"
  (cd "$work" && go build -trimpath -ldflags="-s -w -X github.com/prometheus/common/version.Version=${PROMETHEUS_MODULE_VERSION}" \
    -o "$promtool.tmp" ./cmd/promtool)
  mv "$promtool.tmp" "$promtool"
  rm -rf "$work"
}

build
if [ "${1:-}" = promtool ]; then
  echo "$promtool"
  exit 0
fi
"$promtool" check rules deploy/prometheus/loomio-alerts.rules.yaml
(cd deploy/prometheus && "$promtool" test rules loomio-alerts.test.yaml)
