#!/usr/bin/env bash
# Builds the GitOps checkers from the Go module proxy, once per machine (cached under ~/.cache/loomio-operator/tools,
# keyed by a hash of their sources), and prints the directory that holds them:
#
#   argocd-health   this project's Argo CD health checks run by argo-cd v3.2.0's own util/lua (hack/argocd-health)
#   kstatus         kstatus of objects by sigs.k8s.io/cli-utils and Flux's fork (hack/kstatus)
#
#   hack/gitops-tools.sh          build what is missing; print the directory
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE_DIR="${LOCAL_CLUSTER_CACHE:-$HOME/.cache/loomio-operator}"
key=$(cat "$0" hack/argocd-health/go.mod hack/argocd-health/go.sum hack/argocd-health/main.go \
  hack/kstatus/go.mod hack/kstatus/go.sum hack/kstatus/main.go | sha256sum | cut -c1-12)
OUT="$CACHE_DIR/tools/gitops-$key"
log() { printf '[gitops-tools] %s\n' "$*" >&2; }
command -v go >/dev/null || { log "missing go"; exit 1; }
mkdir -p "$OUT"
for tool in argocd-health kstatus; do
  if [ ! -x "$OUT/$tool" ]; then
    log "building $tool (a cold build of argocd-health takes several minutes)"
    (cd "hack/$tool" && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$OUT/$tool.partial" .)
    mv "$OUT/$tool.partial" "$OUT/$tool"
  fi
done
echo "$OUT"
