package dev.pistack.loomio.operator.instance;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.operator.backup.RestoreTestResultsTest;
import dev.pistack.loomio.operator.desired.AppDeployments;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.PostgresStatefulSet;
import dev.pistack.loomio.operator.desired.RedisStatefulSet;
import dev.pistack.loomio.operator.desired.Tiers;
import dev.pistack.loomio.operator.kube.Problem;
import dev.pistack.loomio.operator.lifecycle.PlannedStopView;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StatusCalculatorTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-21T10:05:00Z");

    private final LoomioInstance instance = Samples.load(Samples.PRODUCTION, "ns");

    @Test
    void readyWhenEveryComponentServes() {
        instance.getMetadata().setGeneration(3L);
        instance.getSpec().getBackup().getRestoreTest().setEnabled(true);
        Observed ready = allReady();
        Observed tested = new Observed(ready.postgres(), ready.redis(), ready.deployments(), Optional.empty(),
                List.of(), List.of(RestoreTestResultsTest.passed("t1", "2026-11-21T03:44:00Z")), Optional.empty());
        LoomioInstanceStatus status = StatusCalculator.compute(instance, tested, Optional.empty(), List.of(), T0);

        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        ConditionType[] awake = java.util.Arrays.stream(ConditionType.values())
                .filter(t -> t != ConditionType.HIBERNATED).toArray(ConditionType[]::new);
        assertThat(status.getConditions()).extracting(Condition::getType).as("every type but Hibernated")
                .containsExactly(java.util.Arrays.stream(awake).map(ConditionType::value).toArray(String[]::new));
        assertThat(status, ConditionType.READY).isTrue();
        assertThat(status, ConditionType.RECONCILING).isFalse();
        assertThat(status, ConditionType.STALLED).isFalse();
        for (ConditionType type : awake) {
            assertThat(status, type).hasObservedGeneration(3L);
        }
        assertThat(status, ConditionType.BACKUP_VERIFIED).isTrue();
        assertThat(status, ConditionType.BACKUP_VERIFIED).hasMessageContaining(
                "backup loomio-hourly-20261121-021700.sql.gz.enc (Local) restored into a scratch server");
    }

    @Test
    void notReadyAndReconcilingWhileAPodIsNotReady() {
        Observed observed = new Observed(
                Optional.of(statefulSet(PostgresStatefulSet.desired(instance, Samples.AGENT_IMAGE, Tiers.ALL), 0)),
                Optional.of(statefulSet(RedisStatefulSet.desired(instance, Tiers.ALL), 1)), availableDeployments(),
                Optional.empty(), List.of(), List.of(), Optional.empty());
        LoomioInstanceStatus status = StatusCalculator.compute(instance, observed, Optional.empty(), List.of(), T0);

        assertThat(status, ConditionType.READY).isFalse();
        assertThat(status, ConditionType.DATABASE_READY).hasReason(ConditionReason.PODS_NOT_READY);
        assertThat(status, ConditionType.DATABASE_READY).hasMessageContaining("0/1 pods ready");
        assertThat(status, ConditionType.REDIS_READY).isTrue();
        assertThat(status, ConditionType.RECONCILING).isTrue();
    }

    @Test
    void problemStallsAndExplains() {
        Problem problem = new Problem(ConditionReason.SMTP_SECRET_MISSING,
                "spec.smtpSecretRef names Secret smtp, which does not exist");
        LoomioInstanceStatus status = StatusCalculator.compute(instance, allReady(), Optional.empty(), List.of(problem),
                T0);

        assertThat(status, ConditionType.READY).isFalse();
        assertThat(status, ConditionType.READY).hasReason(ConditionReason.SMTP_SECRET_MISSING);
        assertThat(status, ConditionType.STALLED).isTrue();
        assertThat(status, ConditionType.STALLED).hasMessageContaining("Secret smtp");
        assertThat(status, ConditionType.RECONCILING).isFalse();
    }

    @Test
    void aBlockedPlannedStopLeadsAndItsCauseFollows() {
        Problem cause = new Problem(ConditionReason.BACKUP_KEY_MISSING,
                "Secret loomio-backup has no BACKUP_ENCRYPTION_KEY, or an empty one");
        PlannedStopView blocked = new PlannedStopView(false, ConditionReason.PLANNED_STOP_BLOCKED,
                "the final backup failed: no encryption key; set spec.hibernate to false", false, false);
        LoomioInstanceStatus status = StatusCalculator.compute(instance, allReady(), Optional.of(blocked),
                List.of(cause), T0);

        assertThat(status, ConditionType.STALLED).isTrue();
        assertThat(status, ConditionType.STALLED).hasReason(ConditionReason.PLANNED_STOP_BLOCKED);
        assertThat(status, ConditionType.STALLED).hasMessageContaining(
                "set spec.hibernate to false; Secret loomio-backup has no BACKUP_ENCRYPTION_KEY");
        assertThat(status, ConditionType.READY).hasReason(ConditionReason.PLANNED_STOP_BLOCKED);
        assertThat(status, ConditionType.RECONCILING).isFalse();
    }

    @Test
    void lastTransitionTimeMovesOnlyOnATransition() {
        LoomioInstanceStatus first = StatusCalculator.compute(instance, allReady(), Optional.empty(), List.of(), T0);
        instance.setStatus(first);
        LoomioInstanceStatus same = StatusCalculator.compute(instance, allReady(), Optional.empty(), List.of(), T1);
        assertThat(same).as("nothing changed, so nothing to write").isEqualTo(first);

        instance.setStatus(same);
        Observed dbDown = new Observed(
                Optional.of(statefulSet(PostgresStatefulSet.desired(instance, Samples.AGENT_IMAGE, Tiers.ALL), 0)),
                Optional.of(statefulSet(RedisStatefulSet.desired(instance, Tiers.ALL), 1)), availableDeployments(),
                Optional.empty(), List.of(), List.of(), Optional.empty());
        LoomioInstanceStatus after = StatusCalculator.compute(instance, dbDown, Optional.empty(), List.of(), T1);
        assertThat(byType(after).get("DatabaseReady").getLastTransitionTime()).isEqualTo("2026-11-21T10:05:00Z");
        assertThat(byType(after).get("RedisReady").getLastTransitionTime()).isEqualTo("2026-11-21T10:00:00Z");
    }

    @Test
    void aRamModePodOnAnOlderSpecStaysReadyAndSaysHowToApplyTheChange() {
        StatefulSet postgres = statefulSet(PostgresStatefulSet.desired(instance, Samples.AGENT_IMAGE, Tiers.ALL), 1);
        postgres.getStatus().setCurrentRevision("loomio-postgres-1");
        postgres.getStatus().setUpdateRevision("loomio-postgres-2");
        Observed observed = new Observed(Optional.of(postgres),
                Optional.of(statefulSet(RedisStatefulSet.desired(instance, Tiers.ALL), 1)), availableDeployments(),
                Optional.empty(), List.of(), List.of(), Optional.empty());

        LoomioInstanceStatus status = StatusCalculator.compute(instance, observed, Optional.empty(), List.of(), T0);

        assertThat(status, ConditionType.DATABASE_READY).isTrue().hasReason(ConditionReason.RESTART_PENDING)
                .hasMessageContaining("loomio.pistack.dev/restart-requested-at");
        assertThat(status, ConditionType.READY).isTrue();
        assertThat(status, ConditionType.RECONCILING).as("nothing for the operator to do").isFalse();
    }

    @Test
    void aPodRecreatedAtTheNewRevisionIsNoLongerPendingThoughCurrentRevisionLagsBehind() {
        StatefulSet postgres = statefulSet(PostgresStatefulSet.desired(instance, Samples.AGENT_IMAGE, Tiers.ALL), 1);
        // What the StatefulSet controller reports for OnDelete after the pod was recreated (seen on the node).
        postgres.getStatus().setCurrentRevision("loomio-postgres-1");
        postgres.getStatus().setUpdateRevision("loomio-postgres-2");
        postgres.getStatus().setUpdatedReplicas(1);
        Observed observed = new Observed(Optional.of(postgres),
                Optional.of(statefulSet(RedisStatefulSet.desired(instance, Tiers.ALL), 1)), availableDeployments(),
                Optional.empty(), List.of(), List.of(), Optional.empty());

        LoomioInstanceStatus status = StatusCalculator.compute(instance, observed, Optional.empty(), List.of(), T0);

        assertThat(status, ConditionType.DATABASE_READY).isTrue().hasReason(ConditionReason.READY);
    }

    @Test
    void missingDeploymentIsNamed() {
        Map<String, Deployment> three = availableDeployments();
        three.remove("loomio-worker");
        Observed observed = new Observed(
                Optional.of(statefulSet(PostgresStatefulSet.desired(instance, Samples.AGENT_IMAGE, Tiers.ALL), 1)),
                Optional.of(statefulSet(RedisStatefulSet.desired(instance, Tiers.ALL), 1)), three, Optional.empty(),
                List.of(), List.of(), Optional.empty());
        Condition app = byType(StatusCalculator.compute(instance, observed, Optional.empty(), List.of(), T0))
                .get("AppReady");
        assertThat(app.getReason()).isEqualTo(ConditionReason.NOT_CREATED.value());
        assertThat(app.getMessage()).contains("loomio-worker").doesNotContain("loomio-app");
    }

    private Observed allReady() {
        return new Observed(
                Optional.of(statefulSet(PostgresStatefulSet.desired(instance, Samples.AGENT_IMAGE, Tiers.ALL), 1)),
                Optional.of(statefulSet(RedisStatefulSet.desired(instance, Tiers.ALL), 1)), availableDeployments(),
                Optional.empty(), List.of(), List.of(), Optional.empty());
    }

    private Map<String, Deployment> availableDeployments() {
        return Stream
                .of(AppDeployments.app(instance, Tiers.ALL, instance.getSpec().getImage(), DatabaseLogin.LOOMIO),
                        AppDeployments.worker(instance, Tiers.ALL, instance.getSpec().getImage(), DatabaseLogin.LOOMIO),
                        AppDeployments.hocuspocus(instance, Tiers.ALL, instance.getSpec().getImage(),
                                DatabaseLogin.LOOMIO))
                .peek(d -> {
                    d.getMetadata().setGeneration(1L);
                    d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                            .withObservedGeneration(1L).withReplicas(1).withUpdatedReplicas(1).withAvailableReplicas(1)
                            .withConditions(new DeploymentConditionBuilder().withType("Available").withStatus("True")
                                    .build())
                            .build());
                })
                .collect(Collectors.toMap(d -> d.getMetadata().getName(), Function.identity(), (a, b) -> a,
                        java.util.HashMap::new));
    }

    private static StatefulSet statefulSet(StatefulSet desired, int ready) {
        desired.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
                .withReplicas(1).withReadyReplicas(ready).build());
        return desired;
    }

    private static Map<String, Condition> byType(LoomioInstanceStatus status) {
        return status.getConditions().stream().collect(Collectors.toMap(Condition::getType, Function.identity()));
    }
}
