package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** The backup taken when the LoomioInstance is deleted, after the app tier stopped writing. */
public class FinalBackupSpec {
    @JsonPropertyDescription("Required (default in production: deletion waits until a final backup succeeded; the"
            + " annotation loomio.pistack.dev/skip-final-backup=true deletes without it), BestEffort (default in"
            + " development: gives up after a failure or the timeout, with a Warning Event) or Skip.")
    private FinalBackupPolicy policy;

    @JsonPropertyDescription("How long a BestEffort final backup may take before deletion goes on without it; a"
            + " Required one reports that it is late and keeps waiting. A duration (30m, 1h).")
    @Default("30m")
    @Size(max = 32)
    @Pattern(Validation.DURATION)
    private String timeout = "30m";

    public FinalBackupPolicy getPolicy() {
        return policy;
    }

    public void setPolicy(FinalBackupPolicy policy) {
        this.policy = policy;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }
}
