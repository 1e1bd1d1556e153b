package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;

/** Desired Deployments of the stateless parts: the Loomio app, its Sidekiq worker, channels and hocuspocus. */
public final class AppDeployments {
    public static final String APP = "app";
    public static final String WORKER = "worker";
    public static final String CHANNELS = "channels";
    public static final String HOCUSPOCUS = "hocuspocus";
    public static final int APP_PORT = 3000;
    /** loomio_channel_server listens on 5000 (PORT) and so does hocuspocus when RAILS_ENV=production. */
    public static final int CHANNELS_PORT = 5000;

    private AppDeployments() {
    }

    /**
     * The Rails app. Its init container waits until the migration Job has brought the schema up to this image
     * ({@code rake db:abort_if_pending_migrations} fails while migrations are pending), so new pods roll out only
     * after the database is ready for them and the old pods keep serving meanwhile.
     */
    public static Deployment app(LoomioInstance i, Tiers tiers) {
        Container waitForMigrations = RailsPod.container(i, "wait-for-migrations", RailsPod.APP_DEFAULTS)
                .withArgs("bundle", "exec", "rake", "db:abort_if_pending_migrations")
                .build();
        Container app = RailsPod.container(i, APP,
                RailsPod.orDefault(i.getSpec().getResources(), RailsPod.APP_DEFAULTS))
                .addNewPort().withName("http").withContainerPort(APP_PORT).endPort()
                .withNewReadinessProbe()
                // Any 2xx/3xx: with FORCE_SSL the plain-HTTP probe gets a redirect, which still shows Rails answers.
                .withNewHttpGet().withPath("/").withPort(new IntOrString("http")).endHttpGet()
                .withInitialDelaySeconds(10).withPeriodSeconds(10).withTimeoutSeconds(5).withFailureThreshold(3)
                .endReadinessProbe()
                .withVolumeMounts(RailsPod.uploadsMounts())
                .build();
        PodSpec pod = RailsPod.podSpec(i).withInitContainers(waitForMigrations).withContainers(app).build();
        return deployment(i, Names.app(i), APP, pod, rollingWithoutDowntime(), tiers);
    }

    /** The Sidekiq worker (TASK=worker, as loomio-deploy runs it). */
    public static Deployment worker(LoomioInstance i, Tiers tiers) {
        Container worker = RailsPod.container(i, WORKER,
                RailsPod.orDefault(i.getSpec().getWorkerResources(), RailsPod.WORKER_DEFAULTS))
                .addNewEnv().withName("TASK").withValue("worker").endEnv()
                .withVolumeMounts(RailsPod.uploadsMounts())
                .build();
        PodSpec pod = RailsPod.podSpec(i).withContainers(worker).build();
        // Recreate: two workers side by side would only cost RAM a Pi does not have.
        return deployment(i, Names.worker(i), WORKER, pod,
                new DeploymentStrategyBuilder().withType("Recreate").build(), tiers);
    }

    /** The websocket server for live updates. */
    public static Deployment channels(LoomioInstance i, Tiers tiers) {
        return channelServer(i, Names.channels(i), CHANNELS, null, tiers);
    }

    /** The collaborative-editing server: the channel-server image running {@code npm run hocuspocus}. */
    public static Deployment hocuspocus(LoomioInstance i, Tiers tiers) {
        return channelServer(i, Names.hocuspocus(i), HOCUSPOCUS, new String[]{"npm", "run", "hocuspocus"},
                tiers);
    }

    private static Deployment channelServer(LoomioInstance i, String name, String component, String[] command,
            Tiers tiers) {
        ContainerBuilder container = new ContainerBuilder()
                .withName(component)
                .withImage(i.getSpec().getChannelsImage())
                .withEnv(LoomioEnv.channels(i))
                .addNewPort().withName("http").withContainerPort(CHANNELS_PORT).endPort()
                .withNewReadinessProbe()
                .withNewTcpSocket().withPort(new IntOrString("http")).endTcpSocket()
                .withPeriodSeconds(10)
                .endReadinessProbe()
                .withResources(RailsPod.resources("50m", "64Mi", "256Mi"))
                .withSecurityContext(PodSecurity.upstreamRootContainer());
        if (command != null) {
            // args, not command: like docker compose's "command", it replaces the image's CMD and keeps any ENTRYPOINT.
            container.withArgs(command);
        }
        PodSpec pod = new PodSpecBuilder()
                .withSecurityContext(PodSecurity.upstreamRootPod())
                .withEnableServiceLinks(false)
                .withContainers(container.build())
                .build();
        return deployment(i, name, component, pod, rollingWithoutDowntime(), tiers);
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
