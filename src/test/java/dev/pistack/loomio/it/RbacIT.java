package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.operator.desired.AppDeployments;
import dev.pistack.loomio.operator.desired.BackupCronJob;
import dev.pistack.loomio.operator.desired.CredentialsSecret;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.LoomioIngress;
import dev.pistack.loomio.operator.desired.MigrationJob;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.PostgresStatefulSet;
import dev.pistack.loomio.operator.desired.RedisStatefulSet;
import dev.pistack.loomio.operator.desired.Services;
import dev.pistack.loomio.operator.desired.Tiers;
import dev.pistack.loomio.operator.desired.UploadsPvc;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ServiceAccount and roles of deploy/rbac.yaml, on the real API server, allow everything the operator does and
 * no more than an operator needs: server-side apply of every child kind, list and watch, deleting the Ingress,
 * patching the instance's status, Events, reading a referenced Secret, the CRD check at start-up, a leader Lease.
 * (ReconcileIT runs the operator itself under this ServiceAccount; this test covers what no reconcile there does.)
 */
class RbacIT {
    private static final String OPERATOR_NAMESPACE = OperatorServiceAccount.NAMESPACE;

    final KubernetesClient admin = Cluster.admin();

    @Test
    void memorySamplingNeedsNoKubeletRightUnlessTheOptInRoleIsBound() throws Exception {
        Cluster.installCrd(admin);
        OperatorServiceAccount.applyRbac(admin);
        OperatorServiceAccount.unbindKubeletStats(admin);
        try (KubernetesClient operator = asServiceAccount()) {
            assertThat(can(operator, "metrics.k8s.io", "pods", null)).as("pod metrics").isTrue();
            assertThat(can(operator, "metrics.k8s.io", "nodes", null)).as("node metrics").isTrue();
            assertThat(can(operator, "", "nodes", null)).as("a Node's allocatable and MemoryPressure").isTrue();
            assertThat(can(operator, "", "nodes", "stats")).as("kubelet stats by default").isFalse();
            assertThat(can(operator, "", "nodes", "proxy")).as("node proxy (exec into any pod)").isFalse();

            OperatorServiceAccount.bindKubeletStats(admin);
            await().atMost(Cluster.TIMEOUT).untilAsserted(
                    () -> assertThat(can(operator, "", "nodes", "stats")).as("with the opt-in role").isTrue());
            assertThat(can(operator, "", "nodes", "proxy")).as("never node proxy").isFalse();
            assertThat(can(operator, "", "nodes", "log")).as("nor logs").isFalse();
        } finally {
            OperatorServiceAccount.unbindKubeletStats(admin);
        }
    }

    /** @return whether the client may get that (sub)resource of the node loomio-node */
    private static boolean can(KubernetesClient client, String group, String resource, String subresource) {
        return allowed(client, "get", group, resource, subresource, null, "loomio-node");
    }

    /** @return whether the client may do that to any object of the kind in the namespace (null: cluster-wide) */
    private static boolean allowed(KubernetesClient client, String verb, String group, String resource,
            String namespace) {
        return allowed(client, verb, group, resource, null, namespace, null);
    }

    private static boolean allowed(KubernetesClient client, String verb, String group, String resource,
            String subresource, String namespace, String name) {
        return client.authorization().v1().selfSubjectAccessReview().create(new SelfSubjectAccessReviewBuilder()
                .withNewSpec().withNewResourceAttributes().withVerb(verb).withGroup(group).withResource(resource)
                .withSubresource(subresource).withNamespace(namespace).withName(name).endResourceAttributes()
                .endSpec().build()).getStatus().getAllowed();
    }

    @Test
    void theDeployedServiceAccountCanDoWhatTheOperatorDoes() throws Exception {
        Cluster.installCrd(admin);
        OperatorServiceAccount.applyRbac(admin);
        String namespace = Cluster.namespace(admin, "rbac");
        LoomioInstance instance = admin.resource(Samples.load(Samples.PRODUCTION, namespace)).create();

        try (KubernetesClient operator = asServiceAccount()) {
            assertThatThrownBy(() -> operator.namespaces().list())
                    .as("the client is the ServiceAccount, not the admin")
                    .isInstanceOfSatisfying(KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));

            List<HasMetadata> children = List.of(
                    CredentialsSecret.desired(instance, new Random(1), Samples.VAPID, null),
                    UploadsPvc.desired(instance), PostgresStatefulSet.desired(instance, Samples.AGENT_IMAGE, Tiers.ALL),
                    Services.postgres(instance),
                    RedisStatefulSet.desired(instance, Tiers.ALL),
                    AppDeployments.app(instance, Tiers.ALL, instance.getSpec().getImage(), DatabaseLogin.LOOMIO),
                    MigrationJob.desired(instance, DatabaseLogin.LOOMIO),
                    BackupCronJob.desired(instance, Samples.AGENT_IMAGE, Tiers.ALL, DatabaseLogin.LOOMIO),
                    LoomioIngress.desired(instance));
            for (HasMetadata child : children) {
                child.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                        .withApiVersion(instance.getApiVersion()).withKind(instance.getKind())
                        .withName(instance.getMetadata().getName()).withUid(instance.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build()));
                operator.resource(child).fieldManager("loomioinstance").forceConflicts().serverSideApply();
                listAndWatch(operator, child.getClass());
            }
            operator.resource(LoomioIngress.desired(instance)).delete();

            assertThat(operator.resources(LoomioInstance.class).inAnyNamespace().list().getItems()).isNotEmpty();
            LoomioInstance withStatus = operator.resources(LoomioInstance.class).inNamespace(namespace)
                    .withName(instance.getMetadata().getName()).get();
            withStatus.setStatus(new LoomioInstanceStatus());
            withStatus.getStatus().setObservedGeneration(1L);
            // Unconditional: an operator left running in this JVM by an earlier @QuarkusTest may have added its
            // finalizer since the read; what is tested is the right to write status, not the race.
            withStatus.getMetadata().setResourceVersion(null);
            operator.resource(withStatus).patchStatus();

            operator.v1().events().inNamespace(namespace).resource(new EventBuilder().withNewMetadata()
                    .withName("loomio.rbac").endMetadata().withNewInvolvedObject().withKind("LoomioInstance")
                    .withName("loomio").withNamespace(namespace).endInvolvedObject().withReason("Test")
                    .withMessage("rbac").withType("Normal").build()).create();
            assertThat(operator.secrets().inNamespace(namespace).withName("loomio-smtp").get()).isNull();
            assertThat(operator.apiextensions().v1().customResourceDefinitions()
                    .withName("loomioinstances.loomio.pistack.dev").get()).isNotNull();
            operator.leases().inNamespace(OPERATOR_NAMESPACE).resource(new LeaseBuilder().withNewMetadata()
                    .withName("rbac-test-" + namespace).endMetadata().withNewSpec().withHolderIdentity("rbac-test")
                    .endSpec().build()).create();
            // What a replica does to take over the Lease of one that stopped (fabric8's LeaderElector patches it).
            operator.leases().inNamespace(OPERATOR_NAMESPACE).withName("rbac-test-" + namespace).edit(l -> {
                l.getSpec().setHolderIdentity("rbac-test-2");
                return l;
            });
        }
    }

    /**
     * The chart's namespaced mode (watchNamespaces): its ServiceAccount and roles, applied as helm renders them, let
     * the packaged operator, told to watch one namespace, reconcile an instance there with no request refused, and
     * give it no right on namespaced objects elsewhere; cluster-wide it keeps only nodes, node metrics and the CRD.
     */
    @Test
    void watchingOneNamespaceTheChartsRolesSufficeThereAndGrantNothingElsewhere() throws Exception {
        Cluster.installCrd(admin);
        String operatorNamespace = Cluster.namespace(admin, "rbac-op");
        String watched = Cluster.namespace(admin, "rbac-watched");
        String other = Cluster.namespace(admin, "rbac-other");
        String release = operatorNamespace; // unique, so its cluster-wide objects are this test's own
        String serviceAccount = release + "-loomio-operator";
        String rendered = GitOpsStatus.runTool("helm4", "template", release, "charts/loomio-operator", "-n",
                operatorNamespace, "--kube-version", admin.getKubernetesVersion().getGitVersion(), "--set",
                "watchNamespaces={" + watched + "}", "--show-only",
                "templates/serviceaccount.yaml", "--show-only", "templates/rbac.yaml");
        List<HasMetadata> objects = admin.load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)))
                .items();
        assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ServiceAccount",
                "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Role", "RoleBinding", "ClusterRole",
                "ClusterRole");
        Path log = Path.of("target/rbac-namespaced-operator.log");
        Files.deleteIfExists(log);
        try {
            objects.forEach(o -> admin.resource(o).fieldManager("integration-tests").serverSideApply());
            Path kubeconfig = OperatorServiceAccount.kubeconfigOf(admin, operatorNamespace, serviceAccount,
                    Path.of("target/rbac-namespaced.kubeconfig"));
            try (KubernetesClient operator = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
                assertThat(allowed(operator, "list", "", "secrets", watched)).as("Secrets where it watches").isTrue();
                assertThat(allowed(operator, "create", "apps", "statefulsets", watched)).isTrue();
                assertThat(allowed(operator, "list", "", "secrets", other)).as("Secrets elsewhere").isFalse();
                assertThat(allowed(operator, "list", "", "pods", other)).as("pods elsewhere").isFalse();
                assertThat(allowed(operator, "list", "", "pods", null)).as("pods cluster-wide").isFalse();
                assertThat(allowed(operator, "update", "", "secrets", watched)).as("replacing a Secret").isFalse();
                assertThat(allowed(operator, "delete", "", "secrets", watched)).as("deleting a Secret").isFalse();
                assertThat(allowed(operator, "get", "", "nodes", null)).as("a Node's memory").isTrue();
                assertThat(allowed(operator, "get", "", "pods", operatorNamespace)).as("its own pod").isTrue();
                assertThat(allowed(operator, "get", "apiextensions.k8s.io", "customresourcedefinitions", null))
                        .isTrue();
            }
            try (PackagedOperator operator = PackagedOperator.start(kubeconfig, List.of(
                    "quarkus.operator-sdk.controllers.loomioinstance.namespaces=" + watched,
                    "quarkus.operator-sdk.controllers.loomiobackup.namespaces=" + watched,
                    "quarkus.log.category.\"dev.pistack.loomio.operator\".level=DEBUG"), log)) {
                admin.resource(Samples.load(Samples.PRODUCTION, watched)).create();
                admin.resource(Samples.load(Samples.PRODUCTION, other)).create();
                await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
                    LoomioInstance reconciled = Cluster.get(admin, watched, "loomio");
                    assertThat(reconciled.getStatus()).isNotNull();
                    assertThat(reconciled.getStatus().getObservedGeneration()).isEqualTo(1L);
                    assertThat(admin.apps().statefulSets().inNamespace(watched)
                            .withName(Names.postgres(reconciled)).get()).isNotNull();
                    assertThat(admin.secrets().inNamespace(watched).withName(Names.credentialsSecret(reconciled))
                            .get()).isNotNull();
                    assertThat(Files.readString(log)).contains("reconciling " + watched + "/loomio");
                });
                String output = Files.readString(log);
                assertThat(output).as("the namespaced operator's log (%s)", log)
                        .doesNotContain("reconciling " + other + "/").doesNotContain("Forbidden")
                        .doesNotContain("forbidden");
            }
        } finally {
            objects.stream().filter(o -> o.getKind().startsWith("Cluster")).forEach(o -> admin.resource(o).delete());
        }
    }

    /** What an informer does: list across namespaces, then watch. */
    private static <T extends HasMetadata> void listAndWatch(KubernetesClient client, Class<T> type) {
        assertThat(client.resources(type).inAnyNamespace().list().getItems()).as("list %s", type.getSimpleName())
                .isNotEmpty();
        try (Watch w = client.resources(type).inAnyNamespace().watch(new Watcher<T>() {
            @Override
            public void eventReceived(Action action, T resource) {
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            assertThat(w).isNotNull();
        }
    }

    private KubernetesClient asServiceAccount() {
        String token = admin.serviceAccounts().inNamespace(OPERATOR_NAMESPACE).withName("loomio-operator")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
                .getStatus().getToken();
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(admin.getConfiguration().getMasterUrl())
                .withCaCertData(admin.getConfiguration().getCaCertData())
                .withCaCertFile(admin.getConfiguration().getCaCertFile())
                .withOauthToken(token)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
