#!/usr/bin/env bash
# Measures, on the local control plane: time from `kubectl apply` until every child exists, for 1 instance and for
# 20 instances applied at once, the operator's resident memory (RSS) idle with one instance, and the watch
# connections the operator holds open (the API server's apiserver_longrunning_requests{verb="WATCH"}, by resource,
# before and after the operator started).
#
# With NMT=1 the operator runs with Native Memory Tracking, and at idle with one instance (and again with twenty) the
# script prints the JVM's memory by category (committed MiB) beside the process' RSS, and the heap's largest classes.
#
#   hack/bench-reconcile.sh                       # JVM defaults
#   OPERATOR_JAVA_OPTS="-XX:+UseSerialGC -Xmx128m" hack/bench-reconcile.sh
#   NMT=1 OPERATOR_JAVA_OPTS="$(hack/bench-reconcile.sh --pi-options)" hack/bench-reconcile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --pi-options ]; then
  # The JVM options of the packaged operator (deploy/operator.yaml), for comparing others with them.
  sed -n '/JAVA_TOOL_OPTIONS/{n;s/^ *value: "\(.*\)"$/\1/p}' deploy/operator.yaml
  exit 0
fi
JAVA_HOME="$(hack/java-home.sh)"
export JAVA_HOME
hack/local-cluster.sh up >/dev/null
KUBECONFIG="$(hack/local-cluster.sh kubeconfig)"
export KUBECONFIG
kubectl() { "$(hack/local-cluster.sh bindir)/kubectl" "$@"; }
[ -f target/quarkus-app/quarkus-run.jar ] || hack/build-jar.sh
# Every CRD the operator needs (it refuses to start without LoomioBackup's too).
mapfile -t crds < <(kubectl apply --server-side --force-conflicts -k crds/ -o name)
kubectl wait --for condition=Established --timeout=60s "${crds[@]}" >/dev/null

# Open watches by resource, as the API server counts them.
watches() { kubectl get --raw /metrics | awk -F'[{},"]' '/^apiserver_longrunning_requests\{/ && /verb="WATCH"/ {
  for (i = 1; i <= NF; i++) if ($i == "resource=") r = $(i + 1); n[r] += $NF } END { for (r in n) print r, n[r] }' | sort; }
watches_before=$(watches)

state="${LOCAL_CLUSTER_STATE:-$HOME/.local/state/loomio-operator/cluster}"
if [ -f "$state/operator.pid" ] && kill -0 "$(cat "$state/operator.pid")" 2>/dev/null; then
  echo "the demo's operator runs on this cluster and would reconcile the benchmark's instances too: stop it first" \
    "(kill \$(cat $state/operator.pid))" >&2
  exit 1
fi
log=$(mktemp)
# shellcheck disable=SC2086
# Outside a pod the operator is told the backup agent's image (nothing runs it here: there is no node).
# Its own Lease: a Lease left held by an operator that did not stop cleanly would keep it waiting.
LOOMIO_AGENT_IMAGE=localhost/loomio-operator:bench LOOMIO_OPERATOR_LEASE_NAME="bench-reconcile-$$" \
  "$JAVA_HOME/bin/java" ${OPERATOR_JAVA_OPTS:-} ${NMT:+-XX:NativeMemoryTracking=summary} -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
operator=$!
trap 'kill $operator 2>/dev/null; kubectl delete ns "bench-one-$$" "bench-many-$$" --wait=false >/dev/null 2>&1 || true' EXIT
until grep -q 'Controller .* started\|Operator SDK .* started\|Installed features' "$log"; do sleep 0.2; done
sleep 5
echo "watches the operator opened, by resource:"
join -a 2 -e 0 -o 0,1.2,2.2 <(echo "$watches_before") <(watches) | awk '$3 - $2 > 0 { printf "  %-28s %d\n", $1, $3 - $2; t += $3 - $2 } END { printf "  %-28s %d\n", "total", t }'

# 15 objects per instance before its database is ready (there is no node here to run it): the Postgres and Redis
# StatefulSets, the app, worker and hocuspocus Deployments, 4 Services, the backup CronJob, the Ingress, the
# credentials Secret, the uploads and backup PVCs, the restore ConfigMap. (The migration Job waits for the database;
# NetworkPolicies are not counted.)
PER_INSTANCE=15
children() { kubectl get statefulsets,deployments,services,cronjobs,ingresses,secrets,pvc,configmaps -n "$1" \
  -l app.kubernetes.io/managed-by=loomio-operator --no-headers 2>/dev/null | wc -l; }
instances() {
  for n in $(seq "$2"); do
    sed "s/^  name: loomio$/  name: loomio-$n/" samples/loomio.yaml; echo "---"
  done | sed "s/^metadata:/metadata:\n  namespace: $1/"
}
measure() {
  local ns="$1" count="$2"
  kubectl create namespace "$ns" >/dev/null
  # The backup Secret the sample names, as a user creates it first (docs/backups.md, Backups).
  kubectl create secret generic loomio-backup -n "$ns" \
    --from-literal=BACKUP_ENCRYPTION_KEY="$("$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar agent keygen)" >/dev/null
  instances "$ns" "$count" > "$log.yaml"
  local start end
  start=$(date +%s.%N)
  kubectl apply -f "$log.yaml" >/dev/null
  until [ "$(children "$ns")" -ge $((count * PER_INSTANCE)) ]; do sleep 0.1; done
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$count" 'BEGIN { printf "%2d instance(s): every child exists %.2f s after kubectl apply\n", n, e - s }'
}
measure "bench-one-$$" 1
sleep 20
# The JVM's own account of its memory (Native Memory Tracking), by category, committed MiB.
nmt() {
  [ -n "${NMT:-}" ] || return 0
  "$JAVA_HOME/bin/jcmd" "$operator" VM.native_memory summary | python3 hack/lib/nmt-summary.py
  echo "  largest classes on the heap (jcmd GC.class_histogram; instances, bytes):"
  "$JAVA_HOME/bin/jcmd" "$operator" GC.class_histogram | sed -n '4,11p' | awk '{ printf "    %-70s %8d %10d\n", $4, $2, $3 }'
}
rss() { printf 'operator RSS idle with %s: %d MiB (JVM options: %s)\n' "$1" $(($(ps -o rss= -p "$operator") / 1024)) \
  "${OPERATOR_JAVA_OPTS:-defaults}"; }
rss "1 instance"
nmt
measure "bench-many-$$" 20
if [ -n "${NMT:-}" ]; then
  sleep 20
  rss "21 instances"
  nmt
fi
