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
 * After each test: deletes the namespaces tests created ({@link Cluster#namespace} labels them), waits until their
 * pods on the node are gone (it has 2 cores, and a finished test's pods would keep the next one's from being scheduled),
 * then deletes the test PersistentVolumes ({@link HostPathVolumes}) and their directories. Stateless, found by label:
 * {@code @QuarkusTest} classes run in Quarkus' class loader, this extension in JUnit's. Registered for every test by
 * JUnit's extension autodetection (src/test/resources/META-INF/services; quarkus-junit5 turns autodetection on).
 */
public class DeleteTestNamespaces implements AfterEachCallback {
    /** The label of what tests create; its value names the test namespace. */
    static final String LABEL = "loomio-operator.test/namespace";

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
            List<String> namespaces = admin.namespaces().withLabel(LABEL).list().getItems().stream()
                    .map(Namespace::getMetadata).filter(m -> m.getDeletionTimestamp() == null)
                    .map(m -> m.getName()).toList();
            for (String namespace : namespaces) {
                admin.namespaces().withName(namespace).delete();
            }
            // Only pods bound to the node hold its CPU and memory; unscheduled ones (no node, or cordoned) do not.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> namespaces.stream()
                    .allMatch(ns -> admin.pods().inNamespace(ns).list().getItems().stream()
                            .noneMatch(p -> p.getSpec().getNodeName() != null)));
            for (PersistentVolume volume : admin.persistentVolumes().withLabel(LABEL).list().getItems()) {
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
