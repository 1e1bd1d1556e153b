package dev.pistack.loomio.operator.memory;

import dev.pistack.loomio.api.v1alpha1.MemoryUsage;
import dev.pistack.loomio.api.v1alpha1.NodeMemory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Pod and node memory from the Metrics API (metrics.k8s.io, served by metrics-server, which k3s ships), and the node's
 * allocatable memory and MemoryPressure condition from the Node object. A pod's figure is the sum of its running
 * containers' working sets, which is what {@code kubectl top pod} shows; tmpfs pages an init container wrote (a
 * restore) are charged to the pod but to none of its running containers, so they are not in it. The database figure
 * ({@link PostgresFill}) counts them.
 */
public final class ClusterMemory {
    /** A figure that could not be read; the message is fit for status (no secret, no volatile detail). */
    public static final class Unavailable extends Exception {
        /** @param message what is missing and why, fit for status */
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final KubernetesClient client;

    public ClusterMemory(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param pod a running pod (its containers' memory limits are its budget)
     * @return the pod's working set against the sum of its containers' memory limits, bytes
     * @throws Unavailable when the Metrics API is not served, forbidden, or has no figure for the pod yet
     */
    public MemoryUsage pod(Pod pod) throws Unavailable {
        String name = pod.getMetadata().getName();
        PodMetrics metrics;
        try {
            metrics = client.top().pods().metrics(pod.getMetadata().getNamespace(), name);
        } catch (KubernetesClientException e) {
            throw unavailable("pod " + name, e);
        }
        if (metrics == null || metrics.getContainers() == null || metrics.getContainers().isEmpty()) {
            throw new Unavailable("pod " + name + ": metrics.k8s.io has no figure for it yet");
        }
        long used = metrics.getContainers().stream()
                .mapToLong(c -> bytes(c.getUsage() == null ? null : c.getUsage().get("memory"))).sum();
        return MemoryUsage.of(used, limitBytes(pod));
    }

    /**
     * @param nodeName the node that runs the pod
     * @return the node's working set against its allocatable memory, and its MemoryPressure condition
     * @throws Unavailable when the node or its metrics cannot be read
     */
    public NodeMemory node(String nodeName) throws Unavailable {
        Node node;
        NodeMetrics metrics;
        try {
            node = client.nodes().withName(nodeName).get();
            metrics = client.top().nodes().metrics(nodeName);
        } catch (KubernetesClientException e) {
            throw unavailable("node " + nodeName, e);
        }
        if (node == null || metrics == null || metrics.getUsage() == null) {
            throw new Unavailable("node " + nodeName + ": metrics.k8s.io has no figure for it yet");
        }
        long used = bytes(metrics.getUsage().get("memory"));
        long allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null
                ? 0
                : bytes(node.getStatus().getAllocatable().get("memory"));
        boolean pressure = node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "MemoryPressure".equals(c.getType()) && "True".equals(c.getStatus()));
        MemoryUsage u = MemoryUsage.of(used, allocatable);
        return new NodeMemory(nodeName, used, allocatable, u.percent(), pressure);
    }

    /** @return the sum of the containers' memory limits, bytes (0 when a container has none) */
    static long limitBytes(Pod pod) {
        long sum = 0;
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getResources() == null || c.getResources().getLimits() == null
                    || c.getResources().getLimits().get("memory") == null) {
                return 0;
            }
            sum += bytes(c.getResources().getLimits().get("memory"));
        }
        return sum;
    }

    private static long bytes(Quantity q) {
        return q == null ? 0 : Quantity.getAmountInBytes(q).longValue();
    }

    private static Unavailable unavailable(String what, KubernetesClientException e) {
        return new Unavailable(switch (e.getCode()) {
            case 404 -> what + ": metrics.k8s.io is not served or has no figure yet (is metrics-server running?)";
            case 403 -> what + ": forbidden (the operator's ClusterRole needs get on nodes and on pods and nodes"
                    + " of metrics.k8s.io)";
            case 503 -> what + ": metrics.k8s.io is unavailable (metrics-server not ready)";
            default -> what + ": metrics.k8s.io answered HTTP " + e.getCode();
        });
    }
}
