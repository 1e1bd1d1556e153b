#!/bin/sh
# The second restore init container of the Postgres pod, run with spec.postgres.image (so initdb, the server and the
# collation are the ones that run afterwards). The first one (agent restore) left the newest authentic backup as
# $DATA/.restore/dump.sql.gz, or nothing when there is no backup, or stopped the pod when it could not decide.
#
# All or nothing: the database is built in a staging directory by a temporary server that listens on a Unix socket
# only, and renamed into place as PGDATA once the dump applied in one transaction and the server stopped cleanly.
# A run that fails or is killed leaves no PGDATA, so the image's entrypoint never takes a half-restored directory
# for an initialized one (docker-library/postgres#891), and the next run starts over.
#
# Environment: PGDATA, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB (the server container's), DATA (the volume).
# Its one-line JSON result goes to /dev/termination-log (TERMINATION_LOG, for tests), where the operator reads it.
# Errors quote psql by SQLSTATE only (VERBOSITY=sqlstate): the server's message and detail can quote the dump's rows,
# and the error reaches the instance's status and Events.
set -eu
umask 077

restore="$DATA/.restore"
dump="$restore/dump.sql.gz"
staging="$restore/pgdata"
socket="$restore/socket"

result() {
  printf '%s\n' "$1" > "${TERMINATION_LOG:-/dev/termination-log}"
  printf '%s\n' "$1"
}

# The error text without quotes and backslashes, so it fits in the JSON result as it is.
clean() {
  tr -d '"\134' | tr '\n\t' '  ' | cut -c1-400
}

# Every LOOMIO_PROGRESS_INTERVAL_SECONDS (5), a progress line (ProgressReport) on the output, which the operator
# reads: how far the gunzip feeding psql has read the compressed dump, from its file descriptor's position in /proc.
progress() {
  total=$(wc -c < "$dump")
  since=$(date +%s)
  while sleep "${LOOMIO_PROGRESS_INTERVAL_SECONDS:-5}"; do
    for fd in /proc/[0-9]*/fd/*; do
      [ "$(readlink "$fd" 2>/dev/null)" = "$dump" ] || continue
      pos=$(sed -n 's/^pos:[[:space:]]*//p' "$(printf '%s' "$fd" | sed 's#/fd/#/fdinfo/#')" 2>/dev/null)
      [ -n "$pos" ] || continue
      elapsed=$(( $(date +%s) - since ))
      [ "$elapsed" -gt 0 ] || elapsed=1
      printf '{"progress":"apply","doneBytes":%s,"totalBytes":%s,"bytesPerSecond":%s}\n' \
        "$pos" "$total" "$(( pos / elapsed ))"
      break
    done
  done
}
reporter=

fail() {
  [ -z "$reporter" ] || kill "$reporter" 2>/dev/null || true
  pg_ctl -D "$staging" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$staging" "$socket" "$restore/pwfile"
  result "{\"action\":\"apply\",\"status\":\"failed\",\"error\":\"$(printf '%s' "$1" | clean)\"}"
  exit 1
}

if [ -s "$PGDATA/PG_VERSION" ]; then
  rm -rf "$restore"
  result '{"action":"apply","status":"skipped"}'
  exit 0
fi
if [ ! -f "$dump" ]; then
  rm -rf "$restore"
  result '{"action":"apply","status":"none"}'
  exit 0
fi

start=$(date +%s)
rm -rf "$staging" "$socket" "$PGDATA"
mkdir -p "$socket"
# As the image's entrypoint initializes an empty PGDATA: the superuser with its password. Roles, ownership and
# client authentication are the database-roles init container's (postgres-roles.sh), which runs next.
printf '%s\n' "$POSTGRES_PASSWORD" > "$restore/pwfile"
initdb -D "$staging" --username="$POSTGRES_USER" --pwfile="$restore/pwfile" > "$restore/initdb.log" 2>&1 \
  || fail "initdb failed: $(tail -n 3 "$restore/initdb.log")"
rm -f "$restore/pwfile"

# The RAM-mode settings: nothing here needs crash safety, the staging directory is thrown away on any failure.
pg_ctl -D "$staging" -w -t 120 -l "$restore/server.log" \
  -o "-c listen_addresses= -c unix_socket_directories=$socket -c fsync=off -c full_page_writes=off -c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=64MB -c shared_buffers=32MB -c maintenance_work_mem=32MB" \
  start > /dev/null || fail "the temporary server did not start: $(tail -n 3 "$restore/server.log")"
if [ "$POSTGRES_DB" != postgres ]; then
  psql -X -q -h "$socket" -U "$POSTGRES_USER" -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE \"$POSTGRES_DB\"" > /dev/null 2> "$restore/psql.err" \
    || fail "creating database $POSTGRES_DB failed: $(tail -n 3 "$restore/psql.err")"
fi
progress &
reporter=$!
# psql commits what it read when its input ends, so a gunzip that fails feeds it a failing statement instead.
{ gunzip -c "$dump" || echo "SELECT 1/0 AS gunzip_failed;"; } \
  | psql -X -q -h "$socket" -U "$POSTGRES_USER" -d "$POSTGRES_DB" --single-transaction -v ON_ERROR_STOP=1 \
    -v VERBOSITY=sqlstate > /dev/null 2> "$restore/psql.err" || {
    if grep -q "No space left on device" "$restore/psql.err" "$restore/server.log" 2>/dev/null; then
      fail "the backup does not fit postgres.dataSize: the database and its compressed dump need more room than the data volume has (No space left on device). Raise spec.postgres.dataSize"
    fi
    fail "applying the dump failed: $(tail -n 3 "$restore/psql.err")"
  }
kill "$reporter" 2>/dev/null || true
reporter=
pg_ctl -D "$staging" -m fast -w stop > /dev/null || fail "the temporary server did not stop cleanly"
# The rename is the commit; the dump goes only afterwards, so a kill in between finds either no PGDATA and the dump
# (and starts over) or PGDATA (and skips).
mv "$staging" "$PGDATA"
rm -rf "$restore"
result "{\"action\":\"apply\",\"status\":\"restored\",\"durationSeconds\":$(( $(date +%s) - start ))}"
