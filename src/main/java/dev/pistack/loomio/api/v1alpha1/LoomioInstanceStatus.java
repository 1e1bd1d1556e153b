package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Observed state. Conditions follow the Kubernetes API conventions (metav1.Condition): a top-level {@code Ready},
 * one per component ({@code DatabaseReady}, {@code RedisReady}, {@code AppReady}), and the kstatus pair
 * {@code Reconciling}/{@code Stalled} that Flux and Argo CD read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoomioInstanceStatus {
    @JsonPropertyDescription("The metadata.generation this status was computed from.")
    private Long observedGeneration;

    @JsonPropertyDescription("Current conditions: Ready, DatabaseReady, RedisReady, AppReady, BackupHealthy, MemoryHealthy,"
            + " Hibernated, Reconciling, Stalled.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The backup CronJob's last success and last failure.")
    private BackupStatus backup;

    @JsonPropertyDescription("The last restore of the Postgres pod.")
    private RestoreStatus restore;

    @JsonPropertyDescription("While spec.hibernate is true: the LoomioBackup taken when the instance stopped.")
    private HibernationStatus hibernation;

    @JsonPropertyDescription("The last planned restart (annotation loomio.pistack.dev/restart-requested-at).")
    private RestartStatus restart;

    @JsonPropertyDescription("The last change of spec.environment (RAM to disk or back).")
    private SwitchStatus environmentSwitch;

    @JsonPropertyDescription("The LoomioRestore the instance goes through, else the last one.")
    private RestoreRequestStatus restoreRequest;

    @JsonPropertyDescription("RAM mode: how full the database's and Redis' memory is, sampled every minute.")
    private MemoryStatus memory;

    @JsonPropertyDescription("The Loomio release the app tier runs: the image whose migrations ran last, pinned to the"
            + " digest its migration pod ran.")
    private ReleaseStatus release;

    public ReleaseStatus getRelease() {
        return release;
    }

    public void setRelease(ReleaseStatus release) {
        this.release = release;
    }

    public SwitchStatus getEnvironmentSwitch() {
        return environmentSwitch;
    }

    public void setEnvironmentSwitch(SwitchStatus environmentSwitch) {
        this.environmentSwitch = environmentSwitch;
    }

    public RestoreRequestStatus getRestoreRequest() {
        return restoreRequest;
    }

    public void setRestoreRequest(RestoreRequestStatus restoreRequest) {
        this.restoreRequest = restoreRequest;
    }

    public RestartStatus getRestart() {
        return restart;
    }

    public void setRestart(RestartStatus restart) {
        this.restart = restart;
    }

    public HibernationStatus getHibernation() {
        return hibernation;
    }

    public void setHibernation(HibernationStatus hibernation) {
        this.hibernation = hibernation;
    }

    public MemoryStatus getMemory() {
        return memory;
    }

    public void setMemory(MemoryStatus memory) {
        this.memory = memory;
    }

    public BackupStatus getBackup() {
        return backup;
    }

    public void setBackup(BackupStatus backup) {
        this.backup = backup;
    }

    public RestoreStatus getRestore() {
        return restore;
    }

    public void setRestore(RestoreStatus restore) {
        this.restore = restore;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoomioInstanceStatus other
                && Objects.equals(observedGeneration, other.observedGeneration)
                && Objects.equals(conditions, other.conditions)
                && Objects.equals(backup, other.backup)
                && Objects.equals(restore, other.restore)
                && Objects.equals(memory, other.memory)
                && Objects.equals(hibernation, other.hibernation)
                && Objects.equals(restart, other.restart)
                && Objects.equals(environmentSwitch, other.environmentSwitch)
                && Objects.equals(restoreRequest, other.restoreRequest)
                && Objects.equals(release, other.release);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, conditions, backup, restore, memory, hibernation, restart,
                environmentSwitch, restoreRequest, release);
    }
}
