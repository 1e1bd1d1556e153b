#!/usr/bin/env bash
# The main job, as a user runs it: a real control plane with a node (hack/local-cluster.sh up --with-node; needs root),
# the CRD, the operator, and samples/loomio.yaml applied with Postgres and Redis pointed at the test images (the
# official ones cannot be pulled here). Ends when the data tier is Ready; the Loomio pods wait for Loomio's images,
# which cannot be had here either. Leaves everything running; prints how to use it and how to stop it.
#
#   hack/demo.sh            # production sample (RAM mode)
#   (the development sample would also need PersistentVolumes: the local cluster has no provisioner)
set -euo pipefail
cd "$(dirname "$0")/.."
sample="${1:-samples/loomio.yaml}"
JAVA_HOME="$(hack/java-home.sh)"
export JAVA_HOME
state="${LOCAL_CLUSTER_STATE:-$HOME/.local/state/loomio-operator/cluster}"

hack/local-cluster.sh up --with-node
KUBECONFIG="$(hack/local-cluster.sh kubeconfig)"
export KUBECONFIG
kubectl() { "$(hack/local-cluster.sh bindir)/kubectl" "$@"; }

if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  echo "building the operator (first run only)"
  hack/build-jar.sh
fi
kubectl apply --server-side --force-conflicts -f crds/loomioinstances.loomio.pistack.dev-v1.yml >/dev/null
kubectl wait --for condition=Established crd/loomioinstances.loomio.pistack.dev --timeout=60s >/dev/null

pidfile="$state/operator.pid"
if ! { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }; then
  setsid nohup "$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar > "$state/logs/operator.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  echo "operator started (pid $(cat "$pidfile")), log: $state/logs/operator.log"
fi

start=$(date +%s.%N)
sed -e 's#^  postgres:$#  postgres:\n    image: localhost/test/postgres:15#' -e 's#^  redis:$#  redis:\n    image: localhost/test/redis:7#' \
  "$sample" | kubectl apply -f -
name=$(kubectl create --dry-run=client -o jsonpath='{.metadata.name}' -f "$sample")
children=("secret/$name-credentials" "pvc/$name-uploads" "statefulset/$name-postgres" "service/$name-postgres"
  "statefulset/$name-redis" "service/$name-redis" "deployment/$name-app" "service/$name-app" "deployment/$name-worker"
  "deployment/$name-channels" "service/$name-channels" "deployment/$name-hocuspocus" "service/$name-hocuspocus"
  "cronjob/$name-hourly-tasks")
for _ in $(seq 120); do
  if kubectl get "${children[@]}" >/dev/null 2>&1 && kubectl get jobs -l "app.kubernetes.io/instance=$name",app.kubernetes.io/component=db-migrate -o name | grep -q .; then
    break
  fi
  sleep 0.5
done
kubectl get "${children[@]}" >/dev/null
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "every child exists %.1f s after kubectl apply\n", e - s }'
kubectl wait --for condition=DatabaseReady --timeout 180s "loomioinstance/$name" >/dev/null
kubectl wait --for condition=RedisReady --timeout 180s "loomioinstance/$name" >/dev/null
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "Postgres and Redis Ready %.1f s after kubectl apply\n\n", e - s }'

kubectl get loomioinstances
echo
kubectl get pods -o wide
echo
kubectl get statefulsets,deployments,services,jobs,cronjobs,ingresses,pvc,secrets -l "app.kubernetes.io/instance=$name"
cat <<MSG

The cluster and the operator keep running. To use them:
  export KUBECONFIG=$KUBECONFIG
  kubectl describe loomio $name
  kubectl get events --field-selector involvedObject.name=$name
Postgres and Redis run; the Loomio pods wait for Loomio's images (not available here), so Ready stays False.
To stop everything:
  kill \$(cat $pidfile); hack/local-cluster.sh down
MSG
