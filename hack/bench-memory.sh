#!/usr/bin/env bash
# Measures what RAM-status sampling costs the operator, on the local node: 1 instance, then 10, each in RAM mode with
# the test images (Postgres and Redis really run). Not 20: the node has 2 cores, and every instance's pods request CPU
# (hocuspocus 50m, the migration gates of app and worker and the pending migration Job 10m each; the app's and
# Redis' requests are cut to a few millicores here, Postgres' to 50m: its CPU limit equals its request, and at 10m it
# cannot answer its readiness probe within a second), so 20 instances cannot all be scheduled. For each count the operator (the jar, Pi JVM options) runs
# twice for a window of $WINDOW seconds: sampling every $INTERVAL, and sampling off (an interval of 1000 h); the
# script reports the operator's CPU time in the window (utime + stime of /proc/PID/stat), its RSS at the end, and the
# sampling rounds' count and mean from /q/metrics (loomio_memory_sampling_seconds).
#
#   hack/bench-memory.sh                 # INTERVAL=60s WINDOW=300 COUNTS="1 10"
#   INTERVAL=10s WINDOW=120 hack/bench-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
INTERVAL="${INTERVAL:-60s}"
WINDOW="${WINDOW:-300}"
COUNTS="${COUNTS:-1 10}"
# The packaged operator's JVM options, as deploy/operator.yaml sets them.
PI_JAVA_OPTS="$(hack/bench-reconcile.sh --pi-options)"
JAVA_HOME="$(hack/java-home.sh)"
export JAVA_HOME
hack/local-cluster.sh up --with-node >/dev/null
KUBECONFIG="$(hack/local-cluster.sh kubeconfig)"
export KUBECONFIG
kubectl() { "$(hack/local-cluster.sh bindir)/kubectl" "$@"; }
[ -f target/quarkus-app/quarkus-run.jar ] || hack/build-jar.sh
hack/node.sh import >/dev/null 2>&1 || { hack/build-image.sh >/dev/null && hack/node.sh import >/dev/null; }
# Every CRD the operator needs (it refuses to start without LoomioBackup's too).
mapfile -t crds < <(kubectl apply --server-side --force-conflicts -k crds/ -o name)
kubectl wait --for condition=Established --timeout=60s "${crds[@]}" >/dev/null
version=$(sed -n 's#.*<version>\(.*\)</version>.*#\1#p' pom.xml | head -1)
ns="bench-memory-$$"
state="${LOCAL_CLUSTER_STATE:-$HOME/.local/state/loomio-operator/cluster}/volumes/$ns"
operator=""
cleanup() {
  if [ -n "$operator" ]; then kill "$operator" 2>/dev/null || true; fi
  kubectl delete ns "$ns" --wait=false >/dev/null 2>&1 || true
  for pv in $(kubectl get pv -o name | grep "/$ns-"); do kubectl delete "$pv" --wait=false >/dev/null 2>&1 || true; done
  rm -rf "$state"
}
trap cleanup EXIT
kubectl create namespace "$ns" >/dev/null
kubectl create secret generic loomio-backup -n "$ns" \
  --from-literal=BACKUP_ENCRYPTION_KEY="$("$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar agent keygen)" >/dev/null

# Instance N with a hostPath volume for its local backups (the node has no provisioner) and small data volumes.
instance() {
  local n="$1" volume="$state/loomio-$1-backups"
  mkdir -p "$volume" && chown 999:999 "$volume"
  kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: PersistentVolume
metadata: {name: $ns-loomio-$n-backups}
spec:
  capacity: {storage: 4Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Delete
  storageClassName: ""
  hostPath: {path: $volume, type: Directory}
  claimRef: {namespace: $ns, name: loomio-$n-backups}
YAML
  sed -e "s/^  name: loomio$/  name: loomio-$n\n  namespace: $ns/" \
    -e 's#^  postgres:$#  postgres:\n    image: localhost/test/postgres:15#' \
    -e 's#^  redis:$#  redis:\n    image: localhost/test/redis:7\n    resources: {cpu: 10m}#' \
    -e 's#^    dataSize: 1Gi$#    dataSize: 64Mi#' -e 's#^      cpu: 500m$#      cpu: 50m#' \
    -e 's#^  uploads:$#  resources: {requests: {cpu: 1m, memory: 16Mi}, limits: {memory: 64Mi}}\n  workerResources: {requests: {cpu: 1m, memory: 16Mi}, limits: {memory: 64Mi}}\n  uploads:#' \
    samples/loomio.yaml | kubectl apply -f - >/dev/null
}

start_operator() {
  log="$(mktemp)"
  # shellcheck disable=SC2086
  LOOMIO_AGENT_IMAGE="localhost/loomio-operator:$version" LOOMIO_OPERATOR_MEMORY_SAMPLE_INTERVAL="$1" \
    QUARKUS_HTTP_PORT=18080 "$JAVA_HOME/bin/java" $PI_JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
  operator=$!
  until grep -q 'Installed features' "$log"; do sleep 0.2; done
}
stop_operator() { kill "$operator"; wait "$operator" 2>/dev/null || true; operator=""; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$operator/stat"; }

sampled() { kubectl get loomioinstances -n "$ns" -o jsonpath='{range .items[*]}{.status.memory.database.usedBytes}{"\n"}{end}' | grep -c . || true; }

have=0
for count in $COUNTS; do
  while [ "$have" -lt "$count" ]; do have=$((have + 1)); instance "$have"; done
  start_operator 10s
  for _ in $(seq 600); do [ "$(sampled)" -ge "$count" ] && break; sleep 1; done
  echo "$count instance(s): $(sampled) sampled, pods: $(kubectl get pods -n "$ns" -l app.kubernetes.io/component=database --no-headers | grep -c Running) Postgres running"
  stop_operator
  for interval in "$INTERVAL" 1000h; do
    start_operator "$interval"
    sleep 30  # start-up and the first reconciles of every instance
    t0=$(cpu_ticks)
    sleep "$WINDOW"
    t1=$(cpu_ticks)
    rss=$(ps -o rss= -p "$operator")
    rounds=$(curl -s localhost:18080/q/metrics | awk '/^loomio_memory_sampling_seconds_count/ { c = $2 } /^loomio_memory_sampling_seconds_sum/ { s = $2 } END { printf "%d rounds, mean %.0f ms", c, c ? 1000 * s / c : 0 }')
    printf '  sampling every %-5s: CPU %.1f s in %d s, RSS %d MiB, %s\n' "$interval" \
      "$(awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { print t / hz }')" "$WINDOW" $((rss / 1024)) "$rounds"
    stop_operator
  done
done
