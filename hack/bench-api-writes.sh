#!/usr/bin/env bash
# Counts the API writes at steady state, the writes k3s keeps in SQLite on a Pi's SD card: from the API server's
# audit log (hack/local-cluster.sh writes one: every create, update, patch and delete, no bodies), over a window
# after the demo's instance is up and has settled. The operator's own (user agent fabric8-kubernetes-client) by
# resource and verb, the rest by client, each also per hour.
#
#   hack/demo.sh                          # first: the cluster, the operator and one production instance
#   hack/bench-api-writes.sh [WINDOW_S]   # default 600 s of counting, after 120 s of settling (SETTLE_S)
set -euo pipefail
cd "$(dirname "$0")/.."
window="${1:-600}"
settle="${SETTLE_S:-120}"
state="${LOCAL_CLUSTER_STATE:-$HOME/.local/state/loomio-operator/cluster}"
audit="$state/audit.log"
KUBECONFIG="$(hack/local-cluster.sh kubeconfig)"
export KUBECONFIG
kubectl() { "$(hack/local-cluster.sh bindir)/kubectl" "$@"; }

[ -f "$audit" ] || { echo "no audit log at $audit: restart the cluster (hack/local-cluster.sh down; hack/demo.sh)" >&2; exit 1; }
if ! { [ -f "$state/operator.pid" ] && kill -0 "$(cat "$state/operator.pid")" 2>/dev/null; }; then
  echo "the demo's operator is not running: run hack/demo.sh first" >&2; exit 1
fi
kubectl wait loomioinstance --all --for=condition=DatabaseReady --timeout=300s >/dev/null
echo "settling ${settle} s, then counting writes for ${window} s" >&2
sleep "$settle"
from=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
sleep "$window"
to=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
python3 - "$from" "$to" "$window" "$audit" "$audit"-* <<'PY'
import collections, json, sys
start, end, window = sys.argv[1], sys.argv[2], float(sys.argv[3])
operator, others = collections.Counter(), collections.Counter()
for path in sys.argv[4:]:
    try:
        lines = open(path)
    except FileNotFoundError:
        continue
    for line in lines:
        e = json.loads(line)
        if not (start <= e["requestReceivedTimestamp"] < end):
            continue
        ref = e.get("objectRef", {})
        kind = ref.get("resource", "?") + ("/" + ref["subresource"] if ref.get("subresource") else "")
        agent = e.get("userAgent", "?")
        if agent.startswith("fabric8-kubernetes-client"):
            operator[(kind, e["verb"])] += 1
        else:
            others[agent.split(" ")[0].split("/")[0]] += 1
per_hour = 3600 / window
print(f"API writes in {window:.0f} s ({start} to {end}); per hour = count x {per_hour:.1f}")
print("\noperator (fabric8-kubernetes-client):")
for (kind, verb), n in sorted(operator.items(), key=lambda kv: -kv[1]):
    print(f"  {kind:<34} {verb:<7} {n:>5}   {n * per_hour:>7.0f}/h")
print(f"  {'total':<42} {sum(operator.values()):>5}   {sum(operator.values()) * per_hour:>7.0f}/h")
print("\nothers, by client:")
for agent, n in others.most_common():
    print(f"  {agent:<42} {n:>5}   {n * per_hour:>7.0f}/h")
PY
