package dev.pistack.loomio.contract;

import java.util.List;

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
    /** The targets off the node: a copy there survives the node's disk. */
    public static final List<String> OFFSITE = List.of(DRIVE, S3);
    /** A restore's source when no target held a backup. */
    public static final String NONE = "none";

    private Targets() {
    }
}
