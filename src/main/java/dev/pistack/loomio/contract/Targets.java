package dev.pistack.loomio.contract;

/**
 * The names of the agent's backup targets, as its summaries write them ({@code target}, {@code source}) and as
 * status.backup and status.restore show them.
 */
public final class Targets {
    /** The local volume (a PVC in the cluster). */
    public static final String LOCAL = "local";
    /** Google Drive. */
    public static final String DRIVE = "drive";
    /** An S3-compatible object store. */
    public static final String S3 = "s3";
    /** A restore's source when no target held a backup. */
    public static final String NONE = "none";

    private Targets() {
    }

    /** @return true for the targets off the node: Drive and S3 */
    public static boolean offsite(String target) {
        return DRIVE.equals(target) || S3.equals(target);
    }
}
