package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.api.v1alpha1.ReleaseStatus;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.desired.MigrationJob;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator, running in this JVM as deploy/rbac.yaml's ServiceAccount ({@link OperatorServiceAccount}), reconciling
 * the samples on the real API server and controller manager; the test acts as the cluster admin.
 */
@QuarkusTest
@QuarkusTestResource(OperatorServiceAccount.class)
class ReconcileIT {
    static final KubernetesClient client = Cluster.admin();
    /**
     * What the production sample owns: 2 StatefulSets, 3 Deployments (app, worker, hocuspocus), 4 Services, the
     * migration Job, the backup CronJob, the Ingress, the restore ConfigMap.
     */
    private static final int PRODUCTION_CHILDREN = 13;

    String namespace;

    @BeforeEach
    void namespace() {
        namespace = Cluster.namespace(client, "reconcile");
    }

    @Test
    void productionSampleBecomesTheWholeStackWithOwnerReferences() {
        LoomioInstance instance = Cluster.apply(client, Samples.PRODUCTION, namespace);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(owned(instance)).hasSize(PRODUCTION_CHILDREN));

        assertThat(owned(instance)).allSatisfy(child -> assertThat(child.getMetadata().getOwnerReferences())
                .singleElement().satisfies(ref -> {
                    assertThat(ref.getUid()).isEqualTo(instance.getMetadata().getUid());
                    assertThat(ref.getKind()).isEqualTo("LoomioInstance");
                    assertThat(ref.getController()).isTrue();
                }));
        assertThat(client.secrets().inNamespace(namespace).withName(Names.credentialsSecret(instance)).get()
                .getMetadata().getOwnerReferences()).as("credentials outlive the instance").isEmpty();
        assertThat(client.persistentVolumeClaims().inNamespace(namespace).withName(Names.uploads(instance)).get()
                .getMetadata().getOwnerReferences()).as("uploads outlive the instance").isEmpty();
        assertThat(client.persistentVolumeClaims().inNamespace(namespace).withName(Names.backupPvc(instance)).get()
                .getMetadata().getOwnerReferences()).as("backups outlive the instance").isEmpty();
    }

    /**
     * An instance made by an operator before Loomio 3.x had a channel server (Deployment and Service), an hourly-tasks
     * CronJob and a channels.host Ingress rule: they are gone after the first reconcile of this version, and an
     * object of the same name that the instance does not own is left alone.
     */
    @Test
    void theRetiredChildrenOfAnEarlierVersionAreDeleted() {
        LoomioInstance instance = Cluster.apply(client, Samples.PRODUCTION, namespace);
        await().atMost(Cluster.TIMEOUT).until(() -> client.apps().deployments().inNamespace(namespace)
                .withName(Names.app(instance)).get() != null);
        String name = instance.getMetadata().getName();
        Deployment channels = client.apps().deployments().inNamespace(namespace).withName(Names.app(instance)).get();
        channels.setMetadata(retiredMetadata(instance, name + "-channels", "channels"));
        channels.getSpec().getSelector().setMatchLabels(Map.of("retired", "channels"));
        channels.getSpec().getTemplate().getMetadata().setLabels(Map.of("retired", "channels"));
        channels.setStatus(null);
        client.resource(channels).create();
        CronJob hourly = client.batch().v1().cronjobs().inNamespace(namespace).withName(Names.backupCronJob(instance))
                .get();
        hourly.setMetadata(retiredMetadata(instance, name + "-hourly-tasks", "hourly-tasks"));
        hourly.setStatus(null);
        client.resource(hourly).create();
        // The Service first without the owner reference: someone else's object of the same name.
        Service channelsService = client.services().inNamespace(namespace).withName(Names.app(instance)).get();
        channelsService.setMetadata(retiredMetadata(instance, name + "-channels", "channels"));
        channelsService.getMetadata().setOwnerReferences(List.of());
        channelsService.getSpec().setClusterIP(null);
        channelsService.getSpec().setClusterIPs(null);
        client.resource(channelsService).create();

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            assertThat(client.apps().deployments().inNamespace(namespace).withName(name + "-channels").get()).isNull();
            assertThat(client.batch().v1().cronjobs().inNamespace(namespace).withName(name + "-hourly-tasks").get())
                    .isNull();
        });
        assertThat(client.services().inNamespace(namespace).withName(name + "-channels").get())
                .as("not owned by the instance: left alone").isNotNull();
        assertThat(client.network().v1().ingresses().inNamespace(namespace).withName(Names.ingress(instance)).get()
                .getSpec().getRules()).extracting(r -> r.getHost())
                .containsExactly("loomio.example.org", "hocuspocus.loomio.example.org");

        client.services().inNamespace(namespace).withName(name + "-channels").edit(svc -> {
            svc.getMetadata().setOwnerReferences(retiredMetadata(instance, name, "channels").getOwnerReferences());
            return svc;
        });
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                client.services().inNamespace(namespace).withName(name + "-channels").get()).isNull());
    }

    /**
     * A credentials Secret made by an earlier version has no VAPID keys: they are added, and the values that exist
     * (the database password, the Rails secrets) stay exactly as they were.
     */
    @Test
    void anEarlierCredentialsSecretGainsTheVapidKeysAndKeepsItsValues() {
        LoomioInstance instance = Cluster.apply(client, Samples.PRODUCTION, namespace);
        String name = Names.credentialsSecret(instance);
        Map<String, String> generated = await().atMost(Cluster.TIMEOUT).until(
                () -> client.secrets().inNamespace(namespace).withName(name).get(), s -> s != null).getData();
        // The Secret as an earlier version left it: everything but the VAPID keys.
        client.secrets().inNamespace(namespace).withName(name).edit(s -> {
            s.getData().remove("VAPID_PUBLIC_KEY");
            s.getData().remove("VAPID_PRIVATE_KEY");
            return s;
        });
        Cluster.patch(client, namespace, "loomio", "{\"metadata\":{\"annotations\":{\"touched\":\"1\"}}}");

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(client.secrets().inNamespace(namespace)
                .withName(name).get().getData()).containsKeys("VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"));
        Map<String, String> after = client.secrets().inNamespace(namespace).withName(name).get().getData();
        for (String key : List.of("POSTGRES_PASSWORD", "DEVISE_SECRET", "SECRET_COOKIE_TOKEN")) {
            assertThat(after.get(key)).as(key + " is never replaced").isEqualTo(generated.get(key));
        }
        assertThat(after.get("VAPID_PUBLIC_KEY")).as("a new pair").isNotEqualTo(generated.get("VAPID_PUBLIC_KEY"));
    }

    /** A migration Job that used up its retries stalls the instance, and the message says the way back. */
    @Test
    void aFailedMigrationStallsTheInstanceNamingTheWayBack() {
        LoomioInstance instance = Cluster.apply(client, Samples.PRODUCTION, namespace);
        String job = Names.migrationJob(instance);
        await().atMost(Cluster.TIMEOUT).until(() -> client.batch().v1().jobs().inNamespace(namespace).withName(job)
                .get() != null);
        // Without a kubelet the pod never runs: one retry allowed, and the pod reported failed as a kubelet would.
        // A merge patch carries no resourceVersion: the Job controller's own status writes cannot make it conflict.
        client.batch().v1().jobs().inNamespace(namespace).withName(job)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"backoffLimit\":0}}");
        Map<String, String> pods = Map.of(Labels.JOB_NAME, job);
        await().atMost(Cluster.TIMEOUT).until(() -> !client.pods().inNamespace(namespace).withLabels(pods).list()
                .getItems().isEmpty());
        for (Pod pod : client.pods().inNamespace(namespace).withLabels(pods).list().getItems()) {
            Cluster.reportPodStatus(client, namespace, pod.getMetadata().getName(), s -> s.setPhase("Failed"));
        }

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            LoomioInstanceStatus status = Cluster.get(client, namespace, "loomio").getStatus();
            assertThat(status, ConditionType.STALLED).isTrue().hasReason(ConditionReason.MIGRATION_FAILED);
            assertThat(Conditions.find(status.getConditions(), ConditionType.STALLED).orElseThrow().getMessage())
                    .contains("the migration Job " + job).contains("(the backup taken before the upgrade)");
        });
    }

    private static ObjectMeta retiredMetadata(LoomioInstance instance, String name, String component) {
        return new ObjectMetaBuilder().withName(name).withNamespace(instance.getMetadata().getNamespace())
                .withLabels(Labels.of(instance, component))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(instance.getApiVersion())
                        .withKind(instance.getKind()).withName(instance.getMetadata().getName())
                        .withUid(instance.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true)
                        .build())
                .build();
    }

    @Test
    void postgresPodsFromTheControllerManagerPassValidationInRamMode() {
        LoomioInstance instance = Cluster.apply(client, Samples.PRODUCTION, namespace);
        Pod pod = await().atMost(Cluster.TIMEOUT).until(
                () -> client.pods().inNamespace(namespace).withName(Names.postgres(instance) + "-0").get(),
                p -> p != null);

        assertThat(pod.getSpec().getVolumes()).filteredOn(v -> v.getName().equals("data")).singleElement()
                .satisfies(v -> {
                    assertThat(v.getEmptyDir().getMedium()).isEqualTo("Memory");
                    assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("1Gi"));
                });
        assertThat(pod.getStatus().getQosClass()).as("computed by the API server").isEqualTo("Guaranteed");
        Container postgres = pod.getSpec().getContainers().get(0);
        assertThat(Quantity.getAmountInBytes(postgres.getResources().getLimits().get("memory")))
                .isGreaterThan(Quantity.getAmountInBytes(new Quantity("1Gi")));
        Pod redis = await().atMost(Cluster.TIMEOUT).until(
                () -> client.pods().inNamespace(namespace).withName(Names.redis(instance) + "-0").get(),
                p -> p != null);
        assertThat(redis.getStatus().getQosClass()).isEqualTo("Guaranteed");
        assertThat(redis.getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getEmptyDir().getMedium())
                .isEqualTo("Memory"));
    }

    @Test
    void developmentSampleKeepsDataOnPersistentVolumeClaims() {
        LoomioInstance instance = Cluster.apply(client, Samples.DEVELOPMENT, namespace);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(client.persistentVolumeClaims()
                .inNamespace(namespace).list().getItems()).extracting(p -> p.getMetadata().getName())
                .contains("data-" + Names.postgres(instance) + "-0", "data-" + Names.redis(instance) + "-0",
                        Names.uploads(instance)));
        // The data is on the claim; the only memory-backed volumes are /tmp and the socket directory, of at most 16 MiB.
        assertThat(client.apps().statefulSets().inNamespace(namespace).withName(Names.postgres(instance)).get()
                .getSpec().getTemplate().getSpec().getVolumes()).noneMatch(v -> v.getName().equals("data"))
                .allSatisfy(v -> assertThat(v.getEmptyDir().getSizeLimit()).isIn(new Quantity("16Mi"),
                        new Quantity("1Mi")));
        assertThat(client.network().v1().ingresses().inNamespace(namespace).list().getItems())
                .as("the development sample turns the Ingress off").isEmpty();
    }

    @Test
    void aSecondReconcileChangesNothing() {
        LoomioInstance instance = Cluster.apply(client, Samples.PRODUCTION, namespace);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(owned(instance)).hasSize(PRODUCTION_CHILDREN));
        // Settled: the status has seen every child and the first memory sample (a writer of its own, every 5 s here:
        // its first write after the check below made this test flaky), and nothing has written the instance since.
        await().atMost(Cluster.TIMEOUT).until(() -> {
            LoomioInstance seen = Cluster.get(client, namespace, "loomio");
            return seen.getStatus() != null && seen.getStatus().getMemory() != null
                    && seen.getStatus().getConditions().stream().noneMatch(c -> "NotCreated".equals(c.getReason()));
        });
        String statusVersion = await().atMost(Cluster.TIMEOUT).pollInterval(java.time.Duration.ofSeconds(2))
                .until(new java.util.concurrent.Callable<String>() {
                    private String last;

                    @Override
                    public String call() {
                        String now = Cluster.get(client, namespace, "loomio").getMetadata().getResourceVersion();
                        String previous = last;
                        last = now;
                        return now.equals(previous) ? now : null;
                    }
                }, v -> v != null);
        Map<String, String> before = versions(instance);
        String statusBefore = io.fabric8.kubernetes.client.utils.Serialization.asYaml(
                Cluster.get(client, namespace, "loomio").getStatus());

        // Deleting one child triggers a reconcile; everything else must stay as it is.
        client.services().inNamespace(namespace).withName(Names.app(instance)).delete();
        await().atMost(Cluster.TIMEOUT).until(() -> {
            Service s = client.services().inNamespace(namespace).withName(Names.app(instance)).get();
            return s != null && s.getMetadata().getDeletionTimestamp() == null
                    && !s.getMetadata().getResourceVersion().equals(before.get("Service/" + Names.app(instance)));
        });
        Map<String, String> after = versions(instance);
        after.remove("Service/" + Names.app(instance));
        before.remove("Service/" + Names.app(instance));
        assertThat(after).isEqualTo(before);
        LoomioInstance afterwards = Cluster.get(client, namespace, "loomio");
        assertThat(afterwards.getMetadata().getResourceVersion())
                .as("status unchanged, so not rewritten; before:\n%s\nafter:\n%s\nmetadata after:\n%s", statusBefore,
                        io.fabric8.kubernetes.client.utils.Serialization.asYaml(afterwards.getStatus()),
                        io.fabric8.kubernetes.client.utils.Serialization.asYaml(afterwards.getMetadata()))
                .isEqualTo(statusVersion);
    }

    @Test
    void specChangesPropagateToTheChildren() {
        LoomioInstance instance = Cluster.apply(client, Samples.PRODUCTION, namespace);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(owned(instance)).hasSize(PRODUCTION_CHILDREN));
        String oldJob = Names.migrationJob(instance);

        LoomioInstance changed = Cluster.patch(client, namespace, "loomio",
                "{\"spec\":{\"image\":\"loomio/loomio:v3.0.0\","
                        + "\"postgres\":{\"dataSize\":\"2Gi\"},\"ingress\":{\"enabled\":false}}}");

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            Deployment app = client.apps().deployments().inNamespace(namespace).withName(Names.app(instance)).get();
            assertThat(app.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .isEqualTo("loomio/loomio:v3.0.0");
            StatefulSet pg = client.apps().statefulSets().inNamespace(namespace).withName(Names.postgres(instance))
                    .get();
            assertThat(pg.getSpec().getTemplate().getSpec().getVolumes().get(0).getEmptyDir().getSizeLimit())
                    .isEqualTo(new Quantity("2Gi"));
            assertThat(client.resources(LoomioBackup.class).inNamespace(namespace)
                    .withName(Names.preUpgradeBackup(changed)).get()).as("the backup before the new image's migration")
                    .isNotNull();
            assertThat(client.network().v1().ingresses().inNamespace(namespace).withName("loomio").get()).isNull();
        });
        assertThat(client.batch().v1().jobs().inNamespace(namespace).withName(Names.migrationJob(changed)).get())
                .as("no migration before that backup completed (it cannot run here: no kubelet)").isNull();
        assertThat(Names.migrationJob(changed)).isNotEqualTo(oldJob);
    }

    @Test
    void migrationJobsOfEarlierImagesGoOnceTheNewMigrationCompleted() {
        // Development without backups: the new image migrates at once (no backup before it can be taken).
        LoomioInstance instance = Cluster.apply(client, Samples.DEVELOPMENT, namespace);
        String oldJob = Names.migrationJob(instance);
        await().atMost(Cluster.TIMEOUT).until(() -> job(oldJob) != null);

        LoomioInstance changed = Cluster.patch(client, namespace, instance.getMetadata().getName(),
                "{\"spec\":{\"image\":\"loomio/loomio:v3.0.1\"}}");
        String newJob = Names.migrationJob(changed);
        await().atMost(Cluster.TIMEOUT).until(() -> job(newJob) != null);
        assertThat(job(oldJob)).as("kept while the new migration has not completed").isNotNull();

        // What a kubelet reports when the migration's container exits 0; the Job controller then completes the Job.
        Pod pod = await().atMost(Cluster.TIMEOUT).until(() -> client.pods().inNamespace(namespace)
                .withLabel(Labels.JOB_NAME, newJob).list().getItems().stream().findFirst().orElse(null),
                p -> p != null);
        Cluster.reportPodStatus(client, namespace, pod.getMetadata().getName(), s -> s.setPhase("Succeeded"));

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            assertThat(job(newJob).getStatus().getSucceeded()).isEqualTo(1);
            assertThat(job(oldJob)).as("the old image's Job is deleted").isNull();
        });
    }

    @Test
    void theAppTierRunsTheDigestItsMigrationRanAndAnUpdateRequestMovesIt() {
        // Development without backups: migrations start at once (no backup before them can be taken).
        LoomioInstance instance = Cluster.apply(client, Samples.DEVELOPMENT, namespace);
        String tag = instance.getSpec().getImage();
        String firstJob = Names.migrationJob(instance);
        await().atMost(Cluster.TIMEOUT).until(() -> job(firstJob) != null);
        assertThat(appTierImages(instance)).as("before the first migration: the tag; the pods wait at their gate")
                .containsOnly(tag);

        String digestA = "sha256:" + "a1".repeat(32);
        migrationSucceeded(firstJob, "docker.io/loomio/loomio@" + digestA);
        String pinnedA = "loomio/loomio@" + digestA;
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            ReleaseStatus r = release(instance);
            assertThat(r.image()).isEqualTo(tag);
            assertThat(r.reference()).isEqualTo(pinnedA);
            assertThat(r.migratedAt()).isNotNull();
            assertThat(appTierImages(instance)).containsOnly(pinnedA);
        });
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo(ConditionReason.MIGRATED.value());
                    assertThat(e.getMessage()).contains(pinnedA);
                });

        LoomioInstance requested = Cluster.patch(client, namespace, instance.getMetadata().getName(),
                "{\"metadata\":{\"annotations\":{\"" + MigrationJob.UPDATE_ANNOTATION
                        + "\":\"2026-12-06T15:00:00Z\"}}}");
        String updateJob = Names.migrationJob(requested);
        assertThat(updateJob).isNotEqualTo(firstJob);
        await().atMost(Cluster.TIMEOUT).until(() -> job(updateJob) != null);
        assertThat(job(updateJob).getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy())
                .as("the tag is pulled again").isEqualTo("Always");
        assertThat(appTierImages(instance)).as("the migrated digest runs until the new migration completed")
                .containsOnly(pinnedA);

        String digestB = "sha256:" + "b2".repeat(32);
        migrationSucceeded(updateJob, "docker.io/loomio/loomio@" + digestB);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            assertThat(release(instance).updateRequestedAt()).isEqualTo("2026-12-06T15:00:00Z");
            assertThat(appTierImages(instance)).containsOnly("loomio/loomio@" + digestB);
            assertThat(job(firstJob)).as("the earlier migration Job is deleted").isNull();
        });
    }

    private ReleaseStatus release(LoomioInstance instance) {
        LoomioInstanceStatus status = Cluster.get(client, namespace, instance.getMetadata().getName()).getStatus();
        assertThat(status.getRelease()).as("status.release").isNotNull();
        return status.getRelease();
    }

    /** What a kubelet reports when the migration container exits 0 after running the image imageID names. */
    private void migrationSucceeded(String jobName, String imageID) {
        Pod pod = await().atMost(Cluster.TIMEOUT).until(() -> client.pods().inNamespace(namespace)
                .withLabel(Labels.JOB_NAME, jobName).list().getItems().stream().findFirst().orElse(null),
                p -> p != null);
        String image = pod.getSpec().getContainers().get(0).getImage();
        Cluster.reportPodStatus(client, namespace, pod.getMetadata().getName(), s -> {
            s.setPhase("Succeeded");
            s.setContainerStatuses(List.of(new ContainerStatusBuilder()
                    .withName(MigrationJob.CONTAINER).withImage(image)
                    .withImageID(imageID).withReady(false).withRestartCount(0)
                    .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated()
                    .endState().build()));
        });
    }

    /** The images of the app tier's containers and init containers. */
    private List<String> appTierImages(LoomioInstance instance) {
        return client.apps().deployments().inNamespace(namespace)
                .withLabel("app.kubernetes.io/instance", instance.getMetadata().getName()).list().getItems().stream()
                .flatMap(d -> java.util.stream.Stream.concat(d.getSpec().getTemplate().getSpec().getContainers()
                        .stream(), d.getSpec().getTemplate().getSpec().getInitContainers().stream()))
                .map(Container::getImage).toList();
    }

    private Job job(String name) {
        return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    }

    @Test
    void deletingTheInstanceCollectsItsChildrenButKeepsTheData() {
        LoomioInstance instance = Cluster.apply(client, Samples.PRODUCTION, namespace);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(owned(instance)).hasSize(PRODUCTION_CHILDREN));

        client.resource(instance).delete();

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(owned(instance)).isEmpty());
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(client.pods().inNamespace(namespace)
                .list().getItems()).isEmpty());
        assertThat(client.secrets().inNamespace(namespace).withName(Names.credentialsSecret(instance)).get())
                .isNotNull();
        assertThat(client.persistentVolumeClaims().inNamespace(namespace).withName(Names.uploads(instance)).get())
                .isNotNull();
    }

    @Test
    void conditionsAndObservedGenerationFollowReadiness() {
        LoomioInstance instance = Cluster.apply(client, Samples.PRODUCTION, namespace);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            LoomioInstance seen = Cluster.get(client, namespace, "loomio");
            assertThat(seen.getStatus()).isNotNull();
            assertThat(seen.getStatus().getObservedGeneration()).isEqualTo(1L);
            assertThat(seen.getStatus(), ConditionType.READY).isFalse();
            assertThat(seen.getStatus(), ConditionType.RECONCILING).isTrue().hasObservedGeneration(1L);
        });

        Cluster.makePodsReady(client, namespace, Labels.selector(instance, "database"), 1);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                Cluster.get(client, namespace, "loomio").getStatus(), ConditionType.DATABASE_READY).isTrue());
        Cluster.makePodsReady(client, namespace, Labels.selector(instance, "redis"), 1);
        for (String component : List.of("app", "worker", "hocuspocus")) {
            Cluster.makePodsReady(client, namespace, Labels.selector(instance, component), 1);
        }
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            LoomioInstanceStatus status = Cluster.get(client, namespace, "loomio").getStatus();
            assertThat(status, ConditionType.READY).isTrue().hasReason(ConditionReason.READY);
            assertThat(status, ConditionType.APP_READY).isTrue().hasReason(ConditionReason.AVAILABLE);
            assertThat(status, ConditionType.RECONCILING).isFalse().hasReason(ConditionReason.RECONCILED);
            assertThat(status, ConditionType.STALLED).isFalse().hasReason(ConditionReason.NO_PROBLEMS);
        });
        GitOpsStatus.assertStatus(Cluster.get(client, namespace, "loomio"), "ready", "Current", "Healthy");
        // Events are recorded after the status write they announce, so they may trail it a little.
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                client.v1().events().inNamespace(namespace).list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo(ConditionReason.READY.value());
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("loomio");
                }));

        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"siteName\":\"Renamed\"}}");
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            LoomioInstance seen = Cluster.get(client, namespace, "loomio");
            assertThat(seen.getStatus().getObservedGeneration()).isEqualTo(2L);
            for (ConditionType type : ConditionType.values()) {
                // Hibernated only while spec.hibernate is true, BackupVerified only once a restore test ran.
                if (type != ConditionType.HIBERNATED && type != ConditionType.BACKUP_VERIFIED) {
                    assertThat(seen.getStatus(), type).hasObservedGeneration(2L);
                }
            }
        });
    }

    @Test
    void aMissingSmtpSecretStallsWithAWarningUntilItExists() {
        LoomioInstance withSmtp = Samples.load(Samples.PRODUCTION, namespace);
        withSmtp.getSpec().setSmtpSecretRef(new LocalObjectReference("loomio-smtp"));
        client.resource(withSmtp).create();

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            LoomioInstanceStatus status = Cluster.get(client, namespace, "loomio").getStatus();
            assertThat(status, ConditionType.STALLED).isTrue().hasReason(ConditionReason.SMTP_SECRET_MISSING);
            assertThat(status, ConditionType.READY).isFalse().hasReason(ConditionReason.SMTP_SECRET_MISSING)
                    .hasMessageContaining("loomio-smtp");
        });
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                client.v1().events().inNamespace(namespace).list().getItems()).anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo(ConditionReason.SMTP_SECRET_MISSING.value());
                }));

        client.resource(new SecretBuilder().withNewMetadata().withName("loomio-smtp").withNamespace(namespace)
                .endMetadata().addToStringData("SMTP_SERVER", "smtp.example.org").build()).create();
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                Cluster.get(client, namespace, "loomio").getStatus(), ConditionType.STALLED).isFalse());
    }

    @Test
    void aBackupSecretWithoutKeyStallsAndSaysHowToCreateOne() {
        client.secrets().inNamespace(namespace).withName(Cluster.BACKUP_SECRET).delete();
        await().atMost(Cluster.TIMEOUT).until(
                () -> client.secrets().inNamespace(namespace).withName(Cluster.BACKUP_SECRET).get() == null);
        Cluster.apply(client, Samples.PRODUCTION, namespace);

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                Cluster.get(client, namespace, "loomio").getStatus(), ConditionType.STALLED).isTrue()
                .hasReason(ConditionReason.BACKUP_SECRET_MISSING).hasMessageContaining(Cluster.BACKUP_SECRET)
                .hasMessageContaining("agent keygen"));

        // What `kubectl create secret … --from-literal=BACKUP_ENCRYPTION_KEY="$(cat empty-file)"` makes.
        client.resource(new SecretBuilder().withNewMetadata().withName(Cluster.BACKUP_SECRET)
                .withNamespace(namespace).endMetadata().addToStringData("GDRIVE_FOLDER_ID", "x")
                .addToStringData("BACKUP_ENCRYPTION_KEY", "").build()).create();
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                Cluster.get(client, namespace, "loomio").getStatus(), ConditionType.STALLED).isTrue()
                .hasReason(ConditionReason.BACKUP_KEY_MISSING)
                .hasMessageContaining("has no BACKUP_ENCRYPTION_KEY, or an empty one"));

        client.secrets().inNamespace(namespace).withName(Cluster.BACKUP_SECRET).delete();
        await().atMost(Cluster.TIMEOUT).until(
                () -> client.secrets().inNamespace(namespace).withName(Cluster.BACKUP_SECRET).get() == null);
        client.resource(Cluster.backupSecret(namespace)).create();
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                Cluster.get(client, namespace, "loomio").getStatus(), ConditionType.STALLED).isFalse());
    }

    @Test
    void aMissingDriveSecretStallsAndOnceCreatedTheAgentContainersReadIt() {
        LoomioInstance instance = Samples.load(Samples.PRODUCTION, namespace);
        instance.getSpec().getBackup().setDriveSecretRef(new LocalObjectReference("loomio-drive"));
        client.resource(instance).create();

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                Cluster.get(client, namespace, "loomio").getStatus(), ConditionType.STALLED).isTrue()
                .hasReason(ConditionReason.BACKUP_SECRET_MISSING).hasMessageContaining("backup.driveSecretRef")
                .hasMessageContaining("loomio-drive"));

        client.resource(new SecretBuilder().withNewMetadata().withName("loomio-drive").withNamespace(namespace)
                .endMetadata().addToStringData("GDRIVE_FOLDER_ID", "folder").build()).create();
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                Cluster.get(client, namespace, "loomio").getStatus(), ConditionType.STALLED).isTrue()
                .hasReason(ConditionReason.BACKUP_SETTINGS_INVALID).hasMessageContaining("no Drive credentials"));

        client.resource(new SecretBuilder().withNewMetadata().withName("loomio-drive").withNamespace(namespace)
                .endMetadata().addToStringData("GDRIVE_FOLDER_ID", "folder")
                .addToStringData("GDRIVE_CLIENT_ID", "client").addToStringData("GDRIVE_CLIENT_SECRET", "secret")
                .addToStringData("GDRIVE_REFRESH_TOKEN", "refresh").build()).update();
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            assertThat(Cluster.get(client, namespace, "loomio").getStatus(), ConditionType.STALLED).isFalse();
            CronJob backup = client.batch().v1().cronjobs().inNamespace(namespace).withName("loomio-backup").get();
            assertThat(backup.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getEnvFrom()).extracting(e -> e.getSecretRef().getName())
                    .containsExactly(Cluster.BACKUP_SECRET, "loomio-drive");
        });
    }

    /** Every child the instance owns, across the kinds it creates. */
    private List<HasMetadata> owned(LoomioInstance instance) {
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(client.apps().statefulSets().inNamespace(namespace).list().getItems());
        all.addAll(client.apps().deployments().inNamespace(namespace).list().getItems());
        all.addAll(client.services().inNamespace(namespace).list().getItems());
        all.addAll(client.batch().v1().jobs().inNamespace(namespace).list().getItems());
        all.addAll(client.batch().v1().cronjobs().inNamespace(namespace).list().getItems());
        all.addAll(client.network().v1().ingresses().inNamespace(namespace).list().getItems());
        all.addAll(client.secrets().inNamespace(namespace).list().getItems());
        all.addAll(client.persistentVolumeClaims().inNamespace(namespace).list().getItems());
        all.addAll(client.configMaps().inNamespace(namespace).list().getItems());
        return all.stream().filter(o -> o.getMetadata().getOwnerReferences().stream()
                .anyMatch(r -> r.getUid().equals(instance.getMetadata().getUid()))).toList();
    }

    /**
     * The spec version of each child: metadata.generation where the kind has one (the controller manager's status
     * writes do not change it), else resourceVersion.
     */
    private Map<String, String> versions(LoomioInstance instance) {
        List<HasMetadata> children = new ArrayList<>(owned(instance));
        children.add(client.secrets().inNamespace(namespace).withName(Names.credentialsSecret(instance)).get());
        children.add(client.persistentVolumeClaims().inNamespace(namespace).withName(Names.uploads(instance)).get());
        Map<String, String> versions = new TreeMap<>();
        for (HasMetadata o : children) {
            Long generation = o.getMetadata().getGeneration();
            // The SDK stamps every write of its own with the version it replaced: a write that changed no spec (a
            // field the API server drops, written again each reconcile) shows here, not in the generation.
            String previous = o.getMetadata().getAnnotations() == null
                    ? null
                    : o.getMetadata().getAnnotations().get("javaoperatorsdk.io/previous");
            versions.put(o.getKind() + "/" + o.getMetadata().getName(),
                    (generation != null ? "generation " + generation : o.getMetadata().getResourceVersion())
                            + ", operator's last write after " + previous);
        }
        return versions;
    }
}
