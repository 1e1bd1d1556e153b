package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A LoomioInstance on the real node, phase by phase, as Flux, Helm 4's --wait and Argo CD see it: kstatus computed by
 * sigs.k8s.io/cli-utils and Flux's fork, Argo CD's health by its own Lua code running deploy/argocd's health.lua, on
 * the live object the operator wrote at each phase (GitOpsStatus). Ready (Current, Healthy) needs the Loomio images,
 * so ReconcileIT checks that phase; MemoryE2E, DurabilityE2E and LoomioBackupE2E check theirs.
 */
@EndToEnd
class GitOpsStatusE2E {
    private static final Duration PHASE = Duration.ofMinutes(3);

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-gitops");
        loop = new Durability(client, namespace);
    }

    @Test
    void eachPhaseAsKstatusAndArgoCdSeeIt() throws Exception {
        LoomioInstance created = Node.createProduction(client, namespace, "256Mi");
        // The first status the operator writes: before it, kstatus would call a status-less object Current.
        LoomioInstance first = awaitInstance(i -> i.getStatus() != null);
        assertThat(first.getStatus().getObservedGeneration()).isEqualTo(created.getMetadata().getGeneration());
        GitOpsStatus.assertStatus(first, "created", "InProgress", "Progressing");

        loop.awaitDatabaseReady();
        // The node's steady state: the data tier serves, Loomio's own images cannot run here.
        LoomioInstance dataReady = awaitInstance(i -> Conditions.isTrue(i.getStatus().getConditions(),
                ConditionType.DATABASE_READY)
                && Conditions.isTrue(i.getStatus().getConditions(),
                        ConditionType.REDIS_READY));
        assertThat(GitOpsStatus.assertStatus(dataReady, "reconciling", "InProgress", "Progressing"))
                .contains("loomio-app");

        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"smtpSecretRef\":{\"name\":\"no-such-secret\"}}}");
        LoomioInstance stalled = awaitInstance(i -> current(i) && Conditions.isTrue(i.getStatus().getConditions(),
                ConditionType.STALLED));
        assertThat(GitOpsStatus.assertStatus(stalled, "stalled", "Failed", "Degraded")).contains("no-such-secret");
        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"smtpSecretRef\":null}}");

        assertThat(loop.backupNow().get("status").asText()).isEqualTo("ok");
        Cluster.patch(client, namespace, "loomio",
                "{\"spec\":{\"monitoring\":{\"backupWarningAge\":\"1s\",\"backupCriticalAge\":\"2s\"}}}");
        LoomioInstance old = awaitInstance(i -> current(i) && Conditions.find(i.getStatus().getConditions(),
                ConditionType.BACKUP_HEALTHY).filter(
                        c -> ConditionReason.BACKUP_CRITICALLY_OLD.value()
                                .equals(c.getReason()))
                .isPresent());
        GitOpsStatus.assertStatus(old, "backup-critically-old", "InProgress", "Degraded");
        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"monitoring\":null}}");

        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"hibernate\":true}}");
        LoomioInstance stopping = awaitInstance(i -> current(i) && Conditions.find(i.getStatus().getConditions(),
                ConditionType.HIBERNATED).filter(c -> "False".equals(c.getStatus())).isPresent());
        GitOpsStatus.assertStatus(stopping, "hibernating", "InProgress", "Progressing");
        LoomioInstance hibernated = awaitInstance(i -> current(i) && Conditions.isTrue(i.getStatus().getConditions(),
                ConditionType.HIBERNATED));
        assertThat(GitOpsStatus.assertStatus(hibernated, "hibernated", "Current", "Suspended"))
                .contains("loomio-hibernate-");

        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"hibernate\":false}}");
        loop.awaitDatabaseReady();
        client.resources(LoomioInstance.class).inNamespace(namespace).withName("loomio")
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        LoomioInstance deleting = awaitInstance(i -> i.getMetadata().getDeletionTimestamp() != null);
        assertThat(GitOpsStatus.assertStatus(deleting, "deleting", "Terminating", "Progressing"))
                .startsWith("being deleted");
        await().atMost(PHASE).until(() -> client.resources(LoomioInstance.class).inNamespace(namespace)
                .withName("loomio").get() == null);
    }

    private static boolean current(LoomioInstance i) {
        return i.getStatus() != null && i.getMetadata().getGeneration().equals(i.getStatus().getObservedGeneration());
    }

    private LoomioInstance awaitInstance(Predicate<LoomioInstance> phase) {
        return await().atMost(PHASE).pollInterval(Duration.ofMillis(200)).until(
                () -> client.resources(LoomioInstance.class).inNamespace(namespace).withName("loomio").get(),
                i -> i != null && phase.test(i));
    }
}
