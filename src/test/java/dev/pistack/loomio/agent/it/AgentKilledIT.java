package dev.pistack.loomio.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.drive.FakeDrive;
import dev.pistack.loomio.agent.store.LocalTarget;
import dev.pistack.loomio.agent.store.StoredBackup;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as it runs in a pod (the packaged jar, its own JVM) killed with SIGKILL in the middle of a backup,
 * while writing to a local directory and while uploading to Drive: earlier backups stay intact, and nothing
 * half-written is listed or restored.
 */
class AgentKilledIT {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @TempDir
    Path dir;

    @Test
    void sigkillMidBackupLeavesOnlyFinishedBackups() throws Exception {
        FernetKey key = FernetKey.generate(new SecureRandom());
        String source = Postgres.fixtureDatabase();
        Map<String, String> env = Postgres.env(source);
        env.put("BACKUP_ENCRYPTION_KEY", key.encoded());
        Path backups = dir.resolve("backups");
        assertThat(Agent.run(env, "backup", "--local-dir", backups.toString(), "--kind", "manual").exit()).isZero();
        List<StoredBackup> before = new LocalTarget(backups).list();
        byte[] earlier = Files.readAllBytes(Path.of(before.get(0).location()));

        Path fifo = dir.resolve("dump.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-jar", JAR.toString(), "agent", "backup", "--input",
                fifo.toString(), "--local-dir", backups.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile());
        pb.environment().put("BACKUP_ENCRYPTION_KEY", key.encoded());
        Process agent = pb.start();
        try (OutputStream dump = Files.newOutputStream(fifo)) {
            java.util.Random random = new java.util.Random(1);
            // Random hex barely compresses, so encrypted bytes reach the partial file soon; the dump never ends.
            for (int i = 0; i < 400 && partials(backups).noneMatch(p -> p.toFile().length() > 0); i++) {
                StringBuilder rows = new StringBuilder();
                for (int r = 0; r < 4000; r++) {
                    rows.append("INSERT INTO t VALUES ('").append(Long.toHexString(random.nextLong())).append("');\n");
                }
                dump.write(rows.toString().getBytes(StandardCharsets.UTF_8));
                dump.flush();
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> partials(backups).anyMatch(p -> p.toFile().length() > 0));
            agent.destroyForcibly();
            assertThat(agent.waitFor()).as("killed by SIGKILL").isEqualTo(137);
        } catch (java.io.IOException brokenPipe) {
            // The reader is gone: that is the point.
        }

        assertThat(partials(backups).count()).as("the killed run's partial file is still there").isOne();
        List<StoredBackup> after = new LocalTarget(backups).list();
        assertThat(after).isEqualTo(before);
        assertThat(Files.readAllBytes(Path.of(after.get(0).location()))).isEqualTo(earlier);

        String target = Postgres.createDatabase("afterkill");
        Map<String, String> restoreEnv = Postgres.env(target);
        restoreEnv.put("BACKUP_ENCRYPTION_KEY", key.encoded());
        Agent.Result restore = Agent.run(restoreEnv, "restore", "--local-dir", backups.toString());
        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(restore.summary().get("name").asText()).isEqualTo(before.get(0).name().fileName());
        assertThat(Postgres.fingerprint(target)).isEqualTo(Postgres.fingerprint(source));
    }

    @Test
    void sigkillMidDriveUploadLeavesNothingOnDrive() throws Exception {
        FernetKey key = FernetKey.generate(new SecureRandom());
        String source = Postgres.fixtureDatabase();
        try (FakeDrive drive = new FakeDrive()) {
            Map<String, String> env = new java.util.HashMap<>(Postgres.env(source));
            env.putAll(drive.oauthEnv());
            env.put("BACKUP_ENCRYPTION_KEY", key.encoded());
            assertThat(Agent.run(env, "backup", "--staging-dir", dir.toString()).exit()).isZero();
            List<FakeDrive.StoredFile> before = drive.filesIn(FakeDrive.ROOT_FOLDER);
            int chunksBefore = drive.chunks.get();
            drive.chunkDelayMillis = 500;

            Path dump = dir.resolve("dump.sql");
            java.util.Random random = new java.util.Random(2);
            StringBuilder sql = new StringBuilder("CREATE TABLE t (v text);\n");
            while (sql.length() < 6_000_000) {
                sql.append("INSERT INTO t VALUES ('").append(Long.toHexString(random.nextLong())).append("');\n");
            }
            Files.writeString(dump, sql.append("--\n-- PostgreSQL database dump complete\n--\n"));
            ProcessBuilder pb = new ProcessBuilder(javaBin(), "-jar", JAR.toString(), "agent", "backup", "--input",
                    dump.toString(), "--staging-dir", dir.toString(), "--drive-chunk-mib", "1")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
            pb.environment().putAll(env);
            Process agent = pb.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> drive.chunks.get() > chunksBefore);
            agent.destroyForcibly();
            assertThat(agent.waitFor()).isEqualTo(137);

            assertThat(drive.openSessions()).as("the upload session never completed").isOne();
            assertThat(drive.filesIn(FakeDrive.ROOT_FOLDER)).isEqualTo(before);
            drive.chunkDelayMillis = 0;
            String target = Postgres.createDatabase("afterdrivekill");
            Map<String, String> restoreEnv = new java.util.HashMap<>(env);
            restoreEnv.put("DB_NAME", target);
            Agent.Result restore = Agent.run(restoreEnv, "restore", "--staging-dir", dir.toString());
            assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
            assertThat(restore.summary().get("name").asText()).isEqualTo(before.get(0).name());
        }
    }

    private static Stream<Path> partials(Path dir) throws java.io.IOException {
        return Files.list(dir).filter(p -> p.getFileName().toString().contains(".partial-")).toList().stream();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
