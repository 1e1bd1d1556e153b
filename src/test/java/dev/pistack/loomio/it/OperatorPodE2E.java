package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The operator as users deploy it: {@code kubectl apply -k} of deploy/ (through hack/local-deploy, which only sets the
 * image hack/build-image.sh built), as a pod on the real node, under deploy/rbac.yaml's ServiceAccount, with the Pi
 * JVM options and memory limit of deploy/operator.yaml. It takes the Lease and reconciles the production sample. Its
 * own log shows that it, not the operator of the other tests, reconciled the instance.
 */
@EndToEnd(operator = false)
@Isolated("its operator pod is the only operator")
class OperatorPodE2E {
    private static final Logger LOG = Logger.getLogger(OperatorPodE2E.class);
    private static final String NAMESPACE = OperatorServiceAccount.NAMESPACE;
    private static final Duration START = Duration.ofMinutes(3);

    private final KubernetesClient admin = Cluster.admin();

    @AfterEach
    void removeTheOperator() {
        admin.apps().deployments().inNamespace(NAMESPACE).withName("loomio-operator").delete();
    }

    @Test
    void theOperatorRunsFromItsImageTakesTheLeaseAndReconciles() throws IOException, InterruptedException {
        Node.assertReady(admin);
        kubectl("apply", "-k", "hack/local-deploy");
        // Say each reconcile in the operator's log, which is how this test tells it from the tests' own operator.
        admin.apps().deployments().inNamespace(NAMESPACE).withName("loomio-operator").patch(
                PatchContext.of(PatchType.JSON),
                "[{\"op\": \"add\", \"path\": \"/spec/template/spec/containers/0/env/-\","
                        + " \"value\": {\"name\": \"QUARKUS_LOG_CATEGORY__DEV_PISTACK_LOOMIO_OPERATOR__LEVEL\","
                        + " \"value\": \"DEBUG\"}}]");
        await().atMost(START).until(() -> {
            Deployment d = admin.apps().deployments().inNamespace(NAMESPACE).withName("loomio-operator").get();
            return d.getStatus() != null && d.getStatus().getObservedGeneration() != null
                    && d.getStatus().getObservedGeneration().equals(d.getMetadata().getGeneration())
                    && Integer.valueOf(1).equals(d.getStatus().getUpdatedReplicas())
                    && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas())
                    && d.getStatus().getReplicas() == 1;
        });
        Pod operator = admin.pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/name", "loomio-operator")
                .list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .findFirst().orElseThrow();
        assertThat(operator.getSpec().getNodeName()).isEqualTo(Node.NAME);
        assertThat(operator.getSpec().getServiceAccountName()).isEqualTo(OperatorServiceAccount.NAME);
        assertThat(operator.getSpec().getContainers().get(0).getImage()).startsWith("localhost/loomio-operator:");
        await().atMost(START).untilAsserted(() -> {
            Lease lease = admin.leases().inNamespace(NAMESPACE).withName("loomio-operator").get();
            assertThat(lease).isNotNull();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(operator.getMetadata().getName());
        });

        String namespace = Cluster.namespace(admin, "e2e-operator");
        LoomioInstance instance = Samples.load(Samples.PRODUCTION, namespace);
        Node.forTheNode(instance);
        Node.withBackupVolume(admin, instance);
        admin.resource(instance).create();
        await().atMost(START).untilAsserted(() -> assertThat(Cluster.get(admin, namespace, "loomio").getStatus(),
                ConditionType.DATABASE_READY).isTrue());
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(
                admin.pods().resource(operator).getLog()).contains("reconciling " + namespace + "/loomio"));

        Pod now = admin.pods().resource(operator).get();
        assertThat(now.getStatus().getContainerStatuses().get(0).getRestartCount()).isZero();
        long memory = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5)).until(
                () -> Node.memoryWorkingSet(admin, NAMESPACE, operator.getMetadata().getName()), m -> m > 0);
        Quantity limit = now.getSpec().getContainers().get(0).getResources().getLimits().get("memory");
        assertThat(memory).isLessThan(limit.getNumericalAmount().longValueExact());
        LOG.infof("operator pod %s (kubectl top pod): working set %d MiB (limit %s), restarts 0",
                operator.getMetadata().getName(), memory / (1024 * 1024), limit);
    }

    private static void kubectl(String... args) throws IOException, InterruptedException {
        Cluster.kubectl(args);
    }
}
