package dev.pistack.loomio.operator.notify;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which conditions are alarms: the Warning states the operator already computes and the PrometheusRules of
 * deploy/prometheus-rules.yaml page on. A warning that is only early (BackupOld, MemoryWarning) is not one: it
 * becomes one when it turns critical.
 */
public final class Alarms {
    private static final Map<ConditionType, Set<ConditionReason>> ALARMING = Map.of(
            ConditionType.BACKUP_HEALTHY, Set.of(ConditionReason.BACKUP_FAILED,
                    ConditionReason.BACKUP_CRITICALLY_OLD, ConditionReason.BACKUP_DATED_IN_THE_FUTURE),
            ConditionType.DATABASE_READY, Set.of(ConditionReason.RESTORE_FAILED),
            ConditionType.BACKUP_VERIFIED, Set.of(ConditionReason.RESTORE_TEST_FAILED),
            ConditionType.MEMORY_HEALTHY, Set.of(ConditionReason.MEMORY_CRITICAL));

    private Alarms() {
    }

    /**
     * @param conditions an instance's status.conditions (null: none)
     * @return the alarms they hold, by condition type: the reasons above, and Stalled True whatever its reason (a
     *     blocked planned stop, a failed migration, a missing Secret: each needs a person)
     */
    public static Map<ConditionType, Alarm> active(List<Condition> conditions) {
        Map<ConditionType, Alarm> alarms = new EnumMap<>(ConditionType.class);
        if (conditions == null) {
            return alarms;
        }
        ALARMING.forEach((type, reasons) -> Conditions.find(conditions, type)
                .filter(c -> c.getReason() != null && reasons.stream().anyMatch(r -> r.value().equals(c.getReason())))
                .ifPresent(c -> alarms.put(type, new Alarm(type, ConditionReason.of(c.getReason()), c.getMessage()))));
        Conditions.find(conditions, ConditionType.STALLED).filter(c -> "True".equals(c.getStatus()))
                .ifPresent(c -> alarms.put(ConditionType.STALLED,
                        new Alarm(ConditionType.STALLED, ConditionReason.of(c.getReason()), c.getMessage())));
        return alarms;
    }
}
