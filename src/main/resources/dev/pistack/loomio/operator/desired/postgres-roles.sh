#!/bin/sh
# The last init container of the Postgres pod, run with spec.postgres.image at every start: the database's roles,
# owner, extensions and client authentication, whatever PGDATA holds (restored just now, kept on a development PVC,
# or nothing yet, in which case it initializes it as the image's entrypoint would).
#
# Roles: postgres, the superuser, logs in over this pod's Unix socket only; loomio owns the Loomio database and every
# object in it (Loomio, its migrations and the backups connect as loomio); loomio_monitor has pg_monitor, for the
# operator's memory sampler. A database restored or kept from an earlier version, where postgres owned everything,
# is handed to loomio here.
#
# Environment: PGDATA, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB (the server container's), DATA (the volume),
# LOOMIO_DATABASE_PASSWORD, MONITOR_DATABASE_PASSWORD. Passwords reach psql on its standard input (a here-document
# of this shell), never on a command line; the temporary server logs no statement, not even a failing one.
# Errors quote psql by SQLSTATE only (VERBOSITY=sqlstate).
set -eu
umask 077

work="$DATA/.roles"
socket="$work/socket"

fail() {
  pg_ctl -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
  printf 'database roles: %s\n' "$1" >&2
  rm -rf "$work"
  exit 1
}

rm -rf "$work"
mkdir -p "$socket"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  # Nothing restored: a new database. Built aside and renamed into place, so a killed run leaves no PGDATA.
  printf '%s\n' "$POSTGRES_PASSWORD" > "$work/pwfile"
  initdb -D "$work/pgdata" --username="$POSTGRES_USER" --pwfile="$work/pwfile" > "$work/initdb.log" 2>&1 \
    || { rm -f "$work/pwfile"; fail "initdb failed: $(tail -n 3 "$work/initdb.log")"; }
  rm -f "$work/pwfile"
  rm -rf "$PGDATA"
  mv "$work/pgdata" "$PGDATA"
fi

# Rewritten at every start, so an earlier version's "host all all all" cannot outlive an upgrade. The superuser's
# password stays set (the image expects one) but no network login can use it.
cat > "$PGDATA/pg_hba.conf" <<'EOF'
# Written by the loomio-operator's database-roles init container at every start; edits are overwritten.
local all all                trust
host  all postgres all       reject
host  all all      all       scram-sha-256
EOF

pg_ctl -D "$PGDATA" -w -t 120 -l "$work/server.log" \
  -o "-c listen_addresses= -c unix_socket_directories=$socket -c log_min_error_statement=panic -c log_statement=none -c shared_buffers=16MB" \
  start > /dev/null || fail "the temporary server did not start: $(tail -n 3 "$work/server.log")"

sql() {
  psql -X -q -h "$socket" -U "$POSTGRES_USER" -v ON_ERROR_STOP=1 -v VERBOSITY=sqlstate "$@"
}

# A password as an SQL string literal's body: quotes doubled. printf is the shell's own, so the password reaches sed
# on a pipe, not on a command line.
literal() {
  printf '%s' "$1" | sed "s/'/''/g"
}
loomio_password=$(literal "$LOOMIO_DATABASE_PASSWORD")
monitor_password=$(literal "$MONITOR_DATABASE_PASSWORD")

sql -d postgres -v db="$POSTGRES_DB" > /dev/null 2> "$work/psql.err" <<EOF || fail "creating the roles failed: $(tail -n 3 "$work/psql.err")"
SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY['loomio', 'loomio_monitor']) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE loomio WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD '$loomio_password';
ALTER ROLE loomio_monitor WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD '$monitor_password';
GRANT pg_monitor TO loomio_monitor;
SELECT format('CREATE DATABASE %I OWNER loomio', :'db')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"db" OWNER TO loomio;
EOF

# The extensions of Loomio's schema (loomio/loomio db/schema.rb, commit 1e91bf28, schema 2026_08_31): created here as
# the superuser because pg_stat_statements is not trusted, so Loomio's own "enable_extension" finds them present.
# Then every object of the database that postgres (or anyone but loomio) owns, extension members aside, goes to
# loomio; a table takes its indexes and owned sequences with it. The DO block is quoted $roles$, not with a bare pair
# of dollar signs: the kubelet turns that pair in a container's command into one (its escape for variable
# references), which PostgreSQL then refuses.
sql -d "$POSTGRES_DB" > /dev/null 2> "$work/psql.err" <<'EOF' || fail "handing the database to loomio failed: $(tail -n 3 "$work/psql.err")"
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS hstore;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
DO $roles$
DECLARE
  o record;
BEGIN
  FOR o IN
    SELECT c.oid::regclass AS name, c.relkind
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
       AND c.relowner <> 'loomio'::regrole
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                        AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO loomio',
      CASE o.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
        ELSE 'TABLE' END, o.name);
  END LOOP;
  -- Sequences no table owns (those a table owns moved with it).
  FOR o IN
    SELECT c.oid::regclass AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'S'
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
       AND c.relowner <> 'loomio'::regrole
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                        AND d.deptype IN ('e', 'a', 'i'))
  LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO loomio', o.name);
  END LOOP;
  FOR o IN
    SELECT t.oid::regtype AS name, t.typtype
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype IN ('e', 'd', 'r') AND t.typelem = 0
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
       AND t.typowner <> 'loomio'::regrole
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
                        AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO loomio', CASE o.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, o.name);
  END LOOP;
  FOR o IN
    SELECT p.oid::regprocedure AS name
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
       AND p.proowner <> 'loomio'::regrole
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                        AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO loomio', o.name);
  END LOOP;
END
$roles$;
EOF

pg_ctl -D "$PGDATA" -m fast -w stop > /dev/null || fail "the temporary server did not stop cleanly"
rm -rf "$work"
