package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Development mode on the real node: Postgres keeps its data on a PersistentVolumeClaim, so a row survives the pod.
 * The local cluster has no provisioner: the test pre-creates hostPath PersistentVolumes ({@link HostPathVolumes}) for
 * the claims the operator and the StatefulSet controller create.
 */
@EndToEnd
class DevelopmentE2E {
    private static final Duration START = Duration.ofMinutes(3);
    private static final String PSQL = "psql -X -q -v ON_ERROR_STOP=1 -U postgres -d " + Names.DATABASE + " ";

    static final KubernetesClient client = Cluster.admin();

    String namespace;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-dev");
    }

    @Test
    void dataOnAPersistentVolumeSurvivesThePod() {
        LoomioInstance instance = Samples.load(Samples.DEVELOPMENT, namespace);
        Node.forTheNode(instance);
        HostPathVolumes.claim(client, namespace, "data-" + Names.postgres(instance) + "-0",
                instance.getSpec().getPostgres().getDataSize());
        HostPathVolumes.claim(client, namespace, "data-" + Names.redis(instance) + "-0",
                instance.getSpec().getRedis().getDataSize());
        HostPathVolumes.claim(client, namespace, Names.uploads(instance), instance.getSpec().getUploads().getSize());
        client.resource(instance).create();

        await().atMost(START).untilAsserted(() -> assertThat(
                Cluster.get(client, namespace, instance.getMetadata().getName()).getStatus(),
                ConditionType.DATABASE_READY).isTrue());
        Pod postgres = pod(Names.postgres(instance) + "-0");
        assertThat(postgres.getSpec().getVolumes()).filteredOn(v -> v.getName().equals("data")).singleElement()
                .satisfies(v -> assertThat(v.getPersistentVolumeClaim()).isNotNull());
        Node.Exec write = Node.exec(client, postgres,
                PSQL + "-c \"CREATE TABLE survivor (note text); INSERT INTO survivor VALUES ('kept')\"");
        assertThat(write.exitCode()).as(write.err()).isZero();

        String uid = postgres.getMetadata().getUid();
        client.resource(postgres).delete();
        await().atMost(START).until(() -> {
            Pod p = pod(postgres.getMetadata().getName());
            return p != null && !uid.equals(p.getMetadata().getUid()) && p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        });
        assertThat(Node.exec(client, pod(postgres.getMetadata().getName()),
                PSQL + "-At -c \"SELECT note FROM survivor\"").out().strip()).isEqualTo("kept");
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }
}
