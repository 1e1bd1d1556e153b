# shellcheck shell=bash
# The Loomio fixture as a benchmark database, sourced by hack/bench-backup.sh and hack/bench-rpo.sh. The caller sets
# PG* to reach the server and fixture to ../shared/testdata/loomio-fixture.

# seed DB SCALE: the fixture seeded at that scale (200 users per scale), once: a database that has it is kept.
# shellcheck disable=SC2154 # fixture: the caller's
seed() {
  if [ "$(psql -XAtqc "SELECT 1 FROM pg_database WHERE datname = '$1'")" != 1 ] \
     || [ "$(psql -XAtq -d "$1" -c "SELECT count(*) FROM users" 2>/dev/null)" != "$((200 * $2))" ]; then
    psql -Xq -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
    psql -Xq -d "$1" -f "$fixture/schema.sql"
    echo "seeding $1 at scale $2 (once; kept for later runs)" >&2
    psql -Xq -d "$1" -v scale="$2" -f "$fixture/seed.sql" >/dev/null
    psql -Xq -d "$1" -c "VACUUM ANALYZE"
  fi
}
