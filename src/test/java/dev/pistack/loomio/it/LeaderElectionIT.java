package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged operators (target/quarkus-app, the prod profile, as deployed) against the same API server: the one
 * holding the Lease reconciles, the other does not until the first is stopped, then takes the Lease and reconciles.
 * Each process logs "reconciling ns/name" at debug level, which is what the test reads. The Lease lasts its default 5
 * minutes and the operators try every 5 s: a takeover within START is only possible because the stopping operator
 * released the Lease.
 */
class LeaderElectionIT {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Duration START = Duration.ofSeconds(90);

    private final KubernetesClient admin = Cluster.admin();
    private final List<Process> operators = new ArrayList<>();

    @AfterEach
    void stop() {
        operators.forEach(Process::destroyForcibly);
    }

    @Test
    void onlyTheLeaseHolderReconcilesAndTheOtherTakesOverWhenItStops() throws IOException, InterruptedException {
        Cluster.installCrd(admin);
        String namespace = Cluster.namespace(admin, "leader");
        Path logA = Files.createTempFile("operator-a", ".log");
        Path logB = Files.createTempFile("operator-b", ".log");
        Process a = start("operator-a", namespace, logA);
        await().atMost(START).until(() -> "operator-a".equals(holder(namespace)));
        Process b = start("operator-b", namespace, logB);
        await().atMost(START).until(() -> Files.readString(logB).contains("operator-a"));

        Cluster.apply(admin, Samples.PRODUCTION, namespace);
        String reconciling = "reconciling " + namespace + "/loomio";
        await().atMost(START).until(() -> Files.readString(logA).contains(reconciling));
        // An instance without status reads as an empty one (initStatus): the written status has observedGeneration.
        await().atMost(START).until(() -> Cluster.get(admin, namespace, "loomio").getStatus()
                .getObservedGeneration() != null);
        assertThat(Files.readString(logB)).as("the follower does not reconcile").doesNotContain(reconciling);
        assertThat(holder(namespace)).isEqualTo("operator-a");

        a.destroy();
        await().atMost(START).until(() -> "operator-b".equals(holder(namespace)));
        assertThat(a.waitFor(START.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(logA)).contains("released the Lease " + namespace + "/loomio-operator-it");
        Cluster.patch(admin, namespace, "loomio", "{\"spec\":{\"siteName\":\"Taken over\"}}");
        await().atMost(START).until(() -> Files.readString(logB).contains(reconciling));
        await().atMost(START).until(() -> {
            LoomioInstance seen = Cluster.get(admin, namespace, "loomio");
            return seen.getStatus() != null && Long.valueOf(2L).equals(seen.getStatus().getObservedGeneration());
        });
        assertThat(b.isAlive()).isTrue();
    }

    private String holder(String namespace) {
        Lease lease = admin.leases().inNamespace(namespace).withName("loomio-operator-it").get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    private Process start(String identity, String namespace, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("LOOMIO_OPERATOR_LEASE_NAME", "loomio-operator-it");
        pb.environment().put("LOOMIO_OPERATOR_LEASE_NAMESPACE", namespace);
        pb.environment().put("LOOMIO_OPERATOR_LEADER_IDENTITY", identity);
        pb.environment().put("LOOMIO_OPERATOR_LEASE_RETRY_PERIOD", "5s");
        pb.environment().put("LOOMIO_OPERATOR_LEASE_RENEW_DEADLINE", "15s");
        pb.environment().put("QUARKUS_OPERATOR_SDK_CONTROLLERS_LOOMIOINSTANCE_NAMESPACES", namespace);
        pb.environment().put("QUARKUS_HTTP_PORT", "0");
        // Outside a pod the operator cannot read its own image: it is told, or it refuses to start.
        pb.environment().put("LOOMIO_AGENT_IMAGE", Samples.AGENT_IMAGE);
        pb.environment().put("QUARKUS_LOG_CATEGORY__DEV_PISTACK_LOOMIO_OPERATOR__LEVEL", "DEBUG");
        Process p = pb.start();
        operators.add(p);
        return p;
    }
}
