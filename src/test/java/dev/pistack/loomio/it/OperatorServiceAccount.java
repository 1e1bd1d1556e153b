package dev.pistack.loomio.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the operator of the integration tests (and, through {@link #install}, the end-to-end tests' {@link
 * OperatorProcess}) as deploy/rbac.yaml's ServiceAccount, so every reconcile a test drives
 * also checks the shipped RBAC: a rule missing there fails the test that needs it. As a user would, it installs the
 * CRD and applies deploy/rbac.yaml with the admin's credentials, then points the operator's client at a kubeconfig
 * holding only a token of the ServiceAccount (the system property {@code kubeconfig} wins over $KUBECONFIG, which the
 * tests' own admin client reads).
 */
public class OperatorServiceAccount implements QuarkusTestResourceLifecycleManager {
    static final String NAMESPACE = "loomio-operator";
    static final String NAME = "loomio-operator";
    private static final Path KUBELET_STATS = Path.of("deploy/rbac-kubelet-stats.yaml");
    private static final Path KUBECONFIG = Path.of("target/operator-service-account.kubeconfig");

    @Override
    public Map<String, String> start() {
        System.setProperty("kubeconfig", install().toAbsolutePath().toString());
        return Map.of("quarkus.operator-sdk.crd.apply", "false");
    }

    /**
     * Installs the CRDs and deploy/rbac.yaml as a user does, with the admin's credentials.
     *
     * @return a kubeconfig file holding only a token of the operator's ServiceAccount (valid 2 hours)
     */
    static synchronized Path install() {
        try (KubernetesClient admin = Cluster.admin()) {
            Cluster.installCrd(admin);
            applyRbac(admin);
            return kubeconfigOf(admin, NAMESPACE, NAME, KUBECONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        System.clearProperty("kubeconfig");
    }

    static void applyRbac(KubernetesClient admin) throws IOException {
        apply(admin, Path.of("deploy/rbac.yaml"));
    }

    /**
     * Deletes deploy/rbac.yaml's cluster-wide objects (what {@code kubectl delete -k deploy/} would remove of them):
     * the next {@link #install} applies them again.
     */
    static void deleteClusterRbac(KubernetesClient admin) throws IOException {
        try (InputStream rbac = Files.newInputStream(Path.of("deploy/rbac.yaml"))) {
            for (HasMetadata item : admin.load(rbac).items()) {
                if (item.getKind().startsWith("Cluster")) {
                    admin.resource(item).delete();
                }
            }
        }
    }

    /** Binds the opt-in role of deploy/rbac-kubelet-stats.yaml to the ServiceAccount. */
    static void bindKubeletStats(KubernetesClient admin) throws IOException {
        apply(admin, KUBELET_STATS);
    }

    /** Removes the opt-in role and its binding: the ServiceAccount has only deploy/rbac.yaml's rights again. */
    static void unbindKubeletStats(KubernetesClient admin) throws IOException {
        try (InputStream rbac = Files.newInputStream(KUBELET_STATS)) {
            admin.load(rbac).delete();
        }
    }

    private static void apply(KubernetesClient admin, Path file) throws IOException {
        admin.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .serverSideApply();
        try (InputStream rbac = Files.newInputStream(file)) {
            for (HasMetadata item : admin.load(rbac).items()) {
                if (!item.getKind().startsWith("Cluster")) {
                    item.getMetadata().setNamespace(NAMESPACE);
                }
                admin.resource(item).fieldManager("integration-tests").forceConflicts().serverSideApply();
            }
        }
    }

    /**
     * Writes a kubeconfig holding only a fresh token (2 hours) of that ServiceAccount.
     *
     * @return the file
     */
    static Path kubeconfigOf(KubernetesClient admin, String namespace, String serviceAccount, Path file)
            throws IOException {
        String token = admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec()
                        .build())
                .getStatus().getToken();
        Files.writeString(file, kubeconfig(admin.getConfiguration(), token));
        return file;
    }

    private static String kubeconfig(Config admin, String token) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: local
                  cluster: {server: "%s", certificate-authority-data: "%s"}
                users:
                - name: operator
                  user: {token: "%s"}
                contexts:
                - name: operator
                  context: {cluster: local, user: operator, namespace: %s}
                current-context: operator
                """.formatted(admin.getMasterUrl(), admin.getCaCertData(), token, NAMESPACE);
    }
}
