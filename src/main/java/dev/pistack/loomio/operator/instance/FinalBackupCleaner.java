package dev.pistack.loomio.operator.instance;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.kube.Conditions;
import dev.pistack.loomio.operator.kube.EventRecorder;
import dev.pistack.loomio.operator.kube.EventType;
import dev.pistack.loomio.operator.lifecycle.FinalBackup;
import dev.pistack.loomio.operator.lifecycle.PlannedStopObserver;
import dev.pistack.loomio.operator.lifecycle.PostgresPod;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The LoomioInstance finalizer's work ({@link FinalBackup} decides): stops the app tier, creates the final LoomioBackup, waits for it, and says in {@code Ready} and in Events what it waits for.
 */
@ApplicationScoped
public class FinalBackupCleaner {
    /** How soon a running final backup is looked at again. */
    static final Duration POLL = Duration.ofSeconds(5);
    /** How soon a held instance (failed Required backup) is looked at again, for the user's fix. */
    static final Duration HOLD_POLL = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(FinalBackupCleaner.class);

    private final Clock clock;
    private final EventRecorder events;
    private final StatusWriter statusWriter;

    public FinalBackupCleaner(Clock clock, EventRecorder events, StatusWriter statusWriter) {
        this.clock = clock;
        this.events = events;
        this.statusWriter = statusWriter;
    }

    /**
     * @return {@link DeleteControl#defaultDelete()} once deletion may go on, else a reschedule
     * @throws KubernetesClientException when the API server refuses a write; the SDK retries
     */
    public DeleteControl cleanup(LoomioInstance instance, Context<LoomioInstance> context) {
        KubernetesClient client = context.getClient();
        String namespace = instance.getMetadata().getNamespace();
        Optional<LoomioBackup> backup = Optional.ofNullable(client.resources(LoomioBackup.class)
                .inNamespace(namespace).withName(FinalBackup.backupName(instance)).get());
        Instant now = clock.instant();
        FinalBackup.Decision decision = FinalBackup.decide(instance, PostgresPod.ready(instance, context),
                backup.isPresent() || PlannedStopObserver.appPodsGone(instance, client), backup, now);
        if (decision.action() == FinalBackup.Action.STOP_APP_TIER) {
            stopAppTier(client, instance);
        }
        if (decision.action() == FinalBackup.Action.START) {
            stopAppTier(client, instance);
            try {
                client.resource(FinalBackup.desiredBackup(instance)).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403 || e.getCode() == 404) {
                    // The namespace is being deleted: nothing new can be created in it, and its pods go too.
                    decision = new FinalBackup.Decision(FinalBackup.Action.LET_GO, true,
                            ConditionReason.FINAL_BACKUP_IMPOSSIBLE, "no final backup: the namespace is being"
                                    + " deleted (HTTP " + e.getCode() + " creating it); the instance goes with it");
                } else if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        announce(instance, decision);
        switch (decision.action()) {
            case LET_GO -> {
                LOG.infof("%s/%s: %s", namespace, instance.getMetadata().getName(), decision.message());
                return DeleteControl.defaultDelete();
            }
            case HOLD -> {
                hold(instance, decision, context, now);
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(HOLD_POLL);
            }
            default -> {
                hold(instance, decision, context, now);
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(POLL);
            }
        }
    }

    /** One Event per reason: Ready carries the reason while the finalizer holds. */
    private void announce(LoomioInstance instance, FinalBackup.Decision decision) {
        String current = instance.getStatus() == null
                ? null
                : Conditions.find(instance.getStatus().getConditions(), ConditionType.READY)
                        .map(Condition::getReason).orElse(null);
        if (!decision.reason().value().equals(current)) {
            events.record(instance, decision.warning() ? EventType.WARNING : EventType.NORMAL, decision.reason(),
                    decision.message());
        }
    }

    /** Ready False and Reconciling True with the decision's reason: kstatus and Argo CD show why it is kept. */
    private void hold(LoomioInstance instance, FinalBackup.Decision decision, Context<LoomioInstance> context,
            Instant now) {
        LoomioInstanceStatus current = instance.getStatus() == null
                ? new LoomioInstanceStatus()
                : instance.getStatus();
        long generation = instance.getMetadata().getGeneration() == null ? 0 : instance.getMetadata().getGeneration();
        List<Condition> conditions = new ArrayList<>();
        for (Condition c : current.getConditions()) {
            if (!ConditionType.READY.value().equals(c.getType())
                    && !ConditionType.RECONCILING.value().equals(c.getType())) {
                conditions.add(c);
            }
        }
        conditions.add(0, Conditions.of(current.getConditions(), ConditionType.READY, false, decision.reason(),
                decision.message(), generation, now));
        conditions.add(Conditions.of(current.getConditions(), ConditionType.RECONCILING, true, decision.reason(),
                "being deleted: " + decision.message(), generation, now));
        LoomioInstanceStatus next = Serialization.clone(current);
        next.setConditions(conditions);
        statusWriter.write(instance, next, context);
    }

    /** No new writes during the final backup: the app tier (its Solid Queue worker included) scaled to zero. */
    private static void stopAppTier(KubernetesClient client, LoomioInstance i) {
        String namespace = i.getMetadata().getNamespace();
        for (String name : Names.appTier(i)) {
            patch(() -> client.apps().deployments().inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":0}}"));
        }
    }

    private static void patch(Runnable patch) {
        try {
            patch.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
