package dev.pistack.loomio.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test: deletes the namespaces that test created ({@link Cluster#namespace} labels them with the thread
 * that ran it), waits until their pods on the node are gone (it has 2 cores, and a finished test's pods would keep the
 * next one's from being scheduled), then deletes their PersistentVolumes ({@link HostPathVolumes}) and directories.
 * Only the finished test's: end-to-end tests run concurrently ({@link EndToEnd}), each on its own thread from its
 * {@code @BeforeEach} to its {@code @AfterEach}. Stateless, found by label: {@code @QuarkusTest} classes run in
 * Quarkus' class loader, this extension in JUnit's, and a thread's name is the same in both. Registered for every
 * test by JUnit's extension autodetection (src/test/resources/META-INF/services; quarkus-junit5 turns it on).
 */
public class DeleteTestNamespaces implements AfterEachCallback {
    /** The label of what tests create; its value names the test namespace. */
    static final String LABEL = "loomio-operator.test/namespace";
    /** The label of a test namespace naming the thread that created it ({@link #runner}). */
    static final String RUNNER = "loomio-operator.test/runner";

    /** @return the current thread's name as a label value (at most 63 of [A-Za-z0-9_.-]) */
    static String runner() {
        String name = Thread.currentThread().getName().replaceAll("[^A-Za-z0-9_.-]", "_");
        return name.substring(0, Math.min(63, name.length()));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!context.getRequiredTestClass().getPackageName().equals(DeleteTestNamespaces.class.getPackageName())) {
            return; // not a test of the cluster
        }
        // Around a @QuarkusTest the context class loader is Quarkus' one; fabric8 finds its HTTP client through it.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(DeleteTestNamespaces.class.getClassLoader());
        try {
            deleteWhatTestsCreated();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void deleteWhatTestsCreated() throws IOException {
        try (KubernetesClient admin = Cluster.admin()) {
            List<Namespace> created = admin.namespaces().withLabel(RUNNER, runner()).list().getItems();
            if (created.isEmpty()) {
                return;
            }
            List<String> namespaces = created.stream().map(n -> n.getMetadata().getName()).toList();
            // A test may have deleted its namespace itself: its volumes are still to go.
            created.stream().filter(n -> n.getMetadata().getDeletionTimestamp() == null)
                    .forEach(n -> admin.resource(n).delete());
            // Only pods bound to the node hold its CPU and memory; unscheduled ones (no node, or cordoned) do not.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> namespaces.stream()
                    .allMatch(ns -> admin.pods().inNamespace(ns).list().getItems().stream()
                            .noneMatch(p -> p.getSpec().getNodeName() != null)));
            for (PersistentVolume volume : admin.persistentVolumes()
                    .withLabelIn(LABEL, namespaces.toArray(String[]::new))
                    .list().getItems()) {
                admin.resource(volume).delete();
                deleteTree(Path.of(volume.getSpec().getHostPath().getPath()));
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
