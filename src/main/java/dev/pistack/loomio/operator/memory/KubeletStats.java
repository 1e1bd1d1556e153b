package dev.pistack.loomio.operator.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pod memory as the kubelet's Summary API ({@code GET https://<node>:10250/stats/summary}) reports it for the pod's
 * cgroup: unlike the Metrics API it counts pages charged to the pod but to none of its running containers, such as
 * the tmpfs an init container filled with a restored database. Opt-in (property
 * loomio.operator.memory.kubelet-stats, default false): it needs {@code get} on {@code nodes/stats}
 * (deploy/rbac-kubelet-stats.yaml), which the kubelet checks with a SubjectAccessReview for the operator's token.
 * Never {@code nodes/proxy}: GET through the node proxy is effectively exec into any pod. The kubelet's serving
 * certificate must be signed by the cluster CA the client trusts.
 */
public final class KubeletStats {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;

    public KubeletStats(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param nodeName the node whose kubelet to ask
     * @return each pod's memory working set on that node, bytes, keyed by {@code namespace/name}
     * @throws ClusterMemory.Unavailable when the kubelet cannot be reached, refuses (403: the opt-in role is not
     *     bound) or answers something else than a summary
     */
    public Map<String, Long> podWorkingSets(String nodeName) throws ClusterMemory.Unavailable {
        String what = "kubelet of node " + nodeName;
        Node node;
        try {
            node = client.nodes().withName(nodeName).get();
        } catch (KubernetesClientException e) {
            throw new ClusterMemory.Unavailable(what + ": the Node cannot be read (HTTP " + e.getCode() + ")");
        }
        if (node == null || node.getStatus() == null) {
            throw new ClusterMemory.Unavailable(what + ": no such node");
        }
        String address = node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
                .map(NodeAddress::getAddress).findFirst().orElse(null);
        Integer port = node.getStatus().getDaemonEndpoints() == null
                || node.getStatus().getDaemonEndpoints().getKubeletEndpoint() == null
                        ? null
                        : node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
        if (address == null || port == null) {
            throw new ClusterMemory.Unavailable(what + ": the Node has no InternalIP or kubelet port");
        }
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri("https://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port
                        + "/stats/summary?only_cpu_and_memory=true")
                .build();
        HttpResponse<String> response;
        try {
            response = http.sendAsync(request, String.class).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterMemory.Unavailable(what + ": interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new ClusterMemory.Unavailable(what + ": not reachable (" + e.getClass().getSimpleName() + ")");
        }
        if (response.code() == 401 || response.code() == 403) {
            throw new ClusterMemory.Unavailable(what + ": HTTP " + response.code()
                    + " (bind deploy/rbac-kubelet-stats.yaml: get on nodes/stats)");
        }
        if (response.code() != 200) {
            throw new ClusterMemory.Unavailable(what + ": HTTP " + response.code());
        }
        try {
            return parse(response.body());
        } catch (IOException e) {
            throw new ClusterMemory.Unavailable(what + ": the answer is not a stats summary");
        }
    }

    /**
     * @param summary the kubelet's Summary API JSON (k8s.io/kubelet/pkg/apis/stats/v1alpha1 Summary)
     * @return pods[].memory.workingSetBytes by {@code podRef.namespace/podRef.name}; pods without a figure left out
     * @throws IOException when it is not JSON
     */
    static Map<String, Long> parse(String summary) throws IOException {
        Map<String, Long> pods = new HashMap<>();
        for (JsonNode pod : JSON.readTree(summary).path("pods")) {
            JsonNode bytes = pod.path("memory").path("workingSetBytes");
            if (bytes.canConvertToLong()) {
                pods.put(pod.path("podRef").path("namespace").asText() + "/" + pod.path("podRef").path("name")
                        .asText(), bytes.asLong());
            }
        }
        return pods;
    }
}
