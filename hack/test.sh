#!/usr/bin/env bash
# The test command: shellcheck, then unit, golden and integration tests. Integration tests run against the real
# control plane of hack/local-cluster.sh (started here if it is not running) and, for the backup agent, a local
# PostgreSQL. It installs nothing: it says what is missing (bash .ci/run installs it all).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v shellcheck >/dev/null || missing+=("shellcheck (apt-get install shellcheck)")
command -v openssl >/dev/null || missing+=("openssl (apt-get install openssl)")
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=("PostgreSQL 15 (apt-get install postgresql-15)")
python3 -c 'import cryptography' 2>/dev/null || missing+=("Python cryptography (python3 -m pip install cryptography)")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'missing: %s\n' "${missing[@]}" >&2
  exit 1
fi
shellcheck hack/*.sh .ci/run
JAVA_HOME="$(hack/java-home.sh)"
export JAVA_HOME
hack/local-cluster.sh up
KUBECONFIG="$(hack/local-cluster.sh kubeconfig)"
export KUBECONFIG
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGPASSWORD="${PGPASSWORD:-postgres}"
hack/postgres.sh
exec ./mvnw -B verify "$@"
