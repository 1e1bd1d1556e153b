package dev.pistack.loomio.agent.pipeline;

import dev.pistack.loomio.contract.RejectionReason;
import java.io.IOException;

/** A backup that must not be restored, with the reason in words a user can act on. */
public final class BackupRejected extends IOException {
    private final RejectionReason reason;

    public BackupRejected(RejectionReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
