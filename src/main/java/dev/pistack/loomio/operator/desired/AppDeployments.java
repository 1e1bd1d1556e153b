package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;

/**
 * Desired Deployments of the Loomio 3.x app tier, all from the one Loomio image as upstream's compose file runs it
 * (loomio/loomio deploy/docker-compose.yml, commit 95ca1df7; docker_start.sh): the app (Puma with ActionCable at
 * {@code /cable}), the worker ({@code TASK=worker}: Solid Queue's {@code bin/jobs start}, recurring jobs included)
 * and hocuspocus ({@code TASK=hocuspocus}: {@code node hocuspocus/server.mjs}). They run the given image, the release
 * whose migrations ran ({@code Releases#image}), and each pod first checks the schema is migrated for it, so no
 * process runs a release whose migrations have not run.
 */
public final class AppDeployments {
    public static final String APP = "app";
    public static final String WORKER = "worker";
    public static final String HOCUSPOCUS = "hocuspocus";
    /** Puma's port (config/puma.rb; upstream's compose file exposes and health-checks 3000). */
    public static final int APP_PORT = 3000;
    /** hocuspocus/server.mjs listens on 80 when RAILS_ENV is production (loomio/loomio, commit 1858c58c). */
    public static final int HOCUSPOCUS_PORT = 80;

    private AppDeployments() {
    }

    /** The Rails app: Puma, serving the web UI, the API and ActionCable's {@code /cable}. */
    public static Deployment app(LoomioInstance i, Tiers tiers, String image, DatabaseLogin database) {
        Container app = RailsPod.container(i, database, APP,
                RailsPod.orDefault(i.getSpec().getResources(), RailsPod.APP_DEFAULTS), image)
                .addNewPort().withName("http").withContainerPort(APP_PORT).endPort()
                // A first start on a Pi loads the whole Rails app (and runs db:prepare): up to 5 minutes.
                .withStartupProbe(appProbe(5, 60))
                .withReadinessProbe(appProbe(10, 3))
                .withLivenessProbe(appProbe(30, 4))
                .withVolumeMounts(RailsPod.uploadsMounts())
                .build();
        PodSpec pod = RailsPod.podSpec(i).withInitContainers(RailsPod.waitForMigrations(i, database, image))
                .withContainers(app).build();
        return deployment(i, Names.app(i), APP, pod, rollingWithoutDowntime(), tiers);
    }

    /**
     * Upstream's own health check (deploy/docker-compose.yml: {@code curl --fail http://localhost:3000/}), run by
     * the kubelet in the container. Not an httpGet probe: with FORCE_SSL Rails answers plain HTTP with a redirect to
     * https://, and the kubelet follows it (kubernetes/kubernetes#136698) into TLS that Puma does not speak, so the
     * pod would never be Ready. curl without {@code -L} counts the redirect as the answer it is: Rails is up.
     * Proven against Rails' own ActionDispatch::SSL in RailsSslProbeE2E.
     *
     * @param periodSeconds seconds between two probes
     * @param failureThreshold failures in a row before the probe fails
     */
    static Probe appProbe(int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewExec().withCommand("curl", "--fail", "--silent", "--output", "/dev/null", "--max-time", "4",
                        "http://localhost:" + APP_PORT + "/")
                .endExec()
                .withPeriodSeconds(periodSeconds).withTimeoutSeconds(5).withFailureThreshold(failureThreshold)
                .build();
    }

    /** The Solid Queue worker (TASK=worker): jobs and the recurring ones of config/recurring.yml, hourly tasks included. */
    public static Deployment worker(LoomioInstance i, Tiers tiers, String image, DatabaseLogin database) {
        Container worker = RailsPod.container(i, database, WORKER,
                RailsPod.orDefault(i.getSpec().getWorkerResources(), RailsPod.WORKER_DEFAULTS), image)
                .addNewEnv().withName("TASK").withValue("worker").endEnv()
                .withVolumeMounts(RailsPod.uploadsMounts())
                .build();
        PodSpec pod = RailsPod.podSpec(i).withInitContainers(RailsPod.waitForMigrations(i, database, image))
                .withContainers(worker).build();
        // Recreate: two workers side by side would only cost RAM a Pi does not have.
        return deployment(i, Names.worker(i), WORKER, pod,
                new DeploymentStrategyBuilder().withType("Recreate").build(), tiers);
    }

    /** The collaborative-editing server, from the Loomio image (TASK=hocuspocus); it asks the app to authorize. */
    public static Deployment hocuspocus(LoomioInstance i, Tiers tiers, String image, DatabaseLogin database) {
        Container hocuspocus = RailsPod.container(i, database, HOCUSPOCUS, RailsPod.HOCUSPOCUS_DEFAULTS, image)
                .withEnv(LoomioEnv.hocuspocus(i))
                .addNewEnv().withName("TASK").withValue("hocuspocus").endEnv()
                .withEnvFrom()
                .addNewPort().withName("http").withContainerPort(HOCUSPOCUS_PORT).endPort()
                .withNewReadinessProbe()
                .withNewTcpSocket().withPort(new IntOrString("http")).endTcpSocket()
                .withPeriodSeconds(10)
                .endReadinessProbe()
                .build();
        PodSpec pod = RailsPod.podSpec().withInitContainers(RailsPod.waitForMigrations(i, database, image))
                .withContainers(hocuspocus).build();
        return deployment(i, Names.hocuspocus(i), HOCUSPOCUS, pod, rollingWithoutDowntime(), tiers);
    }

    private static DeploymentStrategy rollingWithoutDowntime() {
        return new DeploymentStrategyBuilder().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0))
                .endRollingUpdate().build();
    }

    private static Deployment deployment(LoomioInstance i, String name, String component, PodSpec pod,
            DeploymentStrategy strategy, Tiers tiers) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, component))
                .endMetadata()
                .withNewSpec()
                .withReplicas(Tiers.replicas(tiers.app()))
                .withRevisionHistoryLimit(3)
                .withNewSelector().withMatchLabels(Labels.selector(i, component)).endSelector()
                .withStrategy(strategy)
                .withNewTemplate()
                .withNewMetadata().withLabels(Labels.of(i, component)).endMetadata()
                .withSpec(pod)
                .endTemplate()
                .endSpec()
                .build();
    }
}
