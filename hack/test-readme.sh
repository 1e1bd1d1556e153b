#!/usr/bin/env bash
# Runs docs/install.md ("Install on k3s") as a newcomer would: every ```bash block of that page, as written, in
# order, in one shell, from the top of this clone, on a fresh local cluster with its node (hack/local-cluster.sh down,
# then up --with-node: a new "k3s"). A block preceded by a line starting with "<!-- not run by hack/test-readme.sh:"
# is listed with that reason and skipped (it needs what cannot exist here: a Google account, Loomio's images). Then
# checks what the section promises: the operator's Deployment available, Postgres and Redis Ready, the LoomioBackup
# Completed, the Postgres pod deleted and its data restored from that very backup. Then Argo CD's "Back up now" action
# (hack/argocd-health) on the live instance creates a LoomioBackup that completes, and the release that Helm 3
# installed is upgraded by Helm 4 (the step users take when they move to Helm 4).
#
#   hack/test-readme.sh           # hack/test.sh runs it last; needs root (the node) and hack/gitops-tools.sh's Helm
#
# What this cluster has that k3s has not, and the reverse, is bridged here and only here:
# - `k3s ctr …` is `ctr` on the node's containerd (hack/node.sh ctr); `sudo` runs the command (CI runs as root).
# - Docker Hub cannot be reached: the sample's postgres:17 and redis:7 are the test images built from Debian
#   trixie's postgresql-17 and bookworm's redis-server packages (hack/build-test-images.sh; they keep the official images'
#   contract), tagged with those names in the node's containerd.
# - k3s' helm-controller is missing: its CRDs (HelmChart, HelmChartConfig) are applied from k3s-io/helm-controller's own
#   definitions (hack/k3s-crds), so the section's HelmChartConfig is checked against the real schema; nothing acts on it.
# - k3s' local-path provisioner is missing: the sample's two claims get hostPath PersistentVolumes reserved for them.
# - HOME is a fresh directory (the section writes ~/loomio-backup.key), with ~/.m2 and ~/.cache linked to the real
#   ones so the build reuses what is cached.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGE=docs/install.md
log() { printf '[test-readme] %s\n' "$*" >&2; }
[ -n "${LOOMIO_GITOPS_TOOLS:-}" ] || LOOMIO_GITOPS_TOOLS="$(hack/gitops-tools.sh)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/blocks" "$work/bin" "$work/home"

# The page's blocks, one file each; a skipped block's reason in a file of its own.
awk -v dir="$work/blocks" '
  /^<!-- not run by hack\/test-readme.sh:/ { reason = $0; sub(/^<!-- not run by hack\/test-readme.sh: */, "", reason); sub(/ *-->$/, "", reason); next }
  /^```bash$/ { n++; file = sprintf("%s/%02d.sh", dir, n); if (reason != "") { print reason > (file ".skip") }; reason = ""; block = 1; next }
  block && /^```$/ { block = 0; close(file); next }
  block { print > file; next }
  /^```/ { reason = "" }
' "$PAGE"
blocks=("$work"/blocks/*.sh)
[ -e "${blocks[0]}" ] || { log "$PAGE has no \`\`\`bash blocks"; exit 1; }

# The shims standing in for k3s (see the header).
cat > "$work/bin/k3s" <<EOF
#!/usr/bin/env bash
case "\${1:-}" in
  ctr) shift; LOCAL_CLUSTER_STATE="$(hack/local-cluster.sh statedir)" exec "$PWD/hack/node.sh" ctr "\$@" ;;
  kubectl) shift; exec kubectl "\$@" ;;
  *) echo "k3s \$1: not provided by hack/test-readme.sh (only k3s ctr and k3s kubectl)" >&2; exit 1 ;;
esac
EOF
if ! command -v sudo >/dev/null; then
  printf '#!/usr/bin/env bash\nexec "$@"\n' > "$work/bin/sudo"
fi
ln -s "$(hack/local-cluster.sh bindir)/kubectl" "$work/bin/kubectl"
ln -s "$LOOMIO_GITOPS_TOOLS/helm3" "$work/bin/helm"
chmod +x "$work"/bin/*
for dir in .m2 .cache; do
  mkdir -p "$HOME/$dir"
  ln -s "$HOME/$dir" "$work/home/$dir"
done

log "a fresh cluster with its node"
hack/local-cluster.sh down >/dev/null 2>&1 || true
hack/local-cluster.sh up --with-node >/dev/null
KUBECONFIG="$(hack/local-cluster.sh kubeconfig)"
export KUBECONFIG
kubectl() { "$(hack/local-cluster.sh bindir)/kubectl" "$@"; }
"$LOOMIO_GITOPS_TOOLS/k3s-crds" | kubectl apply --server-side -f - >/dev/null
kubectl wait --for condition=Established --timeout=60s crd/helmchartconfigs.helm.cattle.io >/dev/null
hack/node.sh ctr images tag --force localhost/test/postgres:17 docker.io/library/postgres:17 >/dev/null
hack/node.sh ctr images tag --force localhost/test/redis:7 docker.io/library/redis:7 >/dev/null
# shellcheck source=hack/lib/hostpath-pv.sh
. hack/lib/hostpath-pv.sh
hostpath_pv readme-loomio-uploads default loomio-uploads 5Gi
hostpath_pv readme-loomio-backups default loomio-backups 4Gi

# The section, block by block, in one shell: what a block sets (a variable, the directory) holds for the next.
driver="$work/driver.sh"
# The driver's own lines are written unexpanded on purpose: single quotes.
# shellcheck disable=SC2016
{
  echo 'set -euo pipefail'
  for block in "${blocks[@]}"; do
    if [ -f "$block.skip" ]; then
      printf 'printf "\\n[test-readme] block %s not run: %%s\\n" %q >&2\n' "$(basename "$block" .sh)" "$(cat "$block.skip")"
      printf 'sed "s/^/  # /" %q >&2\n' "$block"
      continue
    fi
    printf 'printf "\\n[test-readme] block %s\\n" >&2\n' "$(basename "$block" .sh)"
    printf 'sed "s/^/  \\$ /" %q >&2\n' "$block"
    printf '_readme_start=$(date +%%s.%%N)\n'
    printf '. %q\n' "$block"
    printf 'awk -v s="$_readme_start" -v e="$(date +%%s.%%N)" %q >&2\n' 'BEGIN { printf "[test-readme] took %.1f s\n", e - s }'
  done
} > "$driver"
log "running $PAGE: ${#blocks[@]} blocks"
env PATH="$work/bin:$PATH" HOME="$work/home" KUBECONFIG="$KUBECONFIG" bash "$driver"

# What the section promises, checked on the cluster.
fail() { log "FAILED: $*"; exit 1; }
condition() {
  kubectl get loomioinstance loomio -o jsonpath="{.status.conditions[?(@.type==\"$1\")].status}"
}
kubectl -n loomio-operator get deployment loomio-operator -o jsonpath='{.status.availableReplicas}' | grep -qx 1 \
  || fail "the operator's Deployment is not available"
kubectl -n kube-system get helmchartconfig traefik -o jsonpath='{.spec.valuesContent}' \
  | grep -q 'externalTrafficPolicy: Local' || fail "the HelmChartConfig for k3s' Traefik was not applied"
[ "$(condition DatabaseReady)" = True ] || fail "DatabaseReady is not True"
[ "$(condition RedisReady)" = True ] || fail "RedisReady is not True"
backup=$(kubectl get loomiobackup loomio-before-upgrade -o jsonpath='{.status.phase} {.status.backupName}')
[ "${backup%% *}" = Completed ] || fail "the LoomioBackup is $backup, not Completed"
file=${backup#* }
restored=$(kubectl get loomioinstance loomio -o jsonpath='{.status.restore.backup}')
[ "$restored" = "$file" ] || fail "the restarted Postgres restored '$restored', not the backup just taken ($file)"
grep -qE '^[A-Za-z0-9_-]{43}=$' "$work/home/loomio-backup.key" || fail "the key file ~/loomio-backup.key (HOME=$work/home) holds no Fernet key"
kubectl get secret loomio-backup -o jsonpath='{.data.BACKUP_ENCRYPTION_KEY}' | base64 -d \
  | cmp -s - <(tr -d '\n' < "$work/home/loomio-backup.key") || fail "the Secret does not hold ~/loomio-backup.key"
log "checked: a Fernet key in ~/loomio-backup.key and the Secret, Traefik's HelmChartConfig, operator available, DatabaseReady and RedisReady True, backup $file Completed and restored after the restart"

# Argo CD's "Back up now" on this live instance (argo-cd's own Lua code, hack/argocd-health): the LoomioBackup it
# creates, named after the current UTC time as Argo CD would name it, runs.
kubectl get loomioinstance loomio -o yaml > "$work/loomio.yaml"
"$LOOMIO_GITOPS_TOOLS/argocd-health" resources deploy/argocd/resource_customizations backup-now "$work/loomio.yaml" \
  > "$work/argocd-backup.yaml"
argocd_backup=$(kubectl create -f "$work/argocd-backup.yaml" -o jsonpath='{.metadata.name}')
named=${argocd_backup#loomio-argocd-}
named_at=$(date -u -d "${named:0:8} ${named:8:2}:${named:10:2}:${named:12:2}" +%s 2>/dev/null) || named_at=0
(( ${#named} == 14 && $(date -u +%s) - named_at < 600 )) \
  || fail "Argo CD's backup-now named its LoomioBackup '$argocd_backup', not loomio-argocd-<UTC time, YYYYMMDDHHMMSS>"
kubectl wait --for=jsonpath='{.status.phase}'=Completed "loomiobackup/$argocd_backup" --timeout=5m >/dev/null \
  || fail "the LoomioBackup of Argo CD's backup-now action did not complete"
log "checked: Argo CD's backup-now action on the live instance → LoomioBackup $argocd_backup Completed"

# Helm 3 installed the release; Helm 4 takes it over.
old_pod=$(kubectl -n loomio-operator get pods -l app.kubernetes.io/name=loomio-operator -o jsonpath='{.items[0].metadata.name}')
"$LOOMIO_GITOPS_TOOLS/helm4" upgrade loomio-operator charts/loomio-operator -n loomio-operator --reuse-values \
  --set logLevel=DEBUG --wait --timeout 5m >/dev/null
kubectl -n loomio-operator rollout status deployment/loomio-operator --timeout=5m >/dev/null
kubectl -n loomio-operator wait --for=delete "pod/$old_pod" --timeout=2m >/dev/null
"$LOOMIO_GITOPS_TOOLS/helm4" status loomio-operator -n loomio-operator -o json | grep -q '"version":2' \
  || fail "Helm 4's upgrade did not make revision 2"
new_pod=$(kubectl -n loomio-operator get pods -l app.kubernetes.io/name=loomio-operator \
  --field-selector=status.phase=Running -o jsonpath='{.items[*].metadata.name}')
if [ -z "$new_pod" ] || [ "$new_pod" = "$old_pod" ]; then
  fail "Helm 4's upgrade did not roll the operator ($old_pod → $new_pod)"
fi
kubectl -n loomio-operator get deployment loomio-operator -o jsonpath='{.spec.template.spec.containers[0].env}' \
  | grep -q DEBUG || fail "the upgraded Deployment does not have logLevel DEBUG"
for crd in loomioinstances loomiobackups loomiorestores; do
  applied=$(kubectl get crd "$crd.loomio.pistack.dev" -o jsonpath='{.metadata.managedFields[?(@.operation=="Apply")].manager}')
  [ -z "$applied" ] || fail "Helm 4's upgrade applied the CRD $crd (managers: $applied); the chart's README says it does not"
done
log "checked: Helm 4 upgraded the Helm 3 release (revision 2, operator $old_pod → $new_pod), CRDs untouched"
