#!/usr/bin/env bash
# A local PostgreSQL 15 for the backup agent's tests: Debian's postgresql-15 cluster "main" on 127.0.0.1:5432, with
# the password of role postgres set to $PGPASSWORD (default: postgres). Idempotent. Creates the cluster when it does
# not exist and starts it when it is stopped; installs nothing (.ci/run does: apt-get install postgresql-15).
set -euo pipefail
version=15
port=5432
password="${PGPASSWORD:-postgres}"
if [ ! -x /usr/lib/postgresql/$version/bin/postgres ] || ! command -v pg_lsclusters >/dev/null; then
  echo "PostgreSQL $version is not installed: apt-get install postgresql-$version (bash .ci/run does it)" >&2
  exit 1
fi
if ! pg_lsclusters -h | awk -v v=$version '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster --port $port $version main >/dev/null
fi
actual_port=$(pg_lsclusters -h | awk -v v=$version '$1 == v && $2 == "main" {print $3}')
if [ "$actual_port" != "$port" ]; then
  echo "cluster $version/main listens on port $actual_port, the tests expect $port: pg_dropcluster it or change its port" >&2
  exit 1
fi
pg_ctlcluster $version main start 2>/dev/null || true
for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 -p $port && break; sleep 0.5; done
pg_isready -h 127.0.0.1 -p $port >/dev/null || { echo "PostgreSQL $version/main did not start" >&2; exit 1; }
# Over the Unix socket as the postgres OS user (peer authentication): this works whether or not the role has a
# password yet. The caller's PG* variables would send psql over TCP with a password, so they are cleared.
printf "ALTER ROLE postgres PASSWORD '%s'\n" "${password//\'/\'\'}" |
  env -u PGHOST -u PGHOSTADDR -u PGPORT -u PGUSER -u PGPASSWORD -u PGDATABASE -u PGSERVICE \
    runuser -u postgres -- psql -q -X -p $port -d postgres -v ON_ERROR_STOP=1 >/dev/null
echo "postgres ready: PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGPASSWORD=<set from \$PGPASSWORD>"
