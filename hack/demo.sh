#!/usr/bin/env bash
# The main job, as a user runs it: a real control plane with a node (hack/local-cluster.sh up --with-node; needs root),
# every CRD of crds/, the operator, and samples/loomio.yaml applied with Postgres and Redis pointed at the test images (the
# official ones cannot be pulled here), with the backup Secret (a fresh key) and volumes for the local backups and the
# users' uploads.
# Ends when the data tier is Ready; the Loomio pods wait for Loomio's images,
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
# The backup CronJob and the restore init container run the agent from the project's image, which the node must have.
version=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' pom.xml | head -1)
if [ ! -f "target/image/loomio-operator-$version-amd64.tar" ]; then
  echo "building the project's image (first run only)"
  hack/build-image.sh >/dev/null
  hack/node.sh import >/dev/null 2>&1
fi
# Every CRD the operator watches: it refuses to start while one is missing (MissingCRDException).
mapfile -t crds < <(kubectl apply --server-side --force-conflicts -k crds/ -o name)
kubectl wait --for condition=Established --timeout=60s "${crds[@]}" >/dev/null

pidfile="$state/operator.pid"
if ! { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }; then
  # Outside a pod the operator cannot read its own image: it is told which one the node has.
  LOOMIO_AGENT_IMAGE="localhost/loomio-operator:$version" \
    setsid nohup "$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar > "$state/logs/operator.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  echo "operator started (pid $(cat "$pidfile")), log: $state/logs/operator.log"
fi
# Stops the demo with the operator's own words when its process has ended: waiting on would only print NotFound.
operator_alive() {
  kill -0 "$(cat "$pidfile")" 2>/dev/null && return 0
  echo "the operator stopped; the end of $state/logs/operator.log:" >&2
  grep -E 'ERROR|Exception' "$state/logs/operator.log" | tail -5 >&2 || tail -20 "$state/logs/operator.log" >&2
  exit 1
}
# Waits up to $1 seconds for condition $2 of the instance, watching the operator meanwhile.
wait_condition() {
  local deadline=$((SECONDS + $1))
  while [ "$SECONDS" -lt "$deadline" ]; do
    operator_alive
    kubectl wait --for "condition=$2" --timeout 5s "loomioinstance/$name" >/dev/null 2>&1 && return 0
  done
  echo "condition $2 of loomioinstance/$name not True after $1 s:" >&2
  kubectl get "loomioinstance/$name" -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}' >&2
  exit 1
}

name=$(kubectl create --dry-run=client -o jsonpath='{.metadata.name}' -f "$sample")
# What a user does first (docs/backups.md, Backups): a key from the agent, kept in a Secret (and, for real, outside the
# cluster too). An existing demo keeps its key: a new one could not read its backups.
# LOOMIO_DEMO_BACKUP_ENV names an env file of your own instead (the key, GDRIVE_* or S3_*): a new cluster that reads
# an old one's backups, as hack/recover-new-pi.sh shows.
if ! kubectl get secret loomio-backup >/dev/null 2>&1; then
  if [ -n "${LOOMIO_DEMO_BACKUP_ENV:-}" ]; then
    kubectl create secret generic loomio-backup --from-env-file="$LOOMIO_DEMO_BACKUP_ENV" >/dev/null
    echo "created Secret loomio-backup from $LOOMIO_DEMO_BACKUP_ENV"
  else
    key="$("$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar agent keygen)"
    kubectl create secret generic loomio-backup --from-literal=BACKUP_ENCRYPTION_KEY="$key" >/dev/null
    echo "created Secret loomio-backup with a new key (fingerprint in status.backup once a backup ran)"
  fi
fi
# The local backup PVC and the uploads PVC need volumes (the Postgres pod mounts both: it restores the database and
# the users' uploads): k3s has local-path, this cluster has no provisioner, so hostPath volumes.
for claim in backups:4Gi uploads:5Gi; do
  volume="$state/volumes/$name-${claim%%:*}"
  mkdir -p "$volume"
  chown 999:999 "$volume"
  kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: PersistentVolume
metadata: {name: demo-$name-${claim%%:*}}
spec:
  capacity: {storage: ${claim#*:}}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  hostPath: {path: $volume, type: Directory}
  claimRef: {namespace: default, name: $name-${claim%%:*}}
YAML
done

start=$(date +%s.%N)
sed -e 's#^  postgres:$#  postgres:\n    image: localhost/test/postgres:17#' -e 's#^  redis:$#  redis:\n    image: localhost/test/redis:7#' \
  "$sample" | kubectl apply -f -
children=("secret/$name-credentials" "pvc/$name-uploads" "statefulset/$name-postgres" "service/$name-postgres"
  "statefulset/$name-redis" "service/$name-redis" "deployment/$name-app" "service/$name-app" "deployment/$name-worker"
  "deployment/$name-hocuspocus" "service/$name-hocuspocus" "cronjob/$name-backup" "pvc/$name-backups"
  "configmap/$name-restore")
for _ in $(seq 120); do
  operator_alive
  if kubectl get "${children[@]}" >/dev/null 2>&1 && kubectl get jobs -l "app.kubernetes.io/instance=$name",app.kubernetes.io/component=db-migrate -o name | grep -q .; then
    break
  fi
  sleep 0.5
done
kubectl get "${children[@]}" >/dev/null
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "every child exists %.1f s after kubectl apply\n", e - s }'
wait_condition 180 DatabaseReady
wait_condition 180 RedisReady
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "Postgres and Redis Ready %.1f s after kubectl apply\n\n", e - s }'

kubectl get loomioinstances
echo
kubectl get pods -o wide
echo
kubectl get statefulsets,deployments,services,jobs,cronjobs,ingresses,pvc,secrets,configmaps -l "app.kubernetes.io/instance=$name"
cat <<MSG

The cluster and the operator keep running. To use them:
  export KUBECONFIG=$KUBECONFIG
  kubectl describe loomio $name
  kubectl get events --field-selector involvedObject.name=$name
Postgres and Redis run; the Loomio pods wait for Loomio's images (not available here), so Ready stays False.
Backups run at minute 17 of every hour. Survive a power cut:
  kubectl create job --from=cronjob/$name-backup backup-now          # a backup now
  kubectl get loomio $name -w                                         # LAST BACKUP fills in
  kubectl delete pod $name-postgres-0                                 # RAM gone; the new pod restores
  kubectl get loomio $name -o jsonpath='{.status.restore}{"\n"}'      # source, backup, duration
Watch the users' uploads come back (their volume is $state/volumes/$name-uploads on this machine):
  mkdir -p $state/volumes/$name-uploads/storage/ab/cd
  echo attachment > $state/volumes/$name-uploads/storage/ab/cd/file  # as Loomio stores a file
  kubectl create job --from=cronjob/$name-backup backup-uploads       # the backup takes it
  rm -r $state/volumes/$name-uploads/storage                          # the SD card lost it
  kubectl delete pod $name-postgres-0                                 # the restart restores it
  kubectl get loomio $name -o jsonpath='{.status.restore.uploads}{"\n"}'   # files, bytes, source
To stop everything:
  kill \$(cat $pidfile); hack/local-cluster.sh down
MSG
