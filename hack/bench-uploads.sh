#!/usr/bin/env bash
# Uploads benchmark: 500 files / 200 MB of uploads (random bytes, Active Storage's layout) backed up with the small
# Loomio fixture to each target on its own, then a second backup after 5 new files, then a restore into an empty
# directory, checked byte for byte (diff -r). Off-site targets on loopback: a real S3 server (versitygw) and the fake
# Drive, so the figures say what the agent and the protocols cost, not a network.
#
#   hack/bench-uploads.sh [files] [total MiB]        (default 500 200)
set -euo pipefail
cd "$(dirname "$0")/.."
files="${1:-500}"
total_mib="${2:-200}"
JAVA_HOME="$(hack/java-home.sh)"
export JAVA_HOME
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGPASSWORD="${PGPASSWORD:-postgres}"
hack/postgres.sh >/dev/null
[ -f target/quarkus-app/quarkus-run.jar ] || hack/build-jar.sh
AGENT_JAVA_OPTS="${AGENT_JAVA_OPTS:--XX:+UseSerialGC -Xms16m -Xmx64m -XX:ReservedCodeCacheSize=32m -Xss512k}"
read -r -a agent_java_opts <<< "$AGENT_JAVA_OPTS"
fixture=../shared/testdata/loomio-fixture
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-uploads.XXXX")
trap 'exec 3>&- 2>/dev/null || true; rm -rf "$work"' EXIT
BACKUP_ENCRYPTION_KEY="$("$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar agent keygen)"
export BACKUP_ENCRYPTION_KEY LOOMIO_INSTANCE=bench/loomio

if [ "$(psql -XAtqc "SELECT 1 FROM pg_database WHERE datname = 'bench_uploads'")" != 1 ]; then
  psql -Xq -c "CREATE DATABASE bench_uploads"
  psql -Xq -d bench_uploads -f $fixture/schema.sql
  psql -Xq -d bench_uploads -v scale=1 -f $fixture/seed.sql >/dev/null
fi
export DB_NAME=bench_uploads

# files of 10% to 190% of the mean size, seeded, so that two runs write the same bytes
python3 - "$work/uploads" "$files" "$total_mib" <<'PY'
import os, random, sys
root, n, mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(42)
mean = mib * 1024 * 1024 // n
for i in range(n):
    d = os.path.join(root, "storage", "%02x" % (i % 256), "%02x" % (i * 7 % 256))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "key%05d" % i), "wb") as f:
        f.write(rng.randbytes(int(mean * rng.uniform(0.1, 1.9))))
PY
uploads_bytes=$(du -sb "$work/uploads" | cut -f1)
echo "uploads: $files files, $((uploads_bytes / 1024 / 1024)) MiB" >&2

LOOMIO_S3_SERVER="$(hack/s3.sh)"
export LOOMIO_S3_SERVER
[ -d target/test-classes/dev/pistack/loomio/agent ] || ./mvnw -B -q test-compile
mkfifo "$work/servers.in"
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/quarkus-app/app/*:target/quarkus-app/lib/main/*" \
  dev.pistack.loomio.agent.OffsiteServers < "$work/servers.in" > "$work/servers.env" &
exec 3> "$work/servers.in"
for _ in $(seq 100); do grep -q '^# ready' "$work/servers.env" 2>/dev/null && break; sleep 0.2; done
grep -q '^# ready' "$work/servers.env" || { echo "the S3 server and the fake Drive did not start" >&2; exit 1; }
# shellcheck disable=SC1091
. "$work/servers.env"

agent() { # target (local|s3|drive), then the agent's arguments; prints its JSON summary
  local target="$1"; shift
  local where=(--no-drive --no-s3)
  case "$target" in
    local) where+=(--local-dir "$work/local") ;;
    s3) where=(--no-drive --s3) ;;
    drive) where=(--no-s3 --drive) ;;
  esac
  "$JAVA_HOME/bin/java" "${agent_java_opts[@]}" -jar target/quarkus-app/quarkus-run.jar agent "$@" \
    --staging-dir "$work/staging" "${where[@]}" | grep '^{'
}
timed() { # file, command...: runs it, keeps its output in file, prints its wall time
  local out="$1" s e; shift
  s=$(date +%s.%N); "$@" > "$out"; e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }'
}
sent() { python3 -c 'import json,sys; u=json.load(open(sys.argv[1]))["targets"][0]["uploads"]; print(u["sentFiles"], u["sentBytes"])' "$1"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

declare -A first second restore first_sent second_sent
for t in local s3 drive; do
  first[$t]=$(timed "$work/$t-1.json" agent "$t" backup --uploads-dir "$work/uploads" --no-prune)
done
sleep 1 # a new backup name: names have whole seconds
python3 - "$work/uploads" <<'PY'
import os, random, sys
rng = random.Random(7)
d = os.path.join(sys.argv[1], "storage", "new")
os.makedirs(d, exist_ok=True)
for i in range(5):
    with open(os.path.join(d, "later%d" % i), "wb") as f:
        f.write(rng.randbytes(400 * 1024))
PY
for t in local s3 drive; do
  second[$t]=$(timed "$work/$t-2.json" agent "$t" backup --uploads-dir "$work/uploads" --no-prune)
  mkdir -p "$work/restored-$t"
  restore[$t]=$(timed "$work/$t-r.json" agent "$t" restore-uploads --uploads-dir "$work/restored-$t")
  diff -r -x '.loomio-*' "$work/uploads" "$work/restored-$t" >&2
  echo "$t: every file restored byte for byte" >&2
  read -r f b < <(sent "$work/$t-1.json"); first_sent[$t]="$f files, $(mib "$b") MiB"
  read -r f b < <(sent "$work/$t-2.json"); second_sent[$t]="$f files, $(mib "$b") MiB"
done

cat <<TABLE
| uploads: $files files, $(mib "$uploads_bytes") MiB (+ the fixture's database) | local | S3 (versitygw) | Drive (fake) |
|---|---|---|---|
| first backup, s | ${first[local]} | ${first[s3]} | ${first[drive]} |
| sent by the first | ${first_sent[local]} | ${first_sent[s3]} | ${first_sent[drive]} |
| second backup (5 new files of 400 KiB), s | ${second[local]} | ${second[s3]} | ${second[drive]} |
| sent by the second | ${second_sent[local]} | ${second_sent[s3]} | ${second_sent[drive]} |
| restore into an empty directory, s | ${restore[local]} | ${restore[s3]} | ${restore[drive]} |
TABLE
echo "JVM options: $AGENT_JAVA_OPTS" >&2
