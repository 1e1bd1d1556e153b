package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.operator.desired.UploadsPvc;

/** The uploads PVC (attachments, avatars), kept when the instance goes. */
public class UploadsPvcDependent extends KeptPvcDependent {
    public UploadsPvcDependent() {
        super(UploadsPvc::desired);
    }
}
