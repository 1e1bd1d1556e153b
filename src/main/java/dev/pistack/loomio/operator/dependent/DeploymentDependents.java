package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.operator.desired.AppDeployments;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The three Deployments of the Loomio tier, sharing the Deployment informer ({@link ChildEventSources#DEPLOYMENTS}). */
public final class DeploymentDependents {
    private DeploymentDependents() {
    }

    /** The Rails app serving HTTP. */
    public static class App extends OwnedDependent<Deployment> {
        public App() {
            super(Deployment.class,
                    (instance, context) -> AppDeployments.app(instance, WorkflowInputs.of(context).tiers(),
                            WorkflowInputs.of(context).releaseImage(), WorkflowInputs.of(context).database()));
        }
    }

    /** The Solid Queue worker. */
    public static class Worker extends OwnedDependent<Deployment> {
        public Worker() {
            super(Deployment.class,
                    (instance, context) -> AppDeployments.worker(instance, WorkflowInputs.of(context).tiers(),
                            WorkflowInputs.of(context).releaseImage(), WorkflowInputs.of(context).database()));
        }
    }

    /** The hocuspocus (collaborative editing) server. */
    public static class Hocuspocus extends OwnedDependent<Deployment> {
        public Hocuspocus() {
            super(Deployment.class,
                    (instance, context) -> AppDeployments.hocuspocus(instance, WorkflowInputs.of(context).tiers(),
                            WorkflowInputs.of(context).releaseImage(), WorkflowInputs.of(context).database()));
        }
    }
}
