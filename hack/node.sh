#!/usr/bin/env bash
# A node for the local control plane of hack/local-cluster.sh, so that pods really run: kube-scheduler, containerd +
# runc + CNI (Debian's packages) with a configuration, root, state and socket of their own, kubelet, kube-proxy
# (iptables), CoreDNS and metrics-server (kube-dns Service, v1beta1.metrics.k8s.io APIService), kube-router's
# NetworkPolicy controller (the one k3s embeds: iptables and ipsets), all on loopback and a bridge of their own. Needs root. One node per machine: it refuses to start while another kubelet or kube-proxy runs,
# and removes the chains, network namespaces and bridge a killed node left behind.
#
#   hack/node.sh up       start it (hack/local-cluster.sh up --with-node calls this) and wait until the node is Ready
#   hack/node.sh down     stop everything by PID; remove mounts, network namespaces, the bridge, iptables chains,
#                         ipsets, cgroups; restore net.ipv4.ip_forward and net.bridge.bridge-nf-call-iptables
#                         (hack/local-cluster.sh down calls this)
#   hack/node.sh status   say what runs
#   hack/node.sh import   import the test images and target/image/loomio-operator-*-amd64.tar into a running node
#   hack/node.sh network  create the node's bridge and print its address (hack/local-cluster.sh up --with-node
#                         calls it before the API server starts, so that the API server advertises it to pods)
#   hack/node.sh ctr ARGS ctr on the node's containerd, namespace k8s.io (what `k3s ctr` is on k3s)
#
# The node's address is the bridge's own gateway address ($NODE_IP): this machine has no dummy interfaces, and the
# bridge must exist before the kubelet registers. Images cannot be pulled here: hack/build-test-images.sh builds them
# and `up` imports them into the node's containerd (reference them with imagePullPolicy IfNotPresent or Never).
set -euo pipefail
cd "$(dirname "$0")/.."

STATE_DIR="$(hack/local-cluster.sh statedir)"
BIN_DIR="$(hack/local-cluster.sh bindir)"
KUBECONFIG_FILE="$(hack/local-cluster.sh kubeconfig)"
NODE_DIR="$STATE_DIR/node"
NODE_NAME="${LOCAL_NODE_NAME:-loomio-node}"
BRIDGE=loomio-cni0
POD_CIDR=10.244.0.0/24
NODE_IP=10.244.0.1
KUBELET_PORT="${LOCAL_NODE_KUBELET_PORT:-10250}"
KUBE_PROXY_METRICS_PORT=10249
KUBE_PROXY_HEALTHZ_PORT=10256
SOCK="$NODE_DIR/containerd/containerd.sock"
CLUSTER_DNS=10.96.0.10
METRICS_PORT=4443
COREDNS_READY_PORT=18181
KUBE_ROUTER_HEALTH_PORT=20244
SERVICE_CIDR=10.96.0.0/16
COMPONENTS=(kube-proxy kubelet containerd kube-scheduler coredns metrics-server kube-router)

log() { printf '[node] %s\n' "$*" >&2; }
PROC_DIR="$NODE_DIR"
# shellcheck source=hack/lib/processes.sh
. hack/lib/processes.sh
kubectl() { "$BIN_DIR/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
ctr() { command ctr --address "$SOCK" --namespace k8s.io "$@"; }


check_host() {
  [ "$(id -u)" = 0 ] || { log "needs root (containerd, kubelet, iptables)"; exit 1; }
  local tool
  for tool in containerd runc ctr iptables conntrack curl ip ipset; do
    command -v "$tool" >/dev/null || { log "missing $tool: apt-get install containerd runc containernetworking-plugins iptables conntrack curl ipset"; exit 1; }
  done
  [ -f /proc/sys/net/bridge/bridge-nf-call-iptables ] || modprobe br_netfilter 2>/dev/null || true
  [ -f /proc/sys/net/bridge/bridge-nf-call-iptables ] || { log "no br_netfilter: NetworkPolicies need bridge-nf-call-iptables"; exit 1; }
  [ -x /usr/lib/cni/bridge ] || { log "missing CNI plugins: apt-get install containernetworking-plugins"; exit 1; }
  # grep reads all of iptables-save's output: with -q it would stop at the first match, and iptables-save's SIGPIPE
  # would fail the pipeline (pipefail) and hide the chains.
  if [ ! -d "$NODE_DIR" ] && iptables-save 2>/dev/null | grep '^:KUBE-' >/dev/null; then
    if pgrep -x kubelet >/dev/null || pgrep -x kube-proxy >/dev/null; then
      log "a kubelet or kube-proxy runs here (another Kubernetes node, or hack/node.sh with another state directory):" \
        "refusing to start a second one; stop it first (hack/local-cluster.sh down with its LOCAL_CLUSTER_STATE)"
      exit 1
    fi
    # A node whose processes were killed without `down` (a reboot, an ended session) leaves its chains, network
    # namespaces and bridge behind; nothing uses them any more, and its rules would misroute this node's Services.
    log "removing the iptables chains, network namespaces and bridge of a node that no longer runs"
    clean_stale_network
  fi
}

# Pod network namespaces (cni-*, named by containerd), the bridge, the KUBE-*/CNI-* iptables chains and kube-router's
# ipsets (KUBE-*; a set can go only once no rule refers to it).
clean_stale_network() {
  local ns set
  clean_iptables
  for set in $(ipset list -n 2>/dev/null | grep '^KUBE-' || true); do ipset destroy "$set" 2>/dev/null || true; done
  for ns in $(ip netns list 2>/dev/null | awk '/^cni-/ {print $1}'); do ip netns delete "$ns" 2>/dev/null || true; done
  ip link delete "$BRIDGE" 2>/dev/null || true
}

node_pki() {
  local ca="$STATE_DIR/pki" d="$NODE_DIR/pki"
  [ -f "$d/kubelet-client.crt" ] && return 0
  mkdir -p "$d"
  (cd "$d"
    openssl req -newkey rsa:2048 -nodes -keyout kubelet-client.key -out kubelet-client.csr \
      -subj "/O=system:nodes/CN=system:node:$NODE_NAME" 2>/dev/null
    openssl x509 -req -in kubelet-client.csr -CA "$ca/ca.crt" -CAkey "$ca/ca.key" -CAcreateserial \
      -out kubelet-client.crt -days 3650 2>/dev/null
    printf 'subjectAltName=IP:%s,DNS:%s\n' "$NODE_IP" "$NODE_NAME" > kubelet.ext
    openssl req -newkey rsa:2048 -nodes -keyout kubelet.key -out kubelet.csr -subj "/CN=$NODE_NAME" 2>/dev/null
    openssl x509 -req -in kubelet.csr -CA "$ca/ca.crt" -CAkey "$ca/ca.key" -CAcreateserial -out kubelet.crt \
      -days 3650 -extfile kubelet.ext 2>/dev/null
    # metrics-server's serving certificate, named as the APIService reaches it.
    printf 'subjectAltName=DNS:metrics-server.kube-system.svc,IP:%s\n' "$NODE_IP" > metrics-server.ext
    openssl req -newkey rsa:2048 -nodes -keyout metrics-server.key -out metrics-server.csr \
      -subj "/CN=metrics-server.kube-system.svc" 2>/dev/null
    openssl x509 -req -in metrics-server.csr -CA "$ca/ca.crt" -CAkey "$ca/ca.key" -CAcreateserial \
      -out metrics-server.crt -days 3650 -extfile metrics-server.ext 2>/dev/null)
  sed -e "s#client-certificate-data: .*#client-certificate-data: $(base64 -w0 < "$d/kubelet-client.crt")#" \
    -e "s#client-key-data: .*#client-key-data: $(base64 -w0 < "$d/kubelet-client.key")#" \
    "$KUBECONFIG_FILE" > "$NODE_DIR/kubelet.kubeconfig"
}

network() {
  mkdir -p "$NODE_DIR"
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$NODE_IP/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  [ -f "$NODE_DIR/ip_forward.saved" ] || sysctl -n net.ipv4.ip_forward > "$NODE_DIR/ip_forward.saved"
  sysctl -q -w net.ipv4.ip_forward=1
  # Pods on the node's bridge talk at layer 2: only with bridge-nf-call-iptables do their packets meet the
  # NetworkPolicy controller's rules (and kube-proxy's).
  [ -f "$NODE_DIR/bridge_nf.saved" ] || sysctl -n net.bridge.bridge-nf-call-iptables > "$NODE_DIR/bridge_nf.saved"
  sysctl -q -w net.bridge.bridge-nf-call-iptables=1
  mkdir -p "$NODE_DIR/cni/net.d"
  cat > "$NODE_DIR/cni/net.d/10-loomio.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "loomio",
  "plugins": [
    {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": true, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$NODE_IP"}]],
              "routes": [{"dst": "0.0.0.0/0"}], "dataDir": "$NODE_DIR/cni/ipam"}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
JSON
}

containerd_config() {
  mkdir -p "$NODE_DIR/containerd"
  # restrict_oom_score_adj: root here lacks CAP_SYS_RESOURCE, and runc fails every sandbox without it.
  # SystemdCgroup false: PID 1 is not systemd, the kubelet uses the cgroupfs driver.
  cat > "$NODE_DIR/containerd/config.toml" <<TOML
version = 2
root = "$NODE_DIR/containerd/root"
state = "$NODE_DIR/containerd/state"
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$NODE_DIR/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/test/pause:1"
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$NODE_DIR/cni/net.d"
TOML
}

kubelet_config() {
  cat > "$NODE_DIR/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# PID 1 is not systemd and the machine has cgroup v1, which v1.34 still runs when told to.
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix://$SOCK
address: $NODE_IP
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 0
tlsCertFile: $NODE_DIR/pki/kubelet.crt
tlsPrivateKeyFile: $NODE_DIR/pki/kubelet.key
# As on k3s: clients present a certificate of the cluster's CA (the API server, metrics-server) or a bearer token
# the API server vouches for (TokenReview), and the API server authorizes each request (SubjectAccessReview:
# /stats needs nodes/stats, /exec nodes/proxy), so the operator's opt-in kubelet-stats role is tested as users get it.
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true, cacheTTL: 30s}
  x509: {clientCAFile: $STATE_DIR/pki/ca.crt}
authorization: {mode: Webhook, webhook: {cacheAuthorizedTTL: 30s, cacheUnauthorizedTTL: 5s}}
podCIDR: $POD_CIDR
clusterDomain: cluster.local
clusterDNS: [$CLUSTER_DNS]
resolvConf: /etc/resolv.conf
podLogsDir: $NODE_DIR/pod-logs
# A test node on a shared disk: evict on memory, not on the disk the rest of the machine fills.
evictionHard: {memory.available: 100Mi, nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
imageGCHighThresholdPercent: 100
serializeImagePulls: false
# A test node retries failed containers within 5 s instead of backing off from 10 s up to 5 minutes (KEP-4603, alpha
# in v1.34): the restore init containers' retries that the end-to-end tests wait for come sooner. Only here: a Pi's
# k3s keeps the kubelet's default back-off, and the operator's behaviour does not depend on it.
featureGates: {KubeletCrashLoopBackOffMax: true}
crashLoopBackOff: {maxContainerRestartPeriod: 5s}
YAML
}

# CoreDNS and metrics-server run beside the kubelet as processes of the node, like kube-proxy (their images cannot be
# pulled here); Services of the conventional names in kube-system lead to them through EndpointSlices at the node's
# address: kube-dns (the kubelet's clusterDNS) and metrics-server (behind the v1beta1.metrics.k8s.io APIService).
coredns_config() {
  mkdir -p "$NODE_DIR/coredns"
  cat > "$NODE_DIR/coredns/Corefile" <<COREFILE
.:53 {
    bind $NODE_IP
    errors
    ready 127.0.0.1:$COREDNS_READY_PORT
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $KUBECONFIG_FILE local
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    forward . /etc/resolv.conf
    cache 30
}
COREFILE
}

addon_services() {
  local ca_bundle
  ca_bundle="$(base64 -w0 < "$STATE_DIR/pki/ca.crt")"
  kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  clusterIP: $CLUSTER_DNS
  ports:
  - {name: dns, port: 53, protocol: UDP, targetPort: 53}
  - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: kube-dns-node, namespace: kube-system, labels: {kubernetes.io/service-name: kube-dns}}
addressType: IPv4
endpoints: [{addresses: [$NODE_IP], conditions: {ready: true}, nodeName: $NODE_NAME}]
ports:
- {name: dns, port: 53, protocol: UDP}
- {name: dns-tcp, port: 53, protocol: TCP}
---
apiVersion: v1
kind: Service
metadata: {name: metrics-server, namespace: kube-system, labels: {k8s-app: metrics-server}}
spec:
  ports: [{name: https, port: 443, protocol: TCP, targetPort: $METRICS_PORT}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: metrics-server-node, namespace: kube-system, labels: {kubernetes.io/service-name: metrics-server}}
addressType: IPv4
endpoints: [{addresses: [$NODE_IP], conditions: {ready: true}, nodeName: $NODE_NAME}]
ports: [{name: https, port: $METRICS_PORT, protocol: TCP}]
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io, labels: {k8s-app: metrics-server}}
spec:
  group: metrics.k8s.io
  version: v1beta1
  service: {name: metrics-server, namespace: kube-system, port: 443}
  caBundle: $ca_bundle
  groupPriorityMinimum: 100
  versionPriority: 100
YAML
}

start_addons() {
  coredns_config
  start coredns "$(hack/local-cluster.sh addon coredns)" -conf "$NODE_DIR/coredns/Corefile"
  # metrics-server authenticates the API server's front proxy through the extension-apiserver-authentication
  # ConfigMap and scrapes the kubelet with a client certificate of the cluster's CA.
  start metrics-server "$(hack/local-cluster.sh addon metrics-server)" --kubeconfig "$KUBECONFIG_FILE" \
    --authentication-kubeconfig "$KUBECONFIG_FILE" --authorization-kubeconfig "$KUBECONFIG_FILE" \
    --bind-address "$NODE_IP" --secure-port "$METRICS_PORT" \
    --tls-cert-file "$NODE_DIR/pki/metrics-server.crt" --tls-private-key-file "$NODE_DIR/pki/metrics-server.key" \
    --kubelet-preferred-address-types InternalIP --kubelet-port "$KUBELET_PORT" \
    --kubelet-certificate-authority "$STATE_DIR/pki/ca.crt" \
    --kubelet-client-certificate "$STATE_DIR/pki/admin.crt" --kubelet-client-key "$STATE_DIR/pki/admin.key" \
    --metric-resolution 15s
  addon_services
  wait_for coredns 30 curl -fsS "http://127.0.0.1:$COREDNS_READY_PORT/ready"
  wait_for "APIService v1beta1.metrics.k8s.io Available" 60 \
    kubectl wait --for condition=Available apiservice/v1beta1.metrics.k8s.io --timeout 1s
}

# The test images, and the project's image when hack/build-image.sh has built it (localhost/loomio-operator).
import_images() {
  local archive
  for archive in $(hack/build-test-images.sh) target/image/loomio-operator-*-amd64.tar; do
    [ -f "$archive" ] && ctr images import "$archive" >/dev/null
  done
  # A pull from a registry also records the image as <name>@<digest>, and the kubelet then reports that repository
  # digest as a container's imageID (what the operator pins the app tier to); imported images get the same reference.
  local ref digest
  ctr images ls | awk 'NR > 1 && $1 ~ /^localhost\// && $1 !~ /@/ { print $1, $3 }' | while read -r ref digest; do
    ctr images tag --force "$ref" "${ref%:*}@$digest" >/dev/null
  done
  ctr images ls -q | grep '^localhost/' >&2
}

cmd_up() {
  check_host
  hack/local-cluster.sh build --with-node >/dev/null
  mkdir -p "$NODE_DIR"
  node_pki
  network
  containerd_config
  kubelet_config
  start kube-scheduler "$BIN_DIR/kube-scheduler" --kubeconfig "$KUBECONFIG_FILE" --leader-elect=false \
    --bind-address 127.0.0.1 --secure-port 0
  start containerd containerd --config "$NODE_DIR/containerd/config.toml"
  wait_for containerd 30 ctr version
  import_images
  start kubelet "$BIN_DIR/kubelet" --config "$NODE_DIR/kubelet.yaml" --kubeconfig "$NODE_DIR/kubelet.kubeconfig" \
    --root-dir "$NODE_DIR/kubelet" --cert-dir "$NODE_DIR/pki" --hostname-override "$NODE_NAME" --node-ip "$NODE_IP"
  start kube-proxy "$BIN_DIR/kube-proxy" --kubeconfig "$KUBECONFIG_FILE" --hostname-override "$NODE_NAME" \
    --proxy-mode iptables --cluster-cidr "$POD_CIDR" --masquerade-all --conntrack-max-per-core 0 \
    --metrics-bind-address "127.0.0.1:$KUBE_PROXY_METRICS_PORT" --healthz-bind-address "127.0.0.1:$KUBE_PROXY_HEALTHZ_PORT"
  wait_for "node $NODE_NAME Ready" 90 kubectl wait --for condition=Ready "node/$NODE_NAME" --timeout 1s
  # Pods reach Services only once kube-proxy has written their rules; without them a ClusterIP is routed off the node.
  wait_for "kube-proxy rules for the kubernetes Service" 60 sh -c 'iptables-save -t nat | grep -q -- "-d 10.96.0.1/32"'
  # NetworkPolicies as k3s enforces them: kube-router's firewall alone (no routing, no service proxy, no CNI).
  start kube-router "$(hack/local-cluster.sh addon kube-router)" --kubeconfig "$KUBECONFIG_FILE" \
    --hostname-override "$NODE_NAME" --run-firewall=true --run-router=false --run-service-proxy=false \
    --enable-cni=false --service-cluster-ip-range "$SERVICE_CIDR" --health-port "$KUBE_ROUTER_HEALTH_PORT" \
    --metrics-port 0
  wait_for "kube-router's NetworkPolicy controller" 60 curl -fsS "http://127.0.0.1:$KUBE_ROUTER_HEALTH_PORT/healthz"
  start_addons
  local name
  for name in "${COMPONENTS[@]}"; do
    running "$name" || { log "$name exited: $NODE_DIR/logs/$name.log"; exit 1; }
  done
  log "node $NODE_NAME Ready ($NODE_IP); logs in $NODE_DIR/logs"
}

# Removes the iptables rules and chains of kube-proxy, the kubelet and the CNI bridge plugin (KUBE-*, CNI-*).
clean_iptables() {
  local table chain
  for table in nat filter mangle; do
    # Rules of the built-in chains that jump to those chains or were added for the "loomio" CNI network.
    { iptables-save -t "$table" 2>/dev/null || true; } | awk '/^-A / && !/^-A (KUBE|CNI)-/ && /-j (KUBE|CNI)-|name: "loomio"/' \
      | sed 's/^-A /-D /' | while read -r rule; do
        eval "iptables -t $table $rule" 2>/dev/null || true
      done
    for chain in $(iptables-save -t "$table" 2>/dev/null | sed -n 's/^:\(\(KUBE\|CNI\)-[^ ]*\).*/\1/p'); do
      iptables -t "$table" -F "$chain" 2>/dev/null || true
    done
    for chain in $(iptables-save -t "$table" 2>/dev/null | sed -n 's/^:\(\(KUBE\|CNI\)-[^ ]*\).*/\1/p'); do
      iptables -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
}

cmd_down() {
  [ -d "$NODE_DIR" ] || { log "no node"; return 0; }
  kubectl delete apiservice v1beta1.metrics.k8s.io --ignore-not-found >/dev/null 2>&1 || true
  stop kube-router
  stop metrics-server
  stop coredns
  stop kube-proxy
  stop kubelet
  stop kube-scheduler
  # Containers outlive the kubelet, containerd and even their shims: kill every process in the pods' cgroups, then the
  # shims of this containerd (found by its socket), then containerd.
  find /sys/fs/cgroup/pids/kubepods -name cgroup.procs -exec cat {} + 2>/dev/null | while read -r pid; do
    kill -9 "$pid" 2>/dev/null || true
  done
  pkill -9 -f -- "containerd-shim-runc-v2 .*-address $SOCK" 2>/dev/null || true
  stop containerd
  # The mounts of containers, volumes and sandboxes, then the pod network namespaces, bridge and chains.
  local m
  sleep 1
  awk -v d="$NODE_DIR" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
  clean_stale_network
  # The kubelet's cgroups (kubepods, under every controller); rmdir, deepest first, works once no process is left.
  for m in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/*/kubepods.slice; do
    if [ -d "$m" ]; then find "$m" -depth -type d -exec rmdir {} \; 2>/dev/null || true; fi
  done
  if [ -f "$NODE_DIR/ip_forward.saved" ]; then sysctl -q -w "net.ipv4.ip_forward=$(cat "$NODE_DIR/ip_forward.saved")"; fi
  if [ -f "$NODE_DIR/bridge_nf.saved" ]; then
    sysctl -q -w "net.bridge.bridge-nf-call-iptables=$(cat "$NODE_DIR/bridge_nf.saved")"
  fi
  kubectl delete node "$NODE_NAME" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  rm -rf "$NODE_DIR"
  log "down"
}

cmd_status() {
  local name
  for name in "${COMPONENTS[@]}"; do
    if running "$name"; then echo "$name: running (pid $(cat "$NODE_DIR/$name.pid"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  network) check_host; network; echo "$NODE_IP" ;;
  import) running containerd || { log "no node runs"; exit 1; }; import_images ;;
  ctr) running containerd || { log "no node runs"; exit 1; }; shift; ctr "$@" ;;
  *) sed -n '2,18p' "$0"; exit 2 ;;
esac
