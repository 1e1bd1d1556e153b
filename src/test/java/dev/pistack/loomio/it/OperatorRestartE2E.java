package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The operator killed in the middle of a transition: the operator runs as a pod (deploy/ through hack/local-deploy,
 * the test JVM's own operator is off), the instance starts hibernating, and while its final backup runs the operator
 * pod is force-deleted (no graceful stop, the Lease not given up). The next operator pod takes the Lease, reads the
 * transition back from the cluster and finishes it: one final backup, not two, Hibernated, and after the resume every
 * row is back.
 */
@EndToEnd(operator = false)
@Isolated("its operator pod is the only operator")
class OperatorRestartE2E {
    private static final Logger LOG = Logger.getLogger(OperatorRestartE2E.class);
    private static final String OPERATOR_NAMESPACE = OperatorServiceAccount.NAMESPACE;
    private static final Duration TRANSITION = Duration.ofMinutes(5);

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;

    @BeforeEach
    void operatorPodAndNamespace() throws Exception {
        Node.assertReady(client);
        Cluster.kubectl("apply", "-k", "hack/local-deploy");
        // Each reconcile in the operator's log: how this test tells which operator pod finished the transition. A
        // force-deleted pod does not release the Lease: with the default 5-minute Lease and 90 s tries the next pod
        // would wait up to 8 minutes for it (docs/deploy.md, "Leader election"); this test is about the transition,
        // so the Lease is short.
        client.apps().deployments().inNamespace(OPERATOR_NAMESPACE).withName("loomio-operator").patch(
                PatchContext.of(PatchType.JSON), "[" + env("QUARKUS_LOG_CATEGORY__DEV_PISTACK_LOOMIO_OPERATOR__LEVEL",
                        "DEBUG") + ", " + env("LOOMIO_OPERATOR_LEASE_DURATION", "30s") + ", "
                        + env("LOOMIO_OPERATOR_LEASE_RENEW_DEADLINE", "20s") + ", "
                        + env("LOOMIO_OPERATOR_LEASE_RETRY_PERIOD", "5s") + "]");
        awaitOperator(null);
        namespace = Node.namespace(client, "e2e-opkill");
        loop = new Durability(client, namespace);
    }

    @AfterEach
    void removeTheOperator() {
        client.apps().deployments().inNamespace(OPERATOR_NAMESPACE).withName("loomio-operator").delete();
    }

    @Test
    void anOperatorKilledDuringTheFinalBackupOfAHibernationFinishesItAfterItsRestart() throws Exception {
        Node.createProduction(client, namespace, Durability.lifecycleDataSize());
        loop.awaitDatabaseReady();
        Pod first = loop.postgresPod(null);
        String fingerprint = loop.fixtureWithARowAfterTheHourlyBackup(first);

        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"hibernate\":true}}");
        await().atMost(TRANSITION).pollInterval(Duration.ofMillis(250)).until(() -> readyReason()
                .equals(ConditionReason.TAKING_FINAL_BACKUP.value()));
        Pod killed = operatorPod();
        client.pods().resource(killed).withGracePeriod(0).delete();
        LOG.infof("killed operator pod %s while the instance was %s", killed.getMetadata().getName(),
                readyReason());

        Pod next = awaitOperator(killed.getMetadata().getName());
        await().atMost(TRANSITION).pollInterval(Duration.ofSeconds(1)).until(() -> Conditions.isTrue(
                loop.instance().getStatus().getConditions(), ConditionType.HIBERNATED));
        assertThat(client.pods().resource(next).getLog()).as("the new operator pod finished it")
                .contains("reconciling " + namespace + "/loomio");
        List<LoomioBackup> finals = client.resources(LoomioBackup.class).inNamespace(namespace).list().getItems()
                .stream().filter(b -> b.getSpec().getKind() == BackupKind.FINAL).toList();
        assertThat(finals).as("each step is idempotent: one final backup, whoever ran it").hasSize(1);
        assertThat(finals.get(0).getStatus().phase().finished()).isTrue();
        assertThat(client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/component", "database").list()
                .getItems()).as("the data tier stopped").isEmpty();

        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"hibernate\":false}}");
        loop.awaitDatabaseReady();
        Pod resumed = loop.postgresPod(first.getMetadata().getUid());
        assertThat(loop.fingerprint(resumed)).as("zero rows lost across the operator's death").isEqualTo(fingerprint);
    }

    private String readyReason() {
        LoomioInstance i = loop.instance();
        return i.getStatus() == null
                ? ""
                : Conditions.find(i.getStatus().getConditions(), ConditionType.READY)
                        .map(c -> c.getReason()).orElse("");
    }

    private static Pod operatorPod() {
        return client.pods().inNamespace(OPERATOR_NAMESPACE).withLabel("app.kubernetes.io/name", "loomio-operator")
                .list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .findFirst().orElseThrow();
    }

    /** @return a JSON patch operation adding the environment variable to the operator's container */
    private static String env(String name, String value) {
        return "{\"op\": \"add\", \"path\": \"/spec/template/spec/containers/0/env/-\", \"value\": {\"name\": \""
                + name + "\", \"value\": \"" + value + "\"}}";
    }

    /** @return the operator pod once it runs and holds the Lease; not the one named notName */
    private static Pod awaitOperator(String notName) {
        await().atMost(TRANSITION).until(() -> {
            Deployment d = client.apps().deployments().inNamespace(OPERATOR_NAMESPACE).withName("loomio-operator")
                    .get();
            return d.getStatus() != null
                    && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration())
                    && Integer.valueOf(1).equals(d.getStatus().getUpdatedReplicas())
                    && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas())
                    && Integer.valueOf(1).equals(d.getStatus().getReplicas());
        });
        return await().atMost(TRANSITION).until(() -> {
            var lease = client.leases().inNamespace(OPERATOR_NAMESPACE).withName("loomio-operator").get();
            if (lease == null || lease.getSpec().getHolderIdentity() == null
                    || lease.getSpec().getHolderIdentity().equals(notName)) {
                return null;
            }
            return client.pods().inNamespace(OPERATOR_NAMESPACE).withName(lease.getSpec().getHolderIdentity()).get();
        }, p -> p != null);
    }
}
