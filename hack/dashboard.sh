#!/usr/bin/env bash
# The Grafana dashboard of the operator's metrics (deploy/grafana/loomio-operator.json, copied into the chart):
# built from hack/dashboard/build.go with Grafana's Foundation SDK, linted by hack/dashboard/lint.go (Grafana's schema
# through the SDK's strict decoder, every query through Prometheus' PromQL parser, the project's rules). The tool is
# built once per version of its source (cached under ~/.cache/loomio-operator/bin).
#
#   hack/dashboard.sh           regenerate the dashboard and its chart copy (commit the result)
#   hack/dashboard.sh --check   the tool's tests; fail when the committed dashboard is stale or does not lint
#   hack/dashboard.sh metrics   print the metric names the dashboard's queries read (DashboardE2E scrapes them)
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE_DIR="${LOCAL_CLUSTER_CACHE:-$HOME/.cache/loomio-operator}"
DASHBOARD=deploy/grafana/loomio-operator.json
COPY=charts/loomio-operator/files/dashboards/loomio-operator.json
log() { printf '[dashboard] %s\n' "$*" >&2; }
command -v go >/dev/null || { log "missing go"; exit 1; }
hash=$(cat hack/dashboard/*.go hack/dashboard/go.mod hack/dashboard/go.sum | sha256sum | cut -c1-12)
tool="$CACHE_DIR/bin/dashboard-$hash"
if [ ! -x "$tool" ]; then
  log "building the dashboard tool (cold: about a minute)"
  mkdir -p "$CACHE_DIR/bin"
  (cd hack/dashboard && CGO_ENABLED=0 go build -trimpath -o "$tool.tmp" .)
  mv "$tool.tmp" "$tool"
fi
case "${1:-}" in
  "")
    mkdir -p "$(dirname "$COPY")"
    "$tool" generate > "$DASHBOARD"
    cp "$DASHBOARD" "$COPY"
    "$tool" lint "$DASHBOARD" >/dev/null
    git status --short "$DASHBOARD" "$COPY"
    ;;
  --check)
    (cd hack/dashboard && go vet ./... && go test ./...) >&2
    fresh=$(mktemp)
    trap 'rm -f "$fresh"' EXIT
    "$tool" generate > "$fresh"
    cmp -s "$fresh" "$DASHBOARD" || { log "$DASHBOARD is stale: run hack/dashboard.sh"; exit 1; }
    cmp -s "$DASHBOARD" "$COPY" || { log "$COPY differs from $DASHBOARD: run hack/dashboard.sh"; exit 1; }
    "$tool" lint "$DASHBOARD" >/dev/null
    ;;
  metrics)
    "$tool" lint "$DASHBOARD"
    ;;
  *)
    echo "usage: hack/dashboard.sh [--check|metrics]" >&2
    exit 2
    ;;
esac
