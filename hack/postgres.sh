#!/usr/bin/env bash
# A local PostgreSQL 15 for the backup agent's tests: Debian's postgresql-15 cluster on 127.0.0.1:5432, with the
# password of role postgres set to $PGPASSWORD (default: postgres). Idempotent; installs the package if missing.
set -euo pipefail
version=15
password="${PGPASSWORD:-postgres}"
if [ ! -x /usr/lib/postgresql/$version/bin/postgres ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-$version >/dev/null
fi
if ! pg_lsclusters -h | awk -v v=$version '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster $version main >/dev/null
fi
pg_ctlcluster $version main start 2>/dev/null || true
for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
pg_isready -h 127.0.0.1 -p 5432 >/dev/null
runuser -u postgres -- psql -q -X -c "ALTER ROLE postgres PASSWORD '$password'" >/dev/null
echo "postgres ready: PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGPASSWORD=$password"
