#!/bin/sh
# Entrypoint of the TEST images localhost/test/postgres:15 and :17 (hack/build-test-images.sh), not a product: it keeps
# the part of the official postgres image's docker-entrypoint.sh contract that the operator relies on, for Debian's
# postgresql-15 and -17 (their binaries on PATH). An empty $PGDATA is initialised with $POSTGRES_USER / $POSTGRES_PASSWORD (scram-sha-256 over TCP)
# and $POSTGRES_DB is created; arguments starting with '-' are passed to postgres; anything else is executed.
set -eu
if [ "${1#-}" != "${1:-}" ] || [ $# -eq 0 ]; then
  set -- postgres "$@"
fi
if [ "$1" != postgres ]; then
  exec "$@"
fi
shift
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
mkdir -p "$PGDATA"
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "POSTGRES_PASSWORD is not set: the database would be open to anyone who reaches it" >&2
    exit 1
  fi
  # Initialised in a staging directory and renamed into place only when complete, so a failure half-way leaves no
  # PGDATA that a restart would take for a finished one.
  staging="$PGDATA.init"
  rm -rf "$staging"
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb -D "$staging" -U "$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 > /dev/null
  rm -f "$pwfile"
  printf 'host all all all scram-sha-256\n' >> "$staging/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    # A socket-only server, as the official entrypoint does, so nobody connects before the database exists.
    pg_ctl -D "$staging" -o "-c listen_addresses='' -k /tmp" -w start > /dev/null
    echo 'CREATE DATABASE :"db"' | psql -X -q -v ON_ERROR_STOP=1 -h /tmp -U "$POSTGRES_USER" -d postgres \
      -v db="$POSTGRES_DB"
    pg_ctl -D "$staging" -m fast -w stop > /dev/null
  fi
  rmdir "$PGDATA"
  mv "$staging" "$PGDATA"
  echo "initialised $PGDATA"
fi
exec postgres -c listen_addresses='*' "$@"
