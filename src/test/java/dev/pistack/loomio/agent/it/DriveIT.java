package dev.pistack.loomio.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.drive.FakeDrive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent with the real google-api-services-drive client against {@link FakeDrive} on loopback, and a real
 * PostgreSQL: uploads, listing, restores, pi-stack's Drive layout, both kinds of credentials, and every fault.
 */
class DriveIT {
    private static final FernetKey KEY = FernetKey.generate(new SecureRandom());
    private static String source;
    private static String sourceFingerprint;

    @TempDir
    Path dir;
    FakeDrive drive;

    @BeforeAll
    static void fixture() throws Exception {
        source = Postgres.fixtureDatabase();
        sourceFingerprint = Postgres.fingerprint(source);
    }

    @BeforeEach
    void startDrive() throws Exception {
        drive = new FakeDrive();
    }

    @AfterEach
    void stopDrive() {
        drive.close();
        assertThat(drive.failures).as("errors inside the fake Drive").isEmpty();
    }

    private Map<String, String> env(String db) {
        Map<String, String> env = new HashMap<>(Postgres.env(db));
        env.putAll(drive.oauthEnv());
        env.put("BACKUP_ENCRYPTION_KEY", KEY.encoded());
        return env;
    }

    @Test
    void backupToDriveThenRestoreFromDrive() throws Exception {
        Agent.Result backup = Agent.run(env(source), "backup", "--staging-dir", dir.toString());
        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();
        assertThat(backup.summary().get("targets").get(0).get("target").asText()).isEqualTo("drive");
        assertThat(drive.filesIn(FakeDrive.ROOT_FOLDER)).singleElement()
                .satisfies(f -> assertThat(f.name()).matches("loomio-hourly-\\d{8}-\\d{6}\\.sql\\.gz\\.enc"));
        assertThat(drive.tokenRequests).allSatisfy(t -> assertThat(t.get("grant_type")).isEqualTo("refresh_token"));
        assertThat(dir.toFile().list()).as("staging is cleaned up").isEmpty();

        String target = Postgres.createDatabase("fromdrive");
        Agent.Result restore = Agent.run(env(target), "restore", "--staging-dir", dir.toString());
        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(restore.summary().get("source").asText()).isEqualTo("drive");
        assertThat(Postgres.fingerprint(target)).isEqualTo(sourceFingerprint);
    }

    @Test
    void theInventoryReportsTheAccountsFreeQuota() throws Exception {
        Agent.Result unlimited = Agent.run(env(source), "backup", "--staging-dir", dir.toString());
        assertThat(unlimited.summary().get("targets").get(0).get("inventory").has("freeBytes"))
                .as("an account without a limit").isFalse();

        drive.storageLimit = 50_000_000;
        Thread.sleep(1100);
        Agent.Result backup = Agent.run(env(source), "backup", "--staging-dir", dir.toString(), "--no-prune");
        long stored = drive.filesIn(FakeDrive.ROOT_FOLDER).stream().mapToLong(f -> f.content().length).sum();
        assertThat(backup.summary().get("targets").get(0).get("inventory").get("freeBytes").asLong())
                .isEqualTo(50_000_000 - stored);
    }

    @Test
    void restoreTriesTheLocalDirectoryBeforeDrive() throws Exception {
        Path local = dir.resolve("local");
        assertThat(Agent.run(env(source), "backup", "--local-dir", local.toString()).exit()).isZero();
        int downloadsBefore = count("GET /drive/v3/files/");
        String target = Postgres.createDatabase("localfirst");
        Agent.Result restore = Agent.run(env(target), "restore", "--local-dir", local.toString(),
                "--staging-dir", dir.toString());
        assertThat(restore.summary().get("source").asText()).isEqualTo("local");
        assertThat(count("GET /drive/v3/files/")).isEqualTo(downloadsBefore);
    }

    @Test
    void aNewerBackupOnDriveWinsOverAnOlderLocalOne() throws Exception {
        Path local = dir.resolve("local");
        String older = olderLocalNewerOnDrive(local);

        String target = Postgres.createDatabase("newestacross");
        Agent.Result restore = Agent.run(env(target), "restore", "--local-dir", local.toString(),
                "--staging-dir", dir.toString());

        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(restore.summary().get("source").asText()).isEqualTo("drive");
        assertThat(restore.summary().get("name").asText()).isNotEqualTo(older)
                .isEqualTo(drive.filesIn(FakeDrive.ROOT_FOLDER).get(0).name());
        assertThat(Postgres.fingerprint(target)).isEqualTo(sourceFingerprint);
    }

    @Test
    void aDriveOutageFailsTheRestoreRatherThanBringBackAnOlderLocalBackup() throws Exception {
        Path local = dir.resolve("local");
        olderLocalNewerOnDrive(local);
        drive.downloadsUnavailable = true;
        String target = Postgres.createDatabase("outage");
        Map<String, String> env = env(target);
        env.put("GDRIVE_RETRY_INITIAL_MS", "10");
        env.put("GDRIVE_RETRY_MAX_ELAPSED_MS", "300");

        Agent.Result restore = Agent.run(env, "restore", "--local-dir", local.toString(), "--staging-dir",
                dir.toString());

        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isEqualTo(1);
        assertThat(restore.summary().get("status").asText()).isEqualTo("failed");
        assertThat(restore.summary().get("source").asText()).isEqualTo("drive");
        assertThat(restore.summary().get("error").asText()).contains("an I/O error is not a bad backup")
                .contains("503");
        assertThat(Postgres.relations(target)).as("nothing older was restored").isZero();
        assertThat(dir.toFile().list()).as("no download left in staging").containsExactly("local");

        drive.downloadsUnavailable = false;
        Agent.Result again = Agent.run(env, "restore", "--local-dir", local.toString(), "--staging-dir",
                dir.toString());
        assertThat(again.exit()).as(again.stdout() + again.stderr()).isZero();
        assertThat(again.summary().get("source").asText()).isEqualTo("drive");
        assertThat(Postgres.fingerprint(target)).isEqualTo(sourceFingerprint);
    }

    @Test
    void aDriveThatCannotBeListedGivesWayToALocalBackupAsNewAsTheNewestKnown() throws Exception {
        Path local = dir.resolve("local");
        Agent.Result backup = Agent.run(env(source), "backup", "--local-dir", local.toString());
        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();
        String newest = backup.summary().get("name").asText();
        drive.listUnavailable = true;
        String target = Postgres.createDatabase("unlisted");
        Map<String, String> env = env(target);
        env.put("GDRIVE_RETRY_INITIAL_MS", "10");
        env.put("GDRIVE_RETRY_MAX_ELAPSED_MS", "300");

        Agent.Result unknown = Agent.run(env, "restore", "--local-dir", local.toString());
        assertThat(unknown.exit()).as("nothing known: Drive may hold a newer one").isEqualTo(1);
        assertThat(unknown.summary().get("error").asText()).contains("listing backups in drive failed");

        // Known to exist, and newer than anything local (stored on Drive only, say): still no restore.
        String later = newest.replaceFirst("-(\\d{8})-\\d{6}", "-$1-235959");
        Agent.Result newer = Agent.run(env, "restore", "--local-dir", local.toString(), "--newest-known", later);
        assertThat(newer.exit()).isEqualTo(1);
        assertThat(newer.summary().get("error").asText()).contains("no other target holds " + later);
        assertThat(Postgres.relations(target)).as("nothing older was restored").isZero();

        env.put("RESTORE_NEWEST_KNOWN", newest);
        Agent.Result restore = Agent.run(env, "restore", "--local-dir", local.toString());
        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(restore.summary().get("source").asText()).isEqualTo("local");
        assertThat(restore.summary().get("name").asText()).isEqualTo(newest);
        assertThat(restore.summary().get("warning").asText()).contains("drive could not be listed")
                .contains(newest);
        assertThat(Postgres.fingerprint(target)).isEqualTo(sourceFingerprint);
    }

    /** A backup in the local directory only, then a newer one on Drive only. @return the local one's name */
    private String olderLocalNewerOnDrive(Path local) throws Exception {
        Agent.Result first = Agent.run(env(source), "backup", "--local-dir", local.toString(), "--no-drive");
        assertThat(first.exit()).as(first.stdout() + first.stderr()).isZero();
        Thread.sleep(1100); // backup names have whole seconds
        Agent.Result second = Agent.run(env(source), "backup", "--staging-dir", dir.toString());
        assertThat(second.exit()).as(second.stdout() + second.stderr()).isZero();
        assertThat(drive.filesIn(FakeDrive.ROOT_FOLDER)).hasSize(1);
        return first.summary().get("name").asText();
    }

    @Test
    void instancesSharingAFolderKeepToTheirOwnSubfolder() throws Exception {
        Map<String, String> one = env(source);
        one.put("GDRIVE_SUBFOLDER", "ns-one.loomio");
        Map<String, String> two = env(source);
        two.put("GDRIVE_SUBFOLDER", "ns-two.loomio");
        Agent.Result backup = Agent.run(one, "backup", "--staging-dir", dir.toString());
        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();
        assertThat(Agent.run(one, "backup", "--staging-dir", dir.toString(), "--kind", "manual").exit()).isZero();

        FakeDrive.StoredFile folder = drive.filesIn(FakeDrive.ROOT_FOLDER).stream()
                .filter(f -> f.name().equals("ns-one.loomio")).findFirst().orElseThrow();
        assertThat(drive.filesIn(FakeDrive.ROOT_FOLDER)).as("one subfolder, created once").singleElement()
                .isEqualTo(folder);
        assertThat(drive.filesIn(folder.id())).hasSize(2);

        Map<String, String> other = env(Postgres.createDatabase("otherinstance"));
        other.put("GDRIVE_SUBFOLDER", "ns-two.loomio");
        Agent.Result restore = Agent.run(other, "restore", "--staging-dir", dir.toString());
        assertThat(restore.exit()).as("the other instance sees no backup").isEqualTo(3);
        assertThat(restore.summary().get("status").asText()).isEqualTo("none");
    }

    @Test
    void uploadsResumeAfterServerErrorsAndDroppedConnections() throws Exception {
        Path dump = syntheticDump(5_000_000);
        drive.serverErrorsOnChunks.set(1);
        drive.dropsOnChunks.set(1);
        Path local = dir.resolve("local");

        Agent.Result backup = Agent.run(env(source), "backup", "--input", dump.toString(), "--local-dir",
                local.toString(), "--drive-chunk-mib", "1");

        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();
        assertThat(drive.serverErrorsOnChunks.get()).as("the 503 was served").isZero();
        assertThat(drive.dropsOnChunks.get()).as("the drop happened").isZero();
        assertThat(drive.chunks.get()).isGreaterThanOrEqualTo(3);
        byte[] uploaded = drive.filesIn(FakeDrive.ROOT_FOLDER).get(0).content();
        byte[] kept = Files.readAllBytes(Files.list(local).findFirst().orElseThrow());
        assertThat(uploaded).as("Drive holds exactly the local backup").isEqualTo(kept);
        Agent.Result verify = Agent.run(env(source), "verify", "--source", "drive");
        assertThat(verify.stdout() + verify.stderr()).contains("\"status\":\"authentic\"");
    }

    @Test
    void listingRetries429AndRateLimitsAndFollowsEveryPage() throws Exception {
        for (int i = 0; i < 5; i++) {
            drive.putFile("loomio-hourly-2026110" + (i + 1) + "-000000.sql.gz.enc", FakeDrive.ROOT_FOLDER,
                    new byte[10]);
        }
        drive.putFile("unrelated.txt", FakeDrive.ROOT_FOLDER, new byte[1]);
        drive.pageSize = 2;
        drive.tooManyRequestsOnList.set(2);
        drive.rateLimitedOnList.set(1);

        Agent.Result list = Agent.run(env(source), "list");

        assertThat(list.exit()).as(list.stdout() + list.stderr()).isZero();
        assertThat(list.stdout().lines().filter(l -> l.startsWith("drive"))).hasSize(5);
        assertThat(drive.tooManyRequestsOnList.get()).isZero();
        assertThat(drive.rateLimitedOnList.get()).isZero();
    }

    @Test
    void storageQuotaExceededExplainsTheFixAndDoesNotHoldBackLocalRetention() throws Exception {
        Path local = dir.resolve("local");
        assertThat(Agent.run(env(source), "backup", "--local-dir", local.toString()).exit()).isZero();
        List<FakeDrive.StoredFile> before = drive.filesIn(FakeDrive.ROOT_FOLDER);
        drive.quotaExceeded = true;

        // An hourly backup in the same hour: retention keeps only the newer of the two.
        Thread.sleep(1100);
        Agent.Result backup = Agent.run(env(source), "backup", "--local-dir", local.toString());

        assertThat(backup.exit()).isEqualTo(1);
        var targets = backup.summary().get("targets");
        assertThat(targets.get(0).get("status").asText()).as("local still works").isEqualTo("ok");
        try (var files = Files.list(local)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .as("the local target pruned its own copies although Drive failed, keeping the new backup")
                    .containsExactly(backup.summary().get("name").asText());
        }
        assertThat(targets.get(0).get("pruned")).hasSize(1);
        assertThat(targets.get(1).get("status").asText()).isEqualTo("failed");
        assertThat(targets.get(1).get("error").asText()).contains("storage quota exceeded")
                .contains("Service accounts have no Drive storage").contains("Shared Drive");
        assertThat(drive.filesIn(FakeDrive.ROOT_FOLDER)).isEqualTo(before);
    }

    @Test
    void anUploadThatNeverCompletesLeavesNothingToList() throws Exception {
        assertThat(Agent.run(env(source), "backup").exit()).isZero();
        List<FakeDrive.StoredFile> before = drive.filesIn(FakeDrive.ROOT_FOLDER);
        drive.serverErrorsOnChunks.set(1_000);

        Agent.Result backup = Agent.run(env(source), "backup", "--input", syntheticDump(3_000_000).toString(),
                "--drive-chunk-mib", "1", "--kind", "manual");

        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isEqualTo(1);
        assertThat(drive.filesIn(FakeDrive.ROOT_FOLDER)).isEqualTo(before);
        drive.serverErrorsOnChunks.set(0);
        Agent.Result list = Agent.run(env(source), "list");
        assertThat(list.stdout().lines().filter(l -> l.startsWith("drive"))).hasSize(1);
    }

    @Test
    void piStacksDriveLayoutAndBackupsRestore() throws Exception {
        String production = drive.createFolder("production", FakeDrive.ROOT_FOLDER);
        String backups = drive.createFolder("backups", production);
        Path seed = Path.of("../shared/testdata/seed-backups");
        drive.putFile("loomio_backup_20261120_030000.sql.enc", backups,
                Files.readAllBytes(seed.resolve("loomio_backup_20261120_030000.sql.enc")));
        String target = Postgres.createDatabase("pistack");
        Map<String, String> env = env(target);
        env.put("BACKUP_ENCRYPTION_KEY", "correct horse battery staple");

        Agent.Result restore = Agent.run(env, "restore", "--staging-dir", dir.toString());

        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(restore.summary().get("name").asText()).isEqualTo("loomio_backup_20261120_030000.sql.enc");
        assertThat(Postgres.fingerprint(target))
                .isEqualTo(Files.readString(seed.resolve("loomio_backup_20261120_030000.fingerprint")));
    }

    @Test
    void retentionPrunesOnlyTheAgentsOwnFolder() throws Exception {
        String backups = drive.createFolder("backups", drive.createFolder("production", FakeDrive.ROOT_FOLDER));
        drive.putFile("loomio-hourly-20250101-000000.sql.enc", backups, new byte[10]);
        drive.putFile("loomio-daily-20250102-000000.sql.enc", backups, new byte[10]);
        drive.putFile("loomio-hourly-20250101-000000.sql.gz.enc", FakeDrive.ROOT_FOLDER, new byte[10]);

        Agent.Result backup = Agent.run(env(source), "backup", "--keep-hourly", "1", "--keep-daily", "0",
                "--keep-monthly", "0");

        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();
        assertThat(backup.summary().get("targets").get(0).get("pruned").get(0).asText())
                .isEqualTo("loomio-hourly-20250101-000000.sql.gz.enc");
        assertThat(drive.filesIn(backups)).as("pi-stack's own backups are not ours to prune").hasSize(2);
        assertThat(drive.filesIn(FakeDrive.ROOT_FOLDER)).filteredOn(f -> f.name().startsWith("loomio-")).singleElement()
                .satisfies(f -> assertThat(f.name()).startsWith("loomio-hourly-2026"));
        assertThat(drive.trashedIn(FakeDrive.ROOT_FOLDER)).as("pruned into Drive's trash, recoverable for 30 days")
                .extracting(FakeDrive.StoredFile::name).containsExactly("loomio-hourly-20250101-000000.sql.gz.enc");
    }

    @Test
    void serviceAccountsSignAJwtWithDomainWideDelegation() throws Exception {
        var pair = KeyPairGenerator.getInstance("RSA");
        pair.initialize(2048);
        var keys = pair.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> account = Map.of("type", "service_account", "project_id", "p", "private_key_id", "k1",
                "private_key", pem, "client_email", "backup@p.iam.gserviceaccount.com", "client_id", "123",
                "token_uri", drive.tokenUri());
        Map<String, String> env = env(source);
        env.remove("GDRIVE_CLIENT_ID");
        env.remove("GDRIVE_CLIENT_SECRET");
        env.remove("GDRIVE_REFRESH_TOKEN");
        env.put("GDRIVE_CREDENTIALS", new ObjectMapper().writeValueAsString(account));
        env.put("GDRIVE_SUBJECT", "admin@example.org");

        Agent.Result backup = Agent.run(env, "backup");

        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();
        assertThat(drive.tokenRequests.get(0).get("grant_type"))
                .isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        var claims = drive.lastJwtClaims();
        assertThat(claims.get("iss").asText()).isEqualTo("backup@p.iam.gserviceaccount.com");
        assertThat(claims.get("sub").asText()).isEqualTo("admin@example.org");
        assertThat(claims.get("scope").asText()).contains("auth/drive");
        assertThat(backup.stdout() + backup.stderr()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void anRcloneTokenIsAccepted() throws Exception {
        Map<String, String> env = env(source);
        env.remove("GDRIVE_REFRESH_TOKEN");
        env.put("GDRIVE_TOKEN", "{\"access_token\":\"ya29.old\",\"token_type\":\"Bearer\",\"refresh_token\":\""
                + FakeDrive.REFRESH_TOKEN + "\",\"expiry\":\"2026-01-01T00:00:00Z\"}");
        assertThat(Agent.run(env, "list").exit()).isZero();
    }

    /** A complete plain dump of random rows that hardly compresses, so the backup spans several upload chunks. */
    private Path syntheticDump(int bytes) throws Exception {
        Random random = new Random(11);
        StringBuilder sql = new StringBuilder("--\n-- PostgreSQL database dump\n--\nCREATE TABLE t (v text);\n");
        while (sql.length() < bytes) {
            sql.append("INSERT INTO t VALUES ('").append(Long.toHexString(random.nextLong()))
                    .append(Long.toHexString(random.nextLong())).append("');\n");
        }
        sql.append("\n--\n-- PostgreSQL database dump complete\n--\n\n");
        Path file = dir.resolve("dump.sql");
        Files.writeString(file, sql);
        return file;
    }

    private int count(String prefix) {
        return (int) drive.requests.stream().filter(r -> r.startsWith(prefix)).count();
    }
}
