#!/usr/bin/env bash
# "A dead SD card loses nothing", end to end on whole clusters: hack/demo.sh on a fresh cluster with an S3 target (a
# real S3 server, versitygw, on this machine), the Loomio fixture loaded, 200 uploaded files, a backup; then the
# cluster is destroyed with everything on it (its state, every volume, the local backups, the credentials Secret),
# and hack/demo.sh on a new cluster, given only the same backup settings, brings it all back. Checks that
# fingerprint.sql, every uploaded file (SHA-256) and the credentials Secret are equal; prints the timings.
#
#   hack/recover-new-pi.sh            (needs root, as hack/local-cluster.sh up --with-node does; leaves nothing running)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(hack/java-home.sh)"
export JAVA_HOME
state="${LOCAL_CLUSTER_STATE:-$HOME/.local/state/loomio-operator/cluster}"
fixture=../shared/testdata/loomio-fixture
node_ip=10.244.0.1
work=$(mktemp -d "${TMPDIR:-/tmp}/recover-new-pi.XXXX")
log() { printf '[recover-new-pi] %s\n' "$*" >&2; }
stop_cluster() {
  if [ -f "$state/operator.pid" ]; then kill "$(cat "$state/operator.pid")" 2>/dev/null || true; fi
  hack/local-cluster.sh down >/dev/null 2>&1 || true
}
s3_pid=
cleanup() {
  stop_cluster
  if [ -n "$s3_pid" ]; then kill "$s3_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The off-site target: an S3 server on this machine, outside either cluster, on every address (the pods reach it on
# the node's bridge address, the operator on the same address from the host).
versitygw="$(hack/s3.sh)"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')
mkdir -p "$work/s3/pi-backups"
"$versitygw" --access recover-access --secret recover-secret-5e1f --port ":$port" --quiet posix "$work/s3" \
  > "$work/s3.log" 2>&1 &
s3_pid=$!
key="$("$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar agent keygen 2>/dev/null || true)"
if [ -z "$key" ]; then hack/build-jar.sh >/dev/null; key="$("$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar agent keygen)"; fi
cat > "$work/backup.env" <<ENV
BACKUP_ENCRYPTION_KEY=$key
S3_BUCKET=pi-backups
S3_ENDPOINT=http://$node_ip:$port
S3_REGION=us-east-1
S3_FORCE_PATH_STYLE=true
S3_ACCESS_KEY_ID=recover-access
S3_SECRET_ACCESS_KEY=recover-secret-5e1f
ENV
export LOOMIO_DEMO_BACKUP_ENV="$work/backup.env"

kctl() { "$(hack/local-cluster.sh bindir)/kubectl" --kubeconfig "$(hack/local-cluster.sh kubeconfig)" "$@"; }
psql_pod() { kctl exec -i loomio-postgres-0 -c postgres -- psql -X -q -v ON_ERROR_STOP=1 -U postgres -d loomio_production "$@"; }
uploads_sums() { (cd "$1" && find . -type f ! -path './.loomio-*' -exec sha256sum {} + | sort -k 2); }
# shellcheck disable=SC2016 # a go-template, not shell
credentials() { kctl get secret loomio-credentials -o go-template='{{range $k, $v := .data}}{{$k}}={{$v}}{{"\n"}}{{end}}'; }

log "the first Pi: a fresh cluster, the operator, the production sample with an S3 target"
stop_cluster
hack/demo.sh > "$work/demo-1.log"
# As Loomio's own role, which owns its database and whose login the backups use: SET ROLE over the superuser's socket.
cat <(echo 'SET ROLE loomio;') $fixture/schema.sql $fixture/seed.sql | psql_pod >/dev/null
uploads="$state/volumes/loomio-uploads"
python3 - "$uploads" <<'PY'
import os, random, sys
rng = random.Random(3)
for i in range(200):
    d = os.path.join(sys.argv[1], "storage", "%02x" % (i % 256), "%02x" % (i * 7 % 256))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "key%04d" % i), "wb") as f:
        f.write(rng.randbytes(rng.randint(1000, 60000)))
PY
kctl create job --from=cronjob/loomio-backup before-the-card-dies >/dev/null
for _ in $(seq 300); do
  [ "$(kctl get job before-the-card-dies -o jsonpath='{.status.succeeded}{.status.failed}')" != "" ] && break
  sleep 1
done
if [ "$(kctl get job before-the-card-dies -o jsonpath='{.status.succeeded}')" != 1 ]; then
  log "the backup failed:"; kctl logs job/before-the-card-dies --tail=5 >&2 || true; exit 1
fi
psql_pod -At < $fixture/fingerprint.sql > "$work/fingerprint-1"
uploads_sums "$uploads" > "$work/uploads-1"
credentials > "$work/credentials-1"
log "backed up: $(wc -l < "$work/uploads-1") uploaded files, $(wc -l < "$work/fingerprint-1") fingerprint lines"

log "the SD card dies: the cluster, its state and every volume on this machine are deleted"
stop_cluster
[ ! -e "$state" ] || { log "the cluster's state is still there: $state"; exit 1; }

log "a new Pi: a fresh cluster, the operator, the same backup settings, the same sample"
start=$(date +%s.%N)
hack/demo.sh > "$work/demo-2.log"
for _ in $(seq 240); do
  [ -n "$(kctl get loomioinstance loomio -o jsonpath='{.status.restore.uploads.files}')" ] && break
  sleep 0.5
done
end=$(date +%s.%N)
psql_pod -At < $fixture/fingerprint.sql > "$work/fingerprint-2"
uploads_sums "$uploads" > "$work/uploads-2"
credentials > "$work/credentials-2"
cmp -s "$work/fingerprint-1" "$work/fingerprint-2" || { log "fingerprint.sql differs"; diff "$work/fingerprint-1" "$work/fingerprint-2" | head >&2; exit 1; }
cmp -s "$work/uploads-1" "$work/uploads-2" || { log "the uploads differ"; diff "$work/uploads-1" "$work/uploads-2" | head >&2; exit 1; }
cmp -s "$work/credentials-1" "$work/credentials-2" || { log "the credentials Secret differs"; exit 1; }
grep -h "Ready .* after kubectl apply" "$work/demo-2.log" >&2 || true
log "restore: $(kctl get loomioinstance loomio -o jsonpath='{.status.restore.source} {.status.restore.backup}; uploads {.status.restore.uploads.files} files, {.status.restore.uploads.bytes} bytes from {.status.restore.uploads.source}')"
kctl get events --field-selector involvedObject.name=loomio -o custom-columns=REASON:.reason --no-headers \
  | grep -E 'CredentialsRecovered|Restored|UploadsRestored' | sort -u | tr '\n' ' ' >&2; echo >&2
awk -v s="$start" -v e="$end" 'BEGIN { printf "[recover-new-pi] new cluster to every row, file and secret back: %.1f s (cluster start included)\n", e - s }' >&2
log "equal: fingerprint.sql, $(wc -l < "$work/uploads-2") uploaded files (SHA-256), the credentials Secret"
