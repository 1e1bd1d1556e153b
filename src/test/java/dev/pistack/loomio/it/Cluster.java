package dev.pistack.loomio.it;

import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Helpers for integration tests on the local control plane (hack/local-cluster.sh). There is no kubelet, so a test
 * that needs a ready pod marks it ready through the pods/status subresource, as a kubelet would.
 */
final class Cluster {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Cluster() {
    }

    /** @return a fresh namespace named after the test, so tests never see each other's objects */
    static String namespace(KubernetesClient client, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    static LoomioInstance apply(KubernetesClient client, Path sample, String namespace) {
        return client.resource(Samples.load(sample, namespace)).create();
    }

    static LoomioInstance get(KubernetesClient client, String namespace, String name) {
        return client.resources(LoomioInstance.class).inNamespace(namespace).withName(name).get();
    }

    /**
     * Changes an instance as {@code kubectl patch --type merge} does: no resourceVersion precondition, so a status
     * write by the operator in between cannot make it fail with a conflict.
     */
    static LoomioInstance patch(KubernetesClient client, String namespace, String name, String mergePatch) {
        return client.resources(LoomioInstance.class).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    }

    /** Marks every pod with these labels Running and Ready, once each exists (count of them expected). */
    static void makePodsReady(KubernetesClient client, String namespace, Map<String, String> labels, int count) {
        await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(namespace).withLabels(labels).list().getItems()
                .size() >= count);
        for (Pod pod : client.pods().inNamespace(namespace).withLabels(labels).list().getItems()) {
            String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
            List<PodCondition> conditions = List.of(
                    new PodConditionBuilder().withType("Ready").withStatus("True").withLastTransitionTime(now).build(),
                    new PodConditionBuilder().withType("ContainersReady").withStatus("True")
                            .withLastTransitionTime(now).build());
            pod.getStatus().setPhase("Running");
            pod.getStatus().setConditions(conditions);
            pod.getStatus().setStartTime(now);
            client.pods().inNamespace(namespace).resource(pod).updateStatus();
        }
    }
}
