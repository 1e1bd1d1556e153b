package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.operator.desired.AppDeployments;
import dev.pistack.loomio.operator.desired.Labels;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a namespace's Pod Security admission lets through, on the real API server and node: under {@code restricted}
 * the data tier and the backup Job's pod are admitted and run, while the Loomio pods are refused (the upstream image
 * runs as root); under {@code baseline} every pod the operator creates is admitted. docs/security.md states the
 * levels from this test.
 */
@EndToEnd
class PodSecurityE2E {
    private static final Duration START = Duration.ofMinutes(3);

    static final KubernetesClient client = Cluster.admin();

    @Test
    void underRestrictedTheDataTierAndBackupsRunAndTheLoomioPodsAreRefused() throws Exception {
        String namespace = enforcing("restricted");
        Node.createProduction(client, namespace, "256Mi");
        Durability loop = new Durability(client, namespace);
        await().atMost(START).untilAsserted(() -> {
            assertThat(loop.instance().getStatus(), ConditionType.DATABASE_READY).isTrue();
            assertThat(loop.instance().getStatus(), ConditionType.REDIS_READY).isTrue();
        });
        JsonNode backup = loop.backupNow();
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("ok");
        await().atMost(START).untilAsserted(() -> assertThat(client.v1().events().inNamespace(namespace).list()
                .getItems()).filteredOn(e -> "FailedCreate".equals(e.getReason()))
                .extracting(Event::getMessage)
                .anySatisfy(m -> assertThat(m).contains("violates PodSecurity \"restricted:latest\"")
                        .contains("runAsNonRoot")));
        assertThat(client.pods().inNamespace(namespace).withLabel(Labels.COMPONENT, AppDeployments.APP).list()
                .getItems()).as("the Loomio image runs as root: not admitted under restricted").isEmpty();
    }

    @Test
    void underBaselineEveryPodIsAdmitted() {
        String namespace = enforcing("baseline");
        Node.createProduction(client, namespace, "256Mi");
        Durability loop = new Durability(client, namespace);
        await().atMost(START).untilAsserted(() -> {
            assertThat(loop.instance().getStatus(), ConditionType.DATABASE_READY).isTrue();
            for (String component : new String[]{AppDeployments.APP, AppDeployments.WORKER,
                AppDeployments.HOCUSPOCUS}) {
                assertThat(client.pods().inNamespace(namespace).withLabel(Labels.COMPONENT, component).list()
                        .getItems()).as("%s admitted (its image cannot be pulled here, which is another matter)",
                                component)
                        .isNotEmpty();
            }
        });
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .extracting(Event::getMessage).noneMatch(m -> m != null && m.contains("violates PodSecurity"));
    }

    /** @return a fresh test namespace whose Pod Security admission enforces that level (latest version) */
    private static String enforcing(String level) {
        String namespace = Node.namespace(client, "e2e-pss-" + level);
        client.namespaces().withName(namespace).edit(n -> {
            n.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", level);
            n.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce-version", "latest");
            return n;
        });
        return namespace;
    }
}
