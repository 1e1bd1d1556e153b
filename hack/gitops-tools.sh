#!/usr/bin/env bash
# Builds the packaging and GitOps tools from the Go module proxy, once per machine (cached under
# ~/.cache/loomio-operator/tools, keyed by a hash of the pinned versions and sources), and prints the directory that
# holds them:
#
#   helm3, helm4     Helm v3.19.2 and v4.0.1 (helm lint --strict with both; Helm 4 applies crds/ server-side)
#   helm-unittest    helm-unittest v1.0.3 (charts/loomio-operator/tests), through hack/helm-unittest's module
#   argocd-health    this project's Argo CD health checks run by argo-cd v3.2.0's own util/lua (hack/argocd-health)
#   kstatus          kstatus of objects by sigs.k8s.io/cli-utils and Flux's fork (hack/kstatus)
#   k3s-crds         the HelmChart and HelmChartConfig CRDs of k3s-io/helm-controller v0.16.10 (hack/k3s-crds)
#
# Versions are exact: the module proxy refuses version listings for some modules, so @latest fails.
#
#   hack/gitops-tools.sh          build what is missing; print the directory
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE_DIR="${LOCAL_CLUSTER_CACHE:-$HOME/.cache/loomio-operator}"
HELM3_VERSION=v3.19.2
HELM4_VERSION=v4.0.1
key=$(cat "$0" hack/argocd-health/go.* hack/argocd-health/*.go hack/kstatus/go.* hack/kstatus/*.go \
  hack/helm-unittest/go.* hack/k3s-crds/go.* hack/k3s-crds/*.go | sha256sum | cut -c1-12)
OUT="$CACHE_DIR/tools/gitops-$key"
log() { printf '[gitops-tools] %s\n' "$*" >&2; }
command -v go >/dev/null || { log "missing go"; exit 1; }
mkdir -p "$OUT"
build() { # $1 tool name, $2 module directory, $3 package
  [ -x "$OUT/$1" ] && return
  log "building $1 (cold: a few minutes; argocd-health the longest)"
  (cd "$2" && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$OUT/$1.partial" "$3")
  mv "$OUT/$1.partial" "$OUT/$1"
}
install_helm() { # $1 tool name, $2 module@version
  [ -x "$OUT/$1" ] && return
  log "building $1 ($2)"
  local gobin="$OUT/.gobin-$1"
  (cd "$CACHE_DIR" && CGO_ENABLED=0 GOBIN="$gobin" GOFLAGS=-mod=mod go install -trimpath -ldflags='-s -w' "$2")
  mv "$gobin/helm" "$OUT/$1"
  rm -rf "$gobin"
}
install_helm helm3 "helm.sh/helm/v3/cmd/helm@$HELM3_VERSION"
install_helm helm4 "helm.sh/helm/v4/cmd/helm@$HELM4_VERSION"
build helm-unittest hack/helm-unittest github.com/helm-unittest/helm-unittest/cmd/helm-unittest
build argocd-health hack/argocd-health .
build kstatus hack/kstatus .
build k3s-crds hack/k3s-crds .
# Builds of older sources are of no use any more (about 250 MB each).
find "$CACHE_DIR/tools" -mindepth 1 -maxdepth 1 -name 'gitops-*' ! -name "gitops-$key" -exec rm -rf {} +
echo "$OUT"
