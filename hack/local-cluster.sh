#!/usr/bin/env bash
# A real Kubernetes control plane on loopback, built from the Go module proxy (no Docker, no binary downloads).
#
#   hack/local-cluster.sh build       build etcd, kube-apiserver, kube-controller-manager, kubectl once (cached under $HOME)
#   hack/local-cluster.sh up          build if needed, start all three on 127.0.0.1, write the kubeconfig (idempotent)
#   hack/local-cluster.sh up --with-node   the same, plus a node that runs pods (hack/node.sh: kube-scheduler,
#                                     containerd, kubelet, kube-proxy, CoreDNS, metrics-server, kube-router's
#                                     NetworkPolicy controller); needs root
#   hack/local-cluster.sh down        stop the node if any, the control plane, and delete the cluster's state
#   hack/local-cluster.sh status      say what runs
#   hack/local-cluster.sh kubeconfig  print the kubeconfig path (export KUBECONFIG=$(hack/local-cluster.sh kubeconfig))
#   hack/local-cluster.sh bindir      print the directory holding the binaries
#   hack/local-cluster.sh addon NAME  print the path of the node's add-on NAME (metrics-server, coredns, kube-router)
#
# Without --with-node there is no kubelet: Pods are created (StatefulSet -> Pod, CronJob -> Job work) but stay Pending.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-1.34.4}"
ETCD_VERSION="${ETCD_VERSION:-3.6.16}"
CACHE_DIR="${LOCAL_CLUSTER_CACHE:-$HOME/.cache/loomio-operator}"
BIN_DIR="$CACHE_DIR/bin/k8s-v$K8S_VERSION-etcd-v$ETCD_VERSION"
STATE_DIR="${LOCAL_CLUSTER_STATE:-$HOME/.local/state/loomio-operator/cluster}"
APISERVER_PORT="${LOCAL_CLUSTER_PORT:-16443}"
ETCD_PORT="${LOCAL_CLUSTER_ETCD_PORT:-23790}"
KUBECONFIG_FILE="$STATE_DIR/kubeconfig"

log() { printf '[local-cluster] %s\n' "$*" >&2; }

go_env() { env CGO_ENABLED=0 GOWORK=off GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOFLAGS=-buildvcs=false "$@"; }

build_etcd() {
  [ -x "$BIN_DIR/etcd" ] && return 0
  local src="$CACHE_DIR/src/etcd-v$ETCD_VERSION"
  mkdir -p "$src" "$BIN_DIR"
  cat > "$src/main.go" <<'GO'
// Wrapper so that etcd builds from the module proxy alone.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  printf 'module localcluster/etcd\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 v%s\n' "$ETCD_VERSION" > "$src/go.mod"
  log "building etcd v$ETCD_VERSION"
  (cd "$src" && go_env go mod tidy && go_env go build -trimpath -ldflags=-s -o "$BIN_DIR/etcd" .)
}

# Writes a wrapper module that requires k8s.io/kubernetes and points each staging module at its published v0.x release.
write_kubernetes_module() {
  local src="$1" minor
  minor="${K8S_VERSION#*.}"; minor="${minor%%.*}"
  mkdir -p "$src"
  local gomod
  gomod=$(cd "$src" && go_env go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  [ -f "$gomod" ] || { log "could not download k8s.io/kubernetes@v$K8S_VERSION"; exit 1; }
  {
    printf 'module localcluster/kubernetes\n\ngo 1.24\n\nrequire k8s.io/kubernetes v%s\n\nreplace (\n' "$K8S_VERSION"
    grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$gomod" | awk -v v="v0.$minor.${K8S_VERSION##*.}" '{print "\t" $1 " => " $1 " " v}'
    printf ')\n'
  } > "$src/go.mod"
  cat > "$src/tools.go" <<'GO'
//go:build tools

// Pins the commands this module builds, so that go mod tidy keeps their dependencies.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
GO
}

# Builds the named commands of k8s.io/kubernetes that are not cached yet.
build_kubernetes() {
  local missing=() cmd
  for cmd in "$@"; do [ -x "$BIN_DIR/$cmd" ] || missing+=("$cmd"); done
  [ ${#missing[@]} -gt 0 ] || return 0
  local src="$CACHE_DIR/src/kubernetes-v$K8S_VERSION" minor
  minor="${K8S_VERSION#*.}"; minor="${minor%%.*}"
  mkdir -p "$BIN_DIR"
  write_kubernetes_module "$src"
  log "building ${missing[*]} v$K8S_VERSION (a cold build takes 5-30 minutes)"
  local pkg=k8s.io/component-base/version
  local ldflags="-s -w -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  ldflags="$ldflags -X k8s.io/client-go/pkg/version.gitVersion=v$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor"
  (cd "$src" && go_env go mod tidy && \
    for cmd in "${missing[@]}"; do
      go_env go build -trimpath -ldflags="$ldflags" -o "$BIN_DIR/$cmd" "k8s.io/kubernetes/cmd/$cmd"
    done)
}

# Builds a command with `go install module/cmd@version` into its own cached directory (the node's add-ons).
addon_dir() { echo "$CACHE_DIR/bin/$1-$2"; }
build_go_command() {
  local name="$1" pkg="$2" version="$3" dir
  dir="$(addon_dir "$name" "$version")"
  [ -x "$dir/$name" ] && return 0
  mkdir -p "$dir"
  log "building $name $version (a cold build takes about 4 minutes)"
  (cd "$CACHE_DIR" && go_env GOBIN="$dir" go install -trimpath -ldflags="-s -w ${4:-}" "$pkg@$version")
}

METRICS_SERVER_VERSION="${METRICS_SERVER_VERSION:-v0.9.0}"
COREDNS_VERSION="${COREDNS_VERSION:-v1.12.1}"
# The NetworkPolicy controller k3s embeds. v2.1.0 is the only version the module proxy here serves; its reported flaw
# (GHSA-phqm-jgc3-qf8g: Service external IPs taken unchecked) is in the service proxy, which the node does not run
# (hack/node.sh starts the firewall alone).
KUBE_ROUTER_VERSION="${KUBE_ROUTER_VERSION:-v2.1.0}"
build_addons() {
  build_go_command metrics-server sigs.k8s.io/metrics-server/cmd/metrics-server "$METRICS_SERVER_VERSION" \
    "-X k8s.io/client-go/pkg/version.gitVersion=$METRICS_SERVER_VERSION"
  build_go_command coredns github.com/coredns/coredns "$COREDNS_VERSION"
  build_go_command kube-router github.com/cloudnativelabs/kube-router/v2/cmd/kube-router "$KUBE_ROUTER_VERSION" \
    "-X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$KUBE_ROUTER_VERSION"
}

CONTROL_PLANE=(kube-apiserver kube-controller-manager kubectl)
NODE=(kube-scheduler kubelet kube-proxy)
cmd_build() {
  build_etcd
  if [ "${1:-}" = --with-node ]; then
    build_kubernetes "${CONTROL_PLANE[@]}" "${NODE[@]}"
    build_addons
  else
    build_kubernetes "${CONTROL_PLANE[@]}"
  fi
  log "binaries in $BIN_DIR"
}

pki() {
  local d="$STATE_DIR/pki"
  [ -f "$d/admin.crt" ] && return 0
  mkdir -p "$d"
  (cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=local-cluster-ca" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
    # 10.96.0.1 is the kubernetes Service (the first address of the service range), 10.244.0.1 the node's bridge:
    # pods reach the API server through both.
    printf 'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,IP:10.244.0.1,DNS:localhost,DNS:kubernetes.default.svc\n' > apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 3650 -extfile apiserver.ext 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=admin" 2>/dev/null
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out admin.crt -days 3650 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null)
}

# The aggregation layer's front proxy: the API server presents this client certificate to extension API servers
# (metrics-server), which trust it through the requestheader flags below. A CA of its own, as Kubernetes requires.
front_proxy_pki() {
  local d="$STATE_DIR/pki"
  [ -f "$d/front-proxy-client.crt" ] && return 0
  (cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout front-proxy-ca.key -out front-proxy-ca.crt -days 3650 \
      -subj "/CN=front-proxy-ca" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout front-proxy-client.key -out front-proxy-client.csr \
      -subj "/CN=front-proxy-client" 2>/dev/null
    openssl x509 -req -in front-proxy-client.csr -CA front-proxy-ca.crt -CAkey front-proxy-ca.key -CAcreateserial \
      -out front-proxy-client.crt -days 3650 2>/dev/null)
}

write_kubeconfig() {
  local d="$STATE_DIR/pki"
  cat > "$KUBECONFIG_FILE" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(base64 -w0 < "$d/ca.crt")
users:
- name: admin
  user:
    client-certificate-data: $(base64 -w0 < "$d/admin.crt")
    client-key-data: $(base64 -w0 < "$d/admin.key")
contexts:
- name: local
  context: {cluster: local, user: admin, namespace: default}
current-context: local
YAML
}

# The API server's audit log records every write (who, what, which verb; no bodies) and nothing else:
# hack/bench-api-writes.sh counts the operator's writes from it, the writes that reach k3s' SQLite on a Pi's SD card.
write_audit_policy() {
  cat > "$STATE_DIR/audit-policy.yaml" <<YAML
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
  verbs: [create, update, patch, delete, deletecollection]
- level: None
YAML
}

PROC_DIR="$STATE_DIR"
# shellcheck source=hack/lib/processes.sh
. "$(dirname "$0")/lib/processes.sh"

cmd_up() {
  cmd_build "${1:-}"
  mkdir -p "$STATE_DIR"
  pki
  front_proxy_pki
  local d="$STATE_DIR/pki" bind=127.0.0.1 advertise=127.0.0.1
  if [ "${1:-}" = --with-node ]; then
    # Pods reach the API server at the node's bridge address, which must exist before the API server advertises it.
    advertise="$("$(dirname "$0")/node.sh" network)"
    bind=0.0.0.0
    if running kube-apiserver \
        && ! tr '\0' ' ' < "/proc/$(cat "$STATE_DIR/kube-apiserver.pid")/cmdline" | grep -q -- "--advertise-address $advertise"; then
      log "the control plane runs without a node: hack/local-cluster.sh down first"; exit 1
    fi
  fi
  write_audit_policy
  start etcd "$BIN_DIR/etcd" --name local --data-dir "$STATE_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 10))" --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT + 10))" \
    --initial-cluster "local=http://127.0.0.1:$((ETCD_PORT + 10))" --quota-backend-bytes 2147483648 --log-level warn
  start kube-apiserver "$BIN_DIR/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address "$bind" --advertise-address "$advertise" --secure-port "$APISERVER_PORT" \
    --tls-cert-file "$d/apiserver.crt" --tls-private-key-file "$d/apiserver.key" --client-ca-file "$d/ca.crt" \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$d/sa.pub" \
    --service-account-signing-key-file "$d/sa.key" --service-cluster-ip-range 10.96.0.0/16 \
    --authorization-mode Node,RBAC --allow-privileged=true \
    --kubelet-client-certificate "$d/admin.crt" --kubelet-client-key "$d/admin.key" \
    --kubelet-preferred-address-types InternalIP \
    --requestheader-client-ca-file "$d/front-proxy-ca.crt" --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "$d/front-proxy-client.crt" --proxy-client-key-file "$d/front-proxy-client.key" \
    --enable-aggregator-routing=true \
    --audit-policy-file "$STATE_DIR/audit-policy.yaml" --audit-log-path "$STATE_DIR/audit.log" \
    --audit-log-maxsize 20 --audit-log-maxbackup 1
  write_kubeconfig
  wait_for kube-apiserver 90 "$BIN_DIR/kubectl" --kubeconfig "$KUBECONFIG_FILE" get --raw /readyz
  start kube-controller-manager "$BIN_DIR/kube-controller-manager" --kubeconfig "$KUBECONFIG_FILE" --leader-elect=false --secure-port=0 \
    --controllers='*' --service-account-private-key-file "$d/sa.key" --root-ca-file "$d/ca.crt" \
    --use-service-account-credentials=false
  wait_for "default ServiceAccount" 60 "$BIN_DIR/kubectl" --kubeconfig "$KUBECONFIG_FILE" get serviceaccount default -n default
  if [ "${1:-}" = --with-node ]; then "$(dirname "$0")/node.sh" up; fi
  log "up: export KUBECONFIG=$KUBECONFIG_FILE"
}

cmd_down() {
  if [ -d "$STATE_DIR/node" ]; then "$(dirname "$0")/node.sh" down || log "the node did not stop cleanly: see above"; fi
  local name
  for name in kube-controller-manager kube-apiserver etcd; do stop "$name"; done
  rm -rf "$STATE_DIR"
  log "down"
}

cmd_status() {
  for name in etcd kube-apiserver kube-controller-manager; do
    if running "$name"; then echo "$name: running (pid $(cat "$STATE_DIR/$name.pid"))"; else echo "$name: stopped"; fi
  done
  if [ -d "$STATE_DIR/node" ]; then "$(dirname "$0")/node.sh" status; fi
}

case "${1:-}" in
  build) cmd_build "${2:-}" ;;
  up) cmd_up "${2:-}" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  kubeconfig) echo "$KUBECONFIG_FILE" ;;
  bindir) echo "$BIN_DIR" ;;
  addon)
    case "${2:-}" in
      metrics-server) echo "$(addon_dir metrics-server "$METRICS_SERVER_VERSION")/metrics-server" ;;
      kube-router) echo "$(addon_dir kube-router "$KUBE_ROUTER_VERSION")/kube-router" ;;
      coredns) echo "$(addon_dir coredns "$COREDNS_VERSION")/coredns" ;;
      *) log "addon metrics-server|coredns|kube-router"; exit 2 ;;
    esac ;;
  statedir) echo "$STATE_DIR" ;;
  *) sed -n '2,13p' "$0"; exit 2 ;;
esac
