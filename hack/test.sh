#!/usr/bin/env bash
# The test command: shellcheck, the alert rules, the Helm chart and the GitOps health checks, then unit, golden and
# integration tests, then end-to-end tests. Integration tests
# (*IT) run against the real control plane of hack/local-cluster.sh and, for the backup agent and the memory
# sampler, a local PostgreSQL and Redis; end-to-end tests (*E2E) on its real node (hack/node.sh). The cluster is started here with its node if it is not
# running; the node is cordoned while the integration tests run, because some of them still stand in for a kubelet
# on pods that must stay unscheduled. It installs nothing: it says what is missing (bash .ci/run installs it all).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v shellcheck >/dev/null || missing+=("shellcheck (apt-get install shellcheck)")
command -v openssl >/dev/null || missing+=("openssl (apt-get install openssl)")
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=("PostgreSQL 15 (apt-get install postgresql-15)")
command -v redis-server >/dev/null || missing+=("redis-server (apt-get install redis-server)")
python3 -c 'import cryptography' 2>/dev/null || missing+=("Python cryptography (python3 -m pip install cryptography)")
for tool in containerd runc iptables conntrack curl mmdebstrap umoci skopeo; do
  command -v "$tool" >/dev/null || missing+=("$tool (apt-get install containerd runc containernetworking-plugins iptables conntrack curl mmdebstrap umoci skopeo)")
done
if [ ${#missing[@]} -gt 0 ]; then
  printf 'missing: %s\n' "${missing[@]}" >&2
  exit 1
fi
# Each phase's wall time, so CI's output shows where the time goes (the tests' own: hack/test-durations.sh).
phase_start=$SECONDS
phase() { echo "[phase] $1: $((SECONDS - phase_start)) s" >&2; phase_start=$SECONDS; }
shellcheck -x hack/*.sh hack/lib/*.sh hack/images/*.sh .ci/run src/main/resources/dev/pistack/loomio/operator/desired/*.sh \
  plugin/kubectl-loomio
# The kubectl plugin's archive and krew manifest, installed by krew itself (KubectlPluginE2E runs the plugin).
hack/plugin-archive.sh --check >/dev/null
# The alert rules, by Prometheus' promtool (built once per machine).
hack/test-alerts.sh
# The API reference in docs/ is generated from crds/: stale, it fails here.
hack/api-docs.sh --check
# The Grafana dashboard: regenerated equal to the committed one, linted (Grafana's schema, Prometheus' PromQL parser).
hack/dashboard.sh --check
# The release workflow (it runs only on the forge; here it is linted, and its local steps dry-run below).
hack/actionlint.sh
phase "shellcheck, plugin archive, alert rules, API reference, dashboard, workflows"
JAVA_HOME="$(hack/java-home.sh)"
export JAVA_HOME
hack/local-cluster.sh up --with-node
KUBECONFIG="$(hack/local-cluster.sh kubeconfig)"
export KUBECONFIG
kubectl() { "$(hack/local-cluster.sh bindir)/kubectl" "$@"; }
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGPASSWORD="${PGPASSWORD:-postgres}"
hack/postgres.sh
export REDIS_PORT="${REDIS_PORT:-6390}"
hack/redis.sh
# The S3 target's tests start this real S3 server themselves (S3Server), each on a port of its own.
LOOMIO_S3_SERVER="$(hack/s3.sh)"
export LOOMIO_S3_SERVER
# The alarm e-mail tests start this real SMTP server themselves (MailServer), each on ports of its own.
LOOMIO_MAILPIT="$(hack/mailpit.sh)"
export LOOMIO_MAILPIT
phase "cluster with its node, PostgreSQL, Redis, the S3 and SMTP servers"
# The chart (helm lint with Helm 3 and 4, the schema, helm-unittest, a server-side dry run) and the Argo CD health
# tests; the GitOps tools also check live objects in the tests below (GitOpsStatus).
LOOMIO_GITOPS_TOOLS="$(hack/gitops-tools.sh)"
export LOOMIO_GITOPS_TOOLS
hack/test-chart.sh
phase "GitOps tools, chart tests"
kubectl cordon loomio-node >/dev/null
# Uncordoned however this ends, so a failed or interrupted run leaves a node that schedules pods.
trap 'kubectl uncordon loomio-node >/dev/null 2>&1 || true' EXIT
./mvnw -B verify "$@" || { hack/test-durations.sh failsafe; exit 1; }
phase "build, unit, golden and integration tests (mvn verify)"
hack/test-durations.sh failsafe 15
# The operator's own image, from the jar just built, for the end-to-end test that runs it in a pod.
hack/build-image.sh >/dev/null
hack/node.sh import 2>/dev/null
kubectl uncordon loomio-node >/dev/null
phase "operator image, imported into the node"
# The release's artifacts from that image, as .github/workflows/release.yml makes them before pushing: the OCI layout
# with the image index, the chart packaged with the published image as its default, the notes from CHANGELOG.md.
hack/release.sh
phase "release dry run (hack/release.sh)"
# The foundation first: when the node cannot run a production data tier, every other end-to-end test would time out
# in turn; SmokeE2E says why (the pods' states, the Warning Events) and the run stops there.
if ! ./mvnw -B failsafe:integration-test failsafe:verify -Dit.test='SmokeE2E' "$@"; then
  echo "hack/test.sh: SmokeE2E failed: the node does not run a production data tier (see its message above);" \
    "the other end-to-end tests were not run" >&2
  exit 1
fi
phase "SmokeE2E"
# The rest concurrently (EndToEnd: each test in its own namespaces, classes that touch the whole node alone), with
# one operator process for them all (OperatorProcess, its log in target/e2e-operator.log).
./mvnw -B failsafe:integration-test failsafe:verify -Dit.test='*E2E,!SmokeE2E' -De2e.concurrent=true "$@" \
  || { hack/test-durations.sh failsafe; exit 1; }
phase "end-to-end tests"
hack/test-durations.sh failsafe
# docs/install.md ("Install on k3s"), run as written on a fresh cluster (a new "k3s"), then Helm 3 → Helm 4.
hack/test-readme.sh
phase "docs/install.md (hack/test-readme.sh)"
