package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The Helm chart on the real node, with Helm 4 (the test JVM's own operator off): install starts the operator from
 * the project's image and it reconciles the production sample; an upgrade to a changed value rolls the operator with
 * one Lease holder at a time; uninstall removes the operator and leaves the CRDs, the instance and its running data.
 */
@EndToEnd(operator = false)
@Isolated("its Helm release runs the only operator")
class HelmChartE2E {
    private static final Logger LOG = Logger.getLogger(HelmChartE2E.class);
    private static final String RELEASE = "pi";
    private static final String NAMESPACE = "loomio-operator-helm";
    private static final String FULLNAME = "pi-loomio-operator";
    private static final Duration START = Duration.ofMinutes(4);

    static final KubernetesClient client = Cluster.admin();

    @AfterEach
    void uninstall() {
        if (client.apps().deployments().inNamespace(NAMESPACE).withName(FULLNAME).get() != null) {
            GitOpsStatus.runTool("helm4", "uninstall", RELEASE, "-n", NAMESPACE, "--wait");
        }
    }

    @Test
    void installReconcilesUpgradeRollsWithOneLeaderUninstallKeepsTheData() throws Exception {
        Node.assertReady(client);
        String[] install = {"install", RELEASE, "charts/loomio-operator", "-n", NAMESPACE,
            "--create-namespace", "--force-conflicts", "--set", "image.repository=localhost/loomio-operator",
            "--set", "image.tag=0.1.0-SNAPSHOT", "--set", "image.pullPolicy=Never", "--wait", "--timeout", "5m"};
        // The other tests' operator ran under deploy/rbac.yaml, whose ClusterRole says it watches every namespace:
        // the chart refuses to install a second operator beside it, and installs once that one is gone.
        OperatorServiceAccount.applyRbac(client);
        GitOpsStatus.ToolRun refused = GitOpsStatus.tryTool("helm4", install);
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("another loomio-operator release (ClusterRole loomio-operator)"
                + " already watches JOSDK_ALL_NAMESPACES");
        OperatorServiceAccount.deleteClusterRbac(client);
        LOG.info(GitOpsStatus.runTool("helm4", install));
        Pod first = holder(null);
        assertThat(first.getSpec().getContainers().get(0).getImage())
                .isEqualTo("localhost/loomio-operator:0.1.0-SNAPSHOT");

        String namespace = Cluster.namespace(client, "e2e-helm");
        LoomioInstance instance = Samples.load(Samples.PRODUCTION, namespace);
        Node.forTheNode(instance);
        Node.withBackupVolume(client, instance);
        client.resource(instance).create();
        await().atMost(START).untilAsserted(() -> assertThat(Cluster.get(client, namespace, "loomio").getStatus(),
                ConditionType.DATABASE_READY).isTrue());
        Pod postgres = client.pods().inNamespace(namespace).withName("loomio-postgres-0").get();

        List<String> holders = new ArrayList<>(List.of(first.getMetadata().getName()));
        Thread upgrade = new Thread(() -> LOG.info(GitOpsStatus.runTool("helm4", "upgrade", RELEASE,
                "charts/loomio-operator", "-n", NAMESPACE, "--reuse-values", "--set",
                "logLevel=DEBUG", "--wait", "--timeout", "5m")));
        upgrade.start();
        while (upgrade.isAlive()) {
            Lease lease = client.leases().inNamespace(NAMESPACE).withName(FULLNAME).get();
            String now = lease == null ? null : lease.getSpec().getHolderIdentity();
            if (now != null && !now.equals(holders.get(holders.size() - 1))) {
                holders.add(now);
            }
            Thread.sleep(100);
        }
        Pod second = holder(first.getMetadata().getName());
        if (!holders.contains(second.getMetadata().getName())) {
            holders.add(second.getMetadata().getName());
        }
        LOG.infof("Lease holders during the upgrade: %s", holders);
        assertThat(holders).as("the Lease went from the old pod to the new one, nobody in between")
                .containsExactly(first.getMetadata().getName(), second.getMetadata().getName());
        assertThat(second.getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> assertThat(e.getValue()).isEqualTo("DEBUG"));

        GitOpsStatus.runTool("helm4", "uninstall", RELEASE, "-n", NAMESPACE, "--wait");
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName(FULLNAME).get()).isNull();
        assertThat(client.apiextensions().v1().customResourceDefinitions()
                .withName("loomioinstances.loomio.pistack.dev").get()).as("the CRDs stay").isNotNull();
        assertThat(Cluster.get(client, namespace, "loomio")).as("the instance stays").isNotNull();
        assertThat(client.pods().inNamespace(namespace).withName("loomio-postgres-0").get().getMetadata().getUid())
                .as("its data keeps running").isEqualTo(postgres.getMetadata().getUid());
        // No operator is left to run the finalizer (the chart's README says so): released by hand for the cleanup.
        Cluster.patch(client, namespace, "loomio", "{\"metadata\":{\"finalizers\":null}}");
    }

    /** @return the operator pod holding the Lease, once it runs and is not the one named notName */
    private static Pod holder(String notName) {
        return await().atMost(START).until(() -> {
            Lease lease = client.leases().inNamespace(NAMESPACE).withName(FULLNAME).get();
            String name = lease == null ? null : lease.getSpec().getHolderIdentity();
            if (name == null || name.equals(notName)) {
                return null;
            }
            Pod pod = client.pods().inNamespace(NAMESPACE).withName(name).get();
            return pod != null && Durability.ready(pod) ? pod : null;
        }, p -> p != null);
    }
}
