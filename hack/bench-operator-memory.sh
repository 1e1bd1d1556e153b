#!/usr/bin/env bash
# The packaged operator's memory in its pod on the local node, as a Pi's `kubectl top pod` shows it: the chart
# installed with the image hack/build-image.sh builds, one production instance (samples/loomio.yaml, RAM mode, the
# node's Postgres and Redis test images) running with its database ready, then IDLE_S seconds of idling. Prints the
# Metrics API's working set (kubectl top), the kubelet's Summary API figures for the pod (working set, RSS), and the
# JVM's own account by category (Native Memory Tracking, read with the host's jcmd: the node's containers are
# processes of this machine).
#
#   hack/bench-operator-memory.sh                                   # the chart's JVM options
#   JAVA_TOOL_OPTIONS_POD="-XX:+UseSerialGC -Xmx48m" hack/bench-operator-memory.sh
#
# Needs a local cluster with its node (hack/local-cluster.sh up --with-node) and nothing else reconciling there.
set -euo pipefail
cd "$(dirname "$0")/.."
IDLE_S="${IDLE_S:-120}"
JAVA_HOME="$(hack/java-home.sh)"
KUBECONFIG="$(hack/local-cluster.sh kubeconfig)"
export KUBECONFIG
kubectl() { "$(hack/local-cluster.sh bindir)/kubectl" "$@"; }
tools="${LOOMIO_GITOPS_TOOLS:-$(hack/gitops-tools.sh)}"
release=bench-memory
ns=bench-memory-operator
instance_ns=bench-memory
log() { printf '[bench-operator-memory] %s\n' "$*" >&2; }

[ -d "$(hack/local-cluster.sh statedir)/node" ] || { log "no node: hack/local-cluster.sh up --with-node"; exit 1; }
version=$(sed -n 's#.*<version>\(.*\)</version>.*#\1#p' pom.xml | head -1)
hack/node.sh ctr images ls -q | grep -qx "localhost/loomio-operator:$version" \
  || { log "the node lacks localhost/loomio-operator:$version: hack/build-image.sh && hack/node.sh import"; exit 1; }
hack/node.sh ctr images tag --force localhost/test/postgres:17 docker.io/library/postgres:17 >/dev/null
hack/node.sh ctr images tag --force localhost/test/redis:7 docker.io/library/redis:7 >/dev/null

# The instance goes first, while the operator runs its finalizer.
cleanup() {
  kubectl delete ns "$instance_ns" --timeout=5m >/dev/null 2>&1 || true
  "$tools/helm4" uninstall "$release" -n "$ns" --wait >/dev/null 2>&1 || true
  kubectl delete ns "$ns" --wait=false >/dev/null 2>&1 || true
  kubectl delete pv bench-memory-loomio-uploads bench-memory-loomio-backups --wait=false >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup
kubectl wait --for=delete ns/"$ns" --timeout=120s >/dev/null 2>&1 || true

pi_options=$(sed -n '/^javaToolOptions:/,/^$/p' charts/loomio-operator/values.yaml | sed '1d;s/^ *//' | tr '\n' ' ')
options="${JAVA_TOOL_OPTIONS_POD:-$pi_options} -XX:NativeMemoryTracking=summary"
log "installing the chart (JVM options: $options)"
"$tools/helm4" install "$release" charts/loomio-operator -n "$ns" --create-namespace --wait --timeout 5m \
  --set-string javaToolOptions="$options" >/dev/null
pod=$(kubectl -n "$ns" get pods -l app.kubernetes.io/instance="$release" -o jsonpath='{.items[0].metadata.name}')

log "one production instance"
kubectl create ns "$instance_ns" >/dev/null
kubectl create secret generic loomio-backup -n "$instance_ns" \
  --from-literal=BACKUP_ENCRYPTION_KEY="$("$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar agent keygen)" \
  >/dev/null
# shellcheck source=hack/lib/hostpath-pv.sh
. hack/lib/hostpath-pv.sh
hostpath_pv bench-memory-loomio-uploads "$instance_ns" loomio-uploads 5Gi
hostpath_pv bench-memory-loomio-backups "$instance_ns" loomio-backups 4Gi
kubectl apply -n "$instance_ns" -f samples/loomio.yaml >/dev/null
kubectl -n "$instance_ns" wait loomioinstance/loomio --for=condition=DatabaseReady --timeout=10m >/dev/null
log "database ready; idling ${IDLE_S} s"
sleep "$IDLE_S"

echo "operator pod $pod, one production instance, ${IDLE_S} s idle; JVM options: $options"
echo "kubectl top pod (Metrics API, working set):"
kubectl top pod -n "$ns" "$pod" --no-headers | awk '{ printf "  %s\n", $3 }'
node=$(kubectl get pod -n "$ns" "$pod" -o jsonpath='{.spec.nodeName}')
kubectl get --raw "/api/v1/nodes/$node/proxy/stats/summary" | python3 -c '
import json, sys
pod = sys.argv[1]
for p in json.load(sys.stdin)["pods"]:
    if p["podRef"]["name"] == pod:
        m = p["memory"]
        print("kubelet Summary API: working set %.1f MiB, RSS %.1f MiB" % (m["workingSetBytes"] / 2**20, m["rssBytes"] / 2**20))
' "$pod"
uid=$(kubectl get pod -n "$ns" "$pod" -o jsonpath='{.metadata.uid}')
java_pid=""
# The pod's cgroup path holds its UID (with underscores under the systemd driver).
for p in $(pgrep -f quarkus-run.jar); do
  if grep -q -e "$uid" -e "${uid//-/_}" "/proc/$p/cgroup" 2>/dev/null; then java_pid=$p; fi
done
if [ -z "$java_pid" ]; then
  log "the operator's JVM was not found among this machine's processes: no NMT figures"
  exit 0
fi
echo "process RSS: $(($(ps -o rss= -p "$java_pid") / 1024)) MiB"
"$JAVA_HOME/bin/jcmd" "$java_pid" VM.native_memory summary | python3 hack/lib/nmt-summary.py
