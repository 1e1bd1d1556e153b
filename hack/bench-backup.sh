#!/usr/bin/env bash
# Backup-agent benchmark on a real PostgreSQL: the Loomio fixture seeded at a scale that dumps to >= 500 MB.
#   backup:  agent backup        vs  pg_dump | gzip > /dev/null      (goal <= 1.15x)
#   restore: agent restore       vs  gunzip | psql --single-transaction   (goal <= 1.2x)
#   memory:  the agent's peak RSS (whole process, /usr/bin/time) for the small fixture and the large dump
#   off-site: the same backup and restore to S3 (versitygw) and Drive (the fake), both on loopback
#
#   hack/bench-backup.sh [scale]        (default 270; the seeded database is kept for later runs)
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-270}"
JAVA_HOME="$(hack/java-home.sh)"
export JAVA_HOME
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGPASSWORD="${PGPASSWORD:-postgres}"
hack/postgres.sh >/dev/null
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }
[ -f target/quarkus-app/quarkus-run.jar ] || hack/build-jar.sh
AGENT_JAVA_OPTS="${AGENT_JAVA_OPTS:--XX:+UseSerialGC -Xms16m -Xmx64m -XX:ReservedCodeCacheSize=32m -Xss512k}"
read -r -a agent_java_opts <<< "$AGENT_JAVA_OPTS"
fixture=../shared/testdata/loomio-fixture
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-backup.XXXX")
trap 'rm -rf "$work"' EXIT
BACKUP_ENCRYPTION_KEY="$("$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar agent keygen)"
export BACKUP_ENCRYPTION_KEY

# shellcheck source=hack/lib/fixture-db.sh
. hack/lib/fixture-db.sh
wall() { local s e; s=$(date +%s.%N); "$@" >/dev/null || return 1; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }'; }
peak_rss_mib() { awk '/Maximum resident set size/ { printf "%.0f", $6 / 1024 }' "$1"; }
fresh() { psql -Xq -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }

seed bench_small 1
seed bench_large "$scale"
dump_bytes=$(pg_dump -F p --no-owner --no-acl bench_large | wc -c)
echo "large dump: $((dump_bytes / 1024 / 1024)) MiB of SQL (scale $scale)" >&2

# Backup
base_backup=$(wall sh -c 'pg_dump -F p --no-owner --no-acl bench_large | gzip > /dev/null')
agent_backup=$(DB_NAME=bench_large wall /usr/bin/time -v -o "$work/backup.time" \
  "$JAVA_HOME/bin/java" "${agent_java_opts[@]}" -jar target/quarkus-app/quarkus-run.jar agent backup --local-dir "$work/large" --no-prune)
DB_NAME=bench_small /usr/bin/time -v -o "$work/small.time" \
  "$JAVA_HOME/bin/java" "${agent_java_opts[@]}" -jar target/quarkus-app/quarkus-run.jar agent backup --local-dir "$work/small" --no-prune >/dev/null

# Restore
pg_dump -F p --no-owner --no-acl bench_large | gzip > "$work/large.sql.gz"
fresh bench_restore_base
base_restore=$(wall sh -c "gunzip -c '$work/large.sql.gz' | psql -Xq -v ON_ERROR_STOP=1 --single-transaction -d bench_restore_base >/dev/null")
fresh bench_restore_agent
agent_restore=$(DB_NAME=bench_restore_agent wall /usr/bin/time -v -o "$work/restore.time" \
  "$JAVA_HOME/bin/java" "${agent_java_opts[@]}" -jar target/quarkus-app/quarkus-run.jar agent restore --local-dir "$work/large")
cmp <(psql -XAtq -d bench_large -f $fixture/fingerprint.sql) <(psql -XAtq -d bench_restore_agent -f $fixture/fingerprint.sql) \
  && echo "restored database matches the source fingerprint" >&2

# Off-site: the same large database to S3 (a real S3 server, versitygw) and to Drive (the fake that speaks Drive's
# protocol), both on loopback: what each protocol costs the agent, not the network's speed.
LOOMIO_S3_SERVER="$(hack/s3.sh)"
export LOOMIO_S3_SERVER
[ -d target/test-classes/dev/pistack/loomio/agent ] || ./mvnw -B -q test-compile
mkfifo "$work/servers.in"
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/quarkus-app/app/*:target/quarkus-app/lib/main/*" \
  dev.pistack.loomio.agent.OffsiteServers \
  < "$work/servers.in" > "$work/servers.env" &
exec 3> "$work/servers.in"
for _ in $(seq 100); do grep -q '^# ready' "$work/servers.env" 2>/dev/null && break; sleep 0.2; done
grep -q '^# ready' "$work/servers.env" || { echo "the S3 server and the fake Drive did not start" >&2; exit 1; }
# shellcheck disable=SC1091
. "$work/servers.env"
offsite() { # target (s3|drive), then the agent's arguments
  local target="$1" other=--no-s3; shift
  [ "$target" = s3 ] && other=--no-drive
  "$JAVA_HOME/bin/java" "${agent_java_opts[@]}" -jar target/quarkus-app/quarkus-run.jar agent "$@" \
    --staging-dir "$work/staging-$target" "$other"
}
s3_backup=$(DB_NAME=bench_large wall offsite s3 backup --no-prune)
drive_backup=$(DB_NAME=bench_large wall offsite drive backup --no-prune)
fresh bench_restore_s3
s3_restore=$(DB_NAME=bench_restore_s3 wall offsite s3 restore)
fresh bench_restore_drive
drive_restore=$(DB_NAME=bench_restore_drive wall offsite drive restore)
exec 3>&-
for db in bench_restore_s3 bench_restore_drive; do
  cmp <(psql -XAtq -d bench_large -f $fixture/fingerprint.sql) <(psql -XAtq -d $db -f $fixture/fingerprint.sql) \
    && echo "$db matches the source fingerprint" >&2
done

cat <<TABLE
| measure (dump of $((dump_bytes / 1024 / 1024)) MiB SQL, scale $scale) | baseline | agent | ratio | goal |
|---|---|---|---|---|
| backup wall time, s | $base_backup (pg_dump \| gzip > /dev/null) | $agent_backup | $(awk -v a="$agent_backup" -v b="$base_backup" 'BEGIN { printf "%.2fx", a / b }') | <= 1.15x |
| restore wall time, s | $base_restore (gunzip \| psql --single-transaction) | $agent_restore | $(awk -v a="$agent_restore" -v b="$base_restore" 'BEGIN { printf "%.2fx", a / b }') | <= 1.2x |
| agent peak RSS, MiB: small backup / large backup / large restore | | $(peak_rss_mib "$work/small.time") / $(peak_rss_mib "$work/backup.time") / $(peak_rss_mib "$work/restore.time") | | <= 128, flat |

| same database, off-site on loopback | S3 (versitygw) | Drive (fake) | local (above) |
|---|---|---|---|
| backup wall time, s | $s3_backup | $drive_backup | $agent_backup |
| restore wall time, s | $s3_restore | $drive_restore | $agent_restore |
TABLE
echo "JVM options: $AGENT_JAVA_OPTS" >&2
