package dev.pistack.loomio.it;

import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Helpers for integration tests on the local control plane (hack/local-cluster.sh). There is no kubelet, so a test
 * that needs a ready pod marks it ready through the pods/status subresource, as a kubelet would.
 */
final class Cluster {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final Path CRD = Path.of("crds/loomioinstances.loomio.pistack.dev-v1.yml");
    static final List<Path> CRDS = List.of(CRD, Path.of("crds/loomiobackups.loomio.pistack.dev-v1.yml"),
            Path.of("crds/loomiorestores.loomio.pistack.dev-v1.yml"));

    private Cluster() {
    }

    /**
     * @return a client with the cluster admin's credentials, from the file $KUBECONFIG names (hack/test.sh sets it);
     *     the tests act as the user with it, while the operator under test has only its ServiceAccount's rights
     */
    static KubernetesClient admin() {
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null) {
            throw new IllegalStateException("KUBECONFIG is not set: run the tests through hack/test.sh");
        }
        try {
            return new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig))))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Installs the committed CRDs (crds/), as a user does, and waits until the API server serves them. */
    static void installCrd(KubernetesClient admin) {
        for (Path crd : CRDS) {
            installCrd(admin, crd);
        }
    }

    private static void installCrd(KubernetesClient admin, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            CustomResourceDefinition crd = admin.apiextensions().v1().customResourceDefinitions().load(in).item();
            admin.resource(crd).fieldManager("integration-tests").forceConflicts().serverSideApply();
            admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(
                                    cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                            TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return a fresh namespace named after the test, so tests never see each other's objects; it is deleted after
     *     the test ({@link DeleteTestNamespaces}); call it from the test's own thread (a test method or
     *     {@code @BeforeEach}), whose namespaces are deleted after it
     */
    static String namespace(KubernetesClient client, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels(DeleteTestNamespaces.LABEL, name)
                .addToLabels(DeleteTestNamespaces.RUNNER, DeleteTestNamespaces.runner()).endMetadata().build())
                .create();
        client.secrets().inNamespace(name).resource(backupSecret(name)).create();
        return name;
    }

    /** The name of the backup Secret the samples refer to. */
    static final String BACKUP_SECRET = "loomio-backup";

    /**
     * The backup Secret the production sample needs, as a user creates it before applying it (docs/backups.md, Backups): a
     * fresh key from the agent's keygen. Every test namespace has one.
     */
    static Secret backupSecret(String namespace) {
        return new SecretBuilder().withNewMetadata().withName(BACKUP_SECRET).withNamespace(namespace).endMetadata()
                .addToStringData("BACKUP_ENCRYPTION_KEY", FernetKey.generate(new SecureRandom()).encoded())
                .build();
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

    /**
     * Marks every pod with these labels Running and Ready, once each exists (count of them expected): what a kubelet
     * would report. Only for the integration tests, which run with the node cordoned so no kubelet owns these pods,
     * and only to reach states that need the Loomio images, which cannot exist here (the whole stack Ready, a
     * completed migration). Real readiness of Postgres and Redis is proven on the node by DataTierE2E.
     */
    static void makePodsReady(KubernetesClient client, String namespace, Map<String, String> labels, int count) {
        await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(namespace).withLabels(labels).list().getItems()
                .size() >= count);
        for (Pod listed : client.pods().inNamespace(namespace).withLabels(labels).list().getItems()) {
            String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
            reportPodStatus(client, namespace, listed.getMetadata().getName(), status -> {
                status.setPhase("Running");
                status.setConditions(List.of(
                        new PodConditionBuilder().withType("Ready").withStatus("True").withLastTransitionTime(now)
                                .build(),
                        new PodConditionBuilder().withType("ContainersReady").withStatus("True")
                                .withLastTransitionTime(now).build()));
                status.setStartTime(now);
            });
        }
    }

    /**
     * Writes a pod's status as a kubelet would, through the pods/status subresource. The scheduler writes
     * PodScheduled=False on the unschedulable pod meanwhile, so a 409 is retried on a fresh read (a stale write failed
     * ReconcileIT in CI twice).
     *
     * @param change applied to the freshly read status before each attempt
     */
    static void reportPodStatus(KubernetesClient client, String namespace, String podName,
            Consumer<PodStatus> change) {
        await().atMost(TIMEOUT).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
            Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
            change.accept(pod.getStatus());
            client.pods().inNamespace(namespace).resource(pod).updateStatus();
            return true;
        });
    }

    /**
     * Runs the cluster's kubectl as the admin (KUBECONFIG of hack/test.sh), as a user would.
     *
     * @return its standard output and error
     * @throws AssertionError with its output when it exits non-zero
     */
    static String kubectl(String... args) throws java.io.IOException, InterruptedException {
        Process bindir = new ProcessBuilder("hack/local-cluster.sh", "bindir").start();
        String kubectl = new String(bindir.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .strip() + "/kubectl";
        bindir.waitFor();
        String[] command = new String[args.length + 1];
        command[0] = kubectl;
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(p.waitFor()).as("kubectl %s: %s", String.join(" ", args), out)
                .isZero();
        return out;
    }
}
