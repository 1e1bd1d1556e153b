package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.drive.DriveClients;
import dev.pistack.loomio.agent.drive.DriveSettings;
import dev.pistack.loomio.agent.drive.DriveTarget;
import dev.pistack.loomio.agent.offsite.OffsiteTargets;
import dev.pistack.loomio.agent.s3.S3Clients;
import dev.pistack.loomio.agent.s3.S3Settings;
import dev.pistack.loomio.agent.s3.S3Target;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.LocalTarget;
import dev.pistack.loomio.contract.AgentCli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where backups are kept, and the key: options shared by every subcommand that touches backups. */
final class StoreOptions {
    @Option(names = "--local-dir", paramLabel = "DIR",
            description = "Directory for backups (env BACKUP_LOCAL_DIR). Restore tries it before Drive.")
    Path localDir;

    @Option(names = "--drive", negatable = true, description = "Use Google Drive (env GDRIVE_ENABLED, GDRIVE_*).")
    Boolean drive;

    @Option(names = "--s3", negatable = true, description = "Use an S3-compatible store (env S3_BUCKET, S3_*).")
    Boolean s3;

    /** The kinds of target. */
    enum Source {
        LOCAL, DRIVE, S3
    }

    @Option(names = "--source", paramLabel = "local|drive|s3", description = "Read only from this target.")
    Source source;

    @Option(names = AgentCli.STAGING_DIR, paramLabel = "DIR", description = "Where encrypted files are staged when no"
            + " local directory is used (env BACKUP_STAGING_DIR; default: the temp directory). Never holds plaintext.")
    Path stagingDir;

    @Option(names = "--drive-chunk-mib", paramLabel = "N", description = "Drive upload chunk, MiB (default 16).")
    Integer chunkMib;

    @Option(names = "--s3-part-mib", paramLabel = "N", description = "S3 multipart part and download range, MiB"
            + " (default 16, at least 5).")
    Integer partMib;

    /** @return the targets to use, local first; the filter --source applies */
    List<BackupTarget> targets(Map<String, String> env) throws IOException {
        List<BackupTarget> targets = new ArrayList<>();
        Path dir = localDir != null ? localDir : pathOrNull(env.get(AgentCli.ENV_LOCAL_DIR));
        if (dir != null && (source == null || source == Source.LOCAL)) {
            targets.add(new LocalTarget(dir));
        }
        // --source leaves out the others: a target not read is not checked either.
        OffsiteTargets offsite = OffsiteTargets.fromEnvironment(env,
                source != null && source != Source.DRIVE ? Boolean.FALSE : drive,
                source != null && source != Source.S3 ? Boolean.FALSE : s3);
        if (offsite.drive() != null) {
            DriveSettings settings = offsite.drive();
            if (chunkMib != null) {
                settings = settings.withChunkBytes(chunkMib * 1024 * 1024);
            }
            targets.add(new DriveTarget(DriveClients.create(settings), settings));
        }
        if (offsite.s3() != null) {
            S3Settings settings = offsite.s3();
            if (partMib != null) {
                settings = settings.withPartBytes(partMib * 1024L * 1024);
            }
            targets.add(new S3Target(S3Clients.create(settings), settings));
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no backup target: give --local-dir (or BACKUP_LOCAL_DIR), enable"
                    + " Google Drive (--drive or GDRIVE_ENABLED=true with GDRIVE_FOLDER_ID and credentials), or an"
                    + " S3-compatible store (S3_BUCKET with S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY)");
        }
        return targets;
    }

    Path staging(Map<String, String> env) {
        if (stagingDir != null) {
            return stagingDir;
        }
        Path fromEnv = pathOrNull(env.get("BACKUP_STAGING_DIR"));
        return fromEnv != null ? fromEnv : Path.of(System.getProperty("java.io.tmpdir"));
    }

    static FernetKey key(Map<String, String> env) {
        return FernetKey.fromSecret(env.get(AgentCli.ENV_ENCRYPTION_KEY));
    }

    private static Path pathOrNull(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
