#!/usr/bin/env bash
# What a recovery point of minutes costs: the agent's scheduled run on a real PostgreSQL, for the Loomio fixture
# (scale 1) and a database of about 100 MB (scale 32), measured three times each (median):
#   skipped: the database unchanged since the last backup (agent backup --skip-unchanged-since TOKEN)
#   stored:  one row changed since (every run of a written-to instance stores a whole backup)
# and, from those, the CPU seconds and bytes stored per hour for an idle instance, one with a write a minute and one
# with continuous writes, at backups every 5 minutes and hourly. Bytes stored are what each run uploads to every
# off-site target (the encrypted backup); the uploads volume is left out (its files go incrementally, once).
#
#   hack/bench-rpo.sh            (the seeded databases are kept for later runs)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(hack/java-home.sh)"
export JAVA_HOME
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGPASSWORD="${PGPASSWORD:-postgres}"
hack/postgres.sh >/dev/null
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }
[ -f target/quarkus-app/quarkus-run.jar ] || hack/build-jar.sh
# The agent's JVM options in the backup pods (BackupAgent.JAVA_OPTIONS).
AGENT_JAVA_OPTS="${AGENT_JAVA_OPTS:--XX:+UseSerialGC -Xmx96m -Xss512k -XX:TieredStopAtLevel=1 -XX:-UsePerfData}"
read -r -a agent_java_opts <<< "$AGENT_JAVA_OPTS"
fixture=../shared/testdata/loomio-fixture
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-rpo.XXXX")
trap 'rm -rf "$work"' EXIT
BACKUP_ENCRYPTION_KEY="$("$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar agent keygen)"
export BACKUP_ENCRYPTION_KEY

# shellcheck source=hack/lib/fixture-db.sh
. hack/lib/fixture-db.sh

# One agent run: prints "<cpu seconds> <wall seconds> <bytes stored> <status> <change token>".
run() { # db, then extra agent arguments
  local db="$1"; shift
  DB_NAME="$db" /usr/bin/time -f '%U %S %e' -o "$work/time" \
    "$JAVA_HOME/bin/java" "${agent_java_opts[@]}" -jar target/quarkus-app/quarkus-run.jar agent backup \
    --local-dir "$work/$db" --no-prune --summary-file "$work/summary" "$@" >/dev/null
  python3 - "$work/time" "$work/summary" <<'PY'
import json, sys
user, system, wall = open(sys.argv[1]).read().split()[-3:]
s = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])
print("%.2f %.2f %d %s %s" % (float(user) + float(system), float(wall), s.get("bytesOut", 0), s["status"],
                              s.get("changeToken", "-")))
PY
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

seed bench_small 1
seed bench_100mb 32
printf '| database | size | run | CPU s (median of 3) | wall s | bytes stored |\n|---|---|---|---|---|---|\n' > "$work/runs.md"
printf '| database | writes | schedule | runs that store / h | CPU s / h | MiB stored / h |\n|---|---|---|---|---|---|\n' > "$work/hour.md"
for db in bench_small bench_100mb; do
  size=$(psql -XAtq -c "SELECT pg_size_pretty(pg_database_size('$db'))")
  : > "$work/stored"; : > "$work/skipped"
  for _ in 1 2 3; do
    # A write since the last backup: the run stores a whole backup.
    psql -Xq -d "$db" -c "UPDATE groups SET updated_at = now() WHERE id = (SELECT min(id) FROM groups)"
    read -r cpu wall bytes status token < <(run "$db")
    [ "$status" = ok ] || { echo "the backup of $db failed" >&2; exit 1; }
    echo "$cpu $wall $bytes" >> "$work/stored"
    # Nothing written since (the session that wrote has ended, so its counts are in the statistics).
    read -r cpu wall bytes status _ < <(run "$db" --skip-unchanged-since "$token")
    [ "$status" = skipped ] || { echo "an unchanged $db was not skipped ($status)" >&2; exit 1; }
    echo "$cpu $wall $bytes" >> "$work/skipped"
  done
  for kind in stored skipped; do
    cpu=$(cut -d' ' -f1 "$work/$kind" | median); wall=$(cut -d' ' -f2 "$work/$kind" | median)
    bytes=$(cut -d' ' -f3 "$work/$kind" | median)
    echo "| $db | $size | $kind | $cpu | $wall | $bytes |" >> "$work/runs.md"
    eval "${kind}_cpu=$cpu ${kind}_bytes=$bytes"
  done
  # shellcheck disable=SC2154 # set by the eval above
  awk -v db="$db" -v sc="$stored_cpu" -v sb="$stored_bytes" -v kc="$skipped_cpu" 'BEGIN {
    split("idle|one a minute|continuous", load, "|")
    for (l = 1; l <= 3; l++) for (s = 1; s <= 2; s++) {
      runs = (s == 1) ? 12 : 1; name = (s == 1) ? "every 5 min" : "hourly"
      storing = (l == 1) ? 0 : runs
      printf "| %s | %s | %s | %d | %.1f | %.1f |\n", db, load[l], name, storing,
        storing * sc + (runs - storing) * kc, storing * sb / 1048576
    }
  }' >> "$work/hour.md"
done
cat "$work/runs.md"; echo; cat "$work/hour.md"
