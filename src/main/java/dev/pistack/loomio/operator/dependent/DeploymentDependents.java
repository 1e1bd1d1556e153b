package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.operator.desired.AppDeployments;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The four Deployments of the Loomio tier, sharing the Deployment informer ({@link ChildEventSources#DEPLOYMENTS}). */
public final class DeploymentDependents {
    private DeploymentDependents() {
    }

    /** The Rails app serving HTTP. */
    public static class App extends OwnedDependent<Deployment> {
        public App() {
            super(Deployment.class, AppDeployments::app);
        }
    }

    /** The Sidekiq worker. */
    public static class Worker extends OwnedDependent<Deployment> {
        public Worker() {
            super(Deployment.class, AppDeployments::worker);
        }
    }

    /** The channels (websocket) server. */
    public static class Channels extends OwnedDependent<Deployment> {
        public Channels() {
            super(Deployment.class, AppDeployments::channels);
        }
    }

    /** The hocuspocus (collaborative editing) server. */
    public static class Hocuspocus extends OwnedDependent<Deployment> {
        public Hocuspocus() {
            super(Deployment.class, AppDeployments::hocuspocus);
        }
    }
}
