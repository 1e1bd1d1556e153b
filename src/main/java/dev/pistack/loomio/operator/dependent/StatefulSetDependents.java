package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.operator.desired.PostgresStatefulSet;
import dev.pistack.loomio.operator.desired.RedisStatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** The data tier, sharing the StatefulSet informer ({@link ChildEventSources#STATEFUL_SETS}). */
public final class StatefulSetDependents {
    private StatefulSetDependents() {
    }

    /**
     * Postgres: RAM (memory emptyDir) in production, a PersistentVolumeClaim in development; restore init containers
     * with the agent from the operator's image.
     */
    public static class Postgres extends OwnedDependent<StatefulSet> {
        public Postgres() {
            super(StatefulSet.class,
                    (instance, context) -> PostgresStatefulSet.desired(instance,
                            WorkflowInputs.of(context).agentImage(), WorkflowInputs.of(context).tiers()));
        }
    }

    /** Redis: as Postgres. */
    public static class Redis extends OwnedDependent<StatefulSet> {
        public Redis() {
            super(StatefulSet.class,
                    (instance, context) -> RedisStatefulSet.desired(instance,
                            WorkflowInputs.of(context).tiers()));
        }
    }
}
