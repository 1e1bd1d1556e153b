#!/usr/bin/env bash
# The chart's and the GitOps checks' tests (tools from hack/gitops-tools.sh):
#   helm lint --strict with Helm 3 and Helm 4; values the schema must refuse, refused with a message naming them;
#   helm-unittest (charts/loomio-operator/tests); the Argo CD health tests (deploy/argocd, argo-cd's own Lua code);
#   and with a cluster ($KUBECONFIG): `helm template` of the chart applied with kubectl apply --dry-run=server.
#
#   hack/test-chart.sh
set -euo pipefail
cd "$(dirname "$0")/.."
T="$(hack/gitops-tools.sh)"
CHART=charts/loomio-operator
log() { printf '[test-chart] %s\n' "$*" >&2; }

for helm in helm3 helm4; do
  "$T/$helm" lint --strict "$CHART" >/dev/null
  log "$helm lint --strict: ok"
done

# $1 what the error must name, then the values: helm install would fail the same way, before applying anything.
refused() {
  local want="$1" err; shift
  if err=$("$T/helm4" template x "$CHART" "$@" 2>&1 >/dev/null); then
    log "the schema accepted $*"; exit 1
  fi
  grep -q -- "$want" <<<"$err" || { log "refused $*, but the message does not name $want: $err"; exit 1; }
  log "refused $* ($want)"
}
refused replicaCount --set replicaCount=two
refused pullPolicy --set image.pullPolicy=Sometimes
refused watchNamespaces --set 'watchNamespaces={Team_A}'
refused logLevel --set logLevel=verbose
refused memory --set resources.limits.memory=lots
refused imageTag --set imageTag=1.0

"$T/helm-unittest" "$CHART"
"$T/argocd-health" test deploy/argocd/resource_customizations

if [ -n "${KUBECONFIG:-}" ]; then
  kubectl() { "$(hack/local-cluster.sh bindir)/kubectl" "$@"; }
  version=$(kubectl get --raw /version | sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p')
  # Every value that adds objects, once with all namespaces and once watching two that exist (their Roles need them).
  for watched in "" "--set=watchNamespaces={default,kube-public}"; do
    # shellcheck disable=SC2086 # $watched is no argument or one
    "$T/helm4" template pi "$CHART" --kube-version "$version" --namespace default --include-crds \
      --set argocd.healthCheck=true --set argocd.actions=true --set kubeletStats.enabled=true \
      --set metrics.grafanaDashboard.enabled=true $watched \
      | kubectl apply --dry-run=server -f - >/dev/null
  done
  log "helm template | kubectl apply --dry-run=server: accepted by the API server ($version)"
fi
