# shellcheck shell=bash
# k3s' local-path provisioner is missing from the local cluster: a claim a page or a benchmark needs gets a hostPath
# PersistentVolume reserved for it (claimRef), under the cluster's state directory. Sourced by hack/test-readme.sh and
# hack/bench-operator-memory.sh; needs their kubectl function.

# hostpath_pv PV_NAME NAMESPACE CLAIM SIZE: an empty directory owned by the Postgres user (999, the images' uid), and
# the PersistentVolume on it, bound to NAMESPACE/CLAIM only.
hostpath_pv() {
  local pv="$1" namespace="$2" claim="$3" size="$4"
  local dir
  dir="$(hack/local-cluster.sh statedir)/volumes/$pv"
  rm -rf "$dir"
  mkdir -p "$dir"
  chown 999:999 "$dir"
  kubectl delete pv "$pv" --ignore-not-found >/dev/null
  kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: PersistentVolume
metadata: {name: $pv}
spec:
  capacity: {storage: $size}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  hostPath: {path: $dir, type: Directory}
  claimRef: {namespace: $namespace, name: $claim}
YAML
}
