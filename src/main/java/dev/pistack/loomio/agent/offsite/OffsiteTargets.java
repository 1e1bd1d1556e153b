package dev.pistack.loomio.agent.offsite;

import dev.pistack.loomio.agent.drive.DriveSettings;
import dev.pistack.loomio.agent.s3.S3Settings;
import java.util.Map;

/**
 * The off-site targets an environment turns on, read once for the agent's command line, the operator's check of the
 * backup Secret and its recovery of the credentials Secret alike.
 *
 * @param drive Drive's settings, or null when Drive is off
 * @param s3 the S3 store's settings, or null when S3 is off
 */
public record OffsiteTargets(DriveSettings drive, S3Settings s3) {
    /**
     * @param useDrive true or false to turn Drive on or off whatever the environment says; null for
     *     {@link DriveSettings#enabled}
     * @param useS3 the same for S3 ({@link S3Settings#enabled})
     * @throws IllegalArgumentException when a target that is on lacks a setting or has a malformed one, naming the
     *     key; the message never holds a secret
     */
    public static OffsiteTargets fromEnvironment(Map<String, String> env, Boolean useDrive, Boolean useS3) {
        boolean drive = useDrive != null ? useDrive : DriveSettings.enabled(env);
        boolean s3 = useS3 != null ? useS3 : S3Settings.enabled(env);
        return new OffsiteTargets(drive ? DriveSettings.fromEnvironment(env) : null,
                s3 ? S3Settings.fromEnvironment(env) : null);
    }

    /** As the environment says: {@code GDRIVE_*} and {@code S3_*}. */
    public static OffsiteTargets fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, null, null);
    }
}
