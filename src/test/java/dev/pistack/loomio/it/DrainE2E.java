package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * What a drain does to a RAM-mode instance on the real node: the eviction {@code kubectl drain} asks for is refused
 * by the Postgres pod's disruption budget (its RAM data stays); once the instance hibernates there is nothing left to
 * evict.
 */
@EndToEnd
@Isolated("a drain evicts every pod of the node")
class DrainE2E {
    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-drain");
        loop = new Durability(client, namespace);
    }

    @Test
    void anEvictionCannotTakeTheRamDatabaseAndAHibernatedInstanceHasNothingToEvict() throws Exception {
        LoomioInstance created = Node.createProduction(client, namespace, "256Mi");
        loop.awaitDatabaseReady();
        Pod postgres = loop.postgresPod(null);
        await().atMost(Cluster.TIMEOUT).until(() -> {
            PodDisruptionBudget pdb = client.policy().v1().podDisruptionBudget().inNamespace(namespace)
                    .withName(Names.postgres(created)).get();
            return pdb != null && pdb.getStatus() != null
                    && Integer.valueOf(1).equals(pdb.getStatus().getCurrentHealthy());
        });

        // What kubectl drain does for each pod: the Eviction API, which answers 429 (false here) under the budget.
        assertThat(client.pods().inNamespace(namespace).withName(postgres.getMetadata().getName()).evict())
                .as("the eviction is refused").isFalse();
        Thread.sleep(3_000);
        assertThat(loop.postgresPod(null).getMetadata().getUid()).as("the pod and its RAM are still there")
                .isEqualTo(postgres.getMetadata().getUid());

        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"hibernate\":true}}");
        await().atMost(Duration.ofMinutes(4)).until(() -> Conditions.isTrue(
                loop.instance().getStatus().getConditions(), ConditionType.HIBERNATED));
        assertThat(loop.postgresPod(null)).as("hibernated: a drain has nothing of it to evict").isNull();
    }
}
