#!/usr/bin/env bash
# The test command: unit, golden and integration tests. Integration tests run against the real control plane of
# hack/local-cluster.sh (started here if it is not running) and, for the backup agent, a local PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(hack/java-home.sh)"
hack/local-cluster.sh up
export KUBECONFIG="$(hack/local-cluster.sh kubeconfig)"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGPASSWORD="${PGPASSWORD:-postgres}"
hack/postgres.sh
exec ./mvnw -B verify "$@"
