package dev.pistack.loomio.operator.kube;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;

/**
 * Something that keeps the instance from converging and that the user must fix or wait out.
 *
 * @param reason the reason of the Ready and Stalled conditions while it lasts
 * @param message what is wrong and what to do, for humans; never holds secret values
 */
public record Problem(ConditionReason reason, String message) {
    private static final int MAX_MESSAGE = 1024;

    /** @return a problem for a child that could not be applied; the message is bounded to 1024 characters */
    public static Problem childFailed(String child, Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String message = "applying " + child + " failed: " + detail;
        return new Problem(ConditionReason.APPLY_FAILED,
                message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
    }
}
