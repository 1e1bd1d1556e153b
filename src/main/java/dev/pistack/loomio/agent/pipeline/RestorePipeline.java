package dev.pistack.loomio.agent.pipeline;

import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.StoredBackup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Restores the newest authentic backup: candidates newest first, from each source in the order given (local
 * directory first, then Drive). Each candidate is read twice: first to authenticate the whole token and check the
 * dump's trailer, with nothing reaching the database; then to apply it, all or nothing. A refused candidate is
 * reported with its reason and the next older one is tried.
 *
 * <p>Remote backups are first copied, still encrypted, into the staging directory (memory-backed in the pod), so
 * both passes read the same bytes and the download happens once. Plaintext is never written anywhere.
 */
public final class RestorePipeline {
    /** Where the verified SQL goes. */
    public interface Applier {
        /**
         * @param sql the dump; its last read throws instead of ending when the backup is not authentic after all, and
         *     then nothing may be kept
         */
        void apply(InputStream sql) throws IOException;
    }

    private final FernetKey key;
    private final Path stagingDir;
    private final Clock clock;

    public RestorePipeline(FernetKey key, Path stagingDir, Clock clock) {
        this.key = key;
        this.stagingDir = stagingDir;
        this.clock = clock;
    }

    /** @param sources in the order to try them */
    public RestoreSummary run(List<BackupTarget> sources, Applier applier) throws IOException {
        Instant start = clock.instant();
        List<RestoreSummary.Attempt> attempts = new ArrayList<>();
        boolean any = false;
        for (BackupTarget source : sources) {
            for (StoredBackup candidate : source.list()) {
                any = true;
                Path file = source.local() ? Path.of(candidate.location()) : null;
                try {
                    if (file == null) {
                        file = download(source, candidate);
                    }
                    BackupReader.Verified verified = BackupReader.verify(Files.newInputStream(file), key);
                    try (InputStream sql = BackupReader.plaintext(Files.newInputStream(file), key)) {
                        applier.apply(sql);
                    } catch (BackupRejected e) {
                        throw e;
                    } catch (IOException e) {
                        return new RestoreSummary("restore", RestoreOutcome.FAILED, source.kind(),
                                candidate.name().fileName(),
                                attempts, null, seconds(start), key.fingerprint(),
                                "applying failed: " + e.getMessage());
                    }
                    return new RestoreSummary("restore", RestoreOutcome.RESTORED, source.kind(),
                            candidate.name().fileName(),
                            attempts, verified.sqlBytes(), seconds(start), key.fingerprint(), null);
                } catch (BackupRejected e) {
                    attempts.add(new RestoreSummary.Attempt(candidate.name().fileName(), source.kind(),
                            e.reason().code(), e.getMessage()));
                } catch (IOException e) {
                    attempts.add(new RestoreSummary.Attempt(candidate.name().fileName(), source.kind(), "io-error",
                            e.getMessage()));
                } finally {
                    if (!source.local() && file != null) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
        return new RestoreSummary("restore", any ? RestoreOutcome.NO_AUTHENTIC : RestoreOutcome.NONE, "none", null,
                attempts, null,
                seconds(start), key.fingerprint(), any ? "no backup passed the checks" : null);
    }

    private Path download(BackupTarget source, StoredBackup candidate) throws IOException {
        Path file = Files.createDirectories(stagingDir).resolve(".restore-" + UUID.randomUUID() + ".enc");
        try (OutputStream out = Files.newOutputStream(file)) {
            source.download(candidate, out);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    private double seconds(Instant start) {
        return Duration.between(start, clock.instant()).toMillis() / 1000.0;
    }
}
