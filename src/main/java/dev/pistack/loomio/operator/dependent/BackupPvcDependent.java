package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.operator.desired.BackupPvc;

/** The local backup PVC, kept when the instance goes. */
public class BackupPvcDependent extends KeptPvcDependent {
    public BackupPvcDependent() {
        super(BackupPvc::desired);
    }
}
