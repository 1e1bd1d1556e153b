package dev.pistack.loomio.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.agent.credentials.CredentialsFetch;
import dev.pistack.loomio.agent.credentials.SealedCredentials;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.drive.DriveClients;
import dev.pistack.loomio.agent.drive.DriveSettings;
import dev.pistack.loomio.agent.drive.DriveTarget;
import dev.pistack.loomio.agent.drive.FakeDrive;
import dev.pistack.loomio.agent.s3.S3Clients;
import dev.pistack.loomio.agent.s3.S3Server;
import dev.pistack.loomio.agent.s3.S3Settings;
import dev.pistack.loomio.agent.s3.S3Target;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.LocalTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credentials Secret's sealed copy beside the backups, through the agent's command line, on the local directory,
 * the fake Drive and a real S3 server; read back by {@link CredentialsFetch}, which decides between a new install
 * and a recovery.
 */
class CredentialsCopyIT {
    private static final FernetKey KEY = FernetKey.generate(new SecureRandom());
    private static final String INSTANCE = "apps/loomio";
    private static String source;

    @TempDir
    Path dir;
    FakeDrive drive;
    S3Server s3;
    String bucket;
    Path local;
    Path credentials;

    @BeforeAll
    static void fixture() throws Exception {
        source = Postgres.fixtureDatabase();
    }

    @BeforeEach
    void targets() throws Exception {
        drive = new FakeDrive();
        s3 = new S3Server();
        bucket = s3.createBucket("creds-" + UUID.randomUUID().toString().substring(0, 8));
        local = Files.createDirectories(dir.resolve("local"));
        credentials = Files.createDirectories(dir.resolve("credentials"));
        // A Secret volume as the kubelet lays it out: keys are links into a timestamped directory.
        Path data = Files.createDirectories(credentials.resolve("..2026_12_07_02_00_00.1"));
        Files.writeString(data.resolve("DEVISE_SECRET"), "devise-1");
        Files.writeString(data.resolve("LOOMIO_DATABASE_PASSWORD"), "password-1");
        Files.createSymbolicLink(credentials.resolve("..data"), data.getFileName());
        for (String key : List.of("DEVISE_SECRET", "LOOMIO_DATABASE_PASSWORD")) {
            Files.createSymbolicLink(credentials.resolve(key), Path.of("..data", key));
        }
    }

    @AfterEach
    void stop() throws Exception {
        drive.close();
        s3.close();
        assertThat(drive.failures).as("errors inside the fake Drive").isEmpty();
    }

    private Map<String, String> env(FernetKey key, String instance) {
        Map<String, String> env = new HashMap<>(Postgres.env(source));
        env.putAll(drive.oauthEnv());
        env.putAll(s3.env(bucket));
        env.put("BACKUP_LOCAL_DIR", local.toString());
        env.put("BACKUP_ENCRYPTION_KEY", key.encoded());
        env.put("LOOMIO_INSTANCE", instance);
        return env;
    }

    private List<BackupTarget> offsite(Map<String, String> env) throws Exception {
        DriveSettings driveSettings = DriveSettings.fromEnvironment(env);
        S3Settings s3Settings = S3Settings.fromEnvironment(env);
        return List.of(new DriveTarget(DriveClients.create(driveSettings), driveSettings),
                new S3Target(S3Clients.create(s3Settings), s3Settings));
    }

    @Test
    void everyBackupKeepsTheNewestCopyOnEveryTargetAndTheFetchTakesItBack() throws Exception {
        assertThat(CredentialsFetch.newest(offsite(env(KEY, INSTANCE)), KEY, INSTANCE).outcome())
                .as("nothing anywhere: a new install").isEqualTo(CredentialsFetch.Outcome.NONE);

        Agent.Result first = Agent.run(env(KEY, INSTANCE), "backup", "--credentials-dir", credentials.toString(),
                "--staging-dir", dir.resolve("staging").toString());
        assertThat(first.exit()).as(first.stdout() + first.stderr()).isZero();
        assertThat(first.stdout() + first.stderr()).doesNotContain("devise-1", "password-1");
        assertThat(local.resolve(SealedCredentials.FILE_NAME)).exists();
        assertThat(Files.readString(local.resolve(SealedCredentials.FILE_NAME))).startsWith("gAAAAA")
                .doesNotContain("devise-1");
        assertThat(s3.keys(bucket)).contains("apps.loomio/" + SealedCredentials.FILE_NAME);

        Thread.sleep(1100);
        Files.writeString(credentials.resolve("..data").resolve("DEVISE_SECRET"), "devise-2");
        Agent.Result second = Agent.run(env(KEY, INSTANCE), "backup", "--credentials-dir", credentials.toString(),
                "--staging-dir", dir.resolve("staging").toString());
        assertThat(second.exit()).as(second.stdout() + second.stderr()).isZero();
        assertThat(drive.filesIn(FakeDrive.ROOT_FOLDER)).filteredOn(f -> f.name().equals(SealedCredentials.FILE_NAME))
                .as("one copy; the older one went to the trash").hasSize(1);
        assertThat(drive.trashedIn(FakeDrive.ROOT_FOLDER)).extracting(FakeDrive.StoredFile::name)
                .contains(SealedCredentials.FILE_NAME);

        for (BackupTarget target : offsite(env(KEY, INSTANCE))) {
            CredentialsFetch.Result result = CredentialsFetch.newest(List.of(target), KEY, INSTANCE);
            assertThat(result.outcome()).as(target.kind()).isEqualTo(CredentialsFetch.Outcome.FOUND);
            assertThat(result.copy().data()).as(target.kind()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("DEVISE_SECRET", "devise-2", "LOOMIO_DATABASE_PASSWORD", "password-1"));
            assertThat(result.copy().instance()).isEqualTo(INSTANCE);
        }
        CredentialsFetch.Result local = CredentialsFetch.newest(List.of(new LocalTarget(this.local)), KEY, INSTANCE);
        assertThat(local.copy().data()).containsEntry("DEVISE_SECRET", "devise-2");
    }

    @Test
    void copiesUnderAnotherKeyOrOfAnotherInstanceAreNeverANewInstallAndAnUnreadableTargetIsNotNone()
            throws Exception {
        Agent.Result backup = Agent.run(env(KEY, INSTANCE), "backup", "--credentials-dir", credentials.toString(),
                "--staging-dir", dir.resolve("staging").toString());
        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();

        FernetKey other = FernetKey.generate(new SecureRandom());
        CredentialsFetch.Result wrongKey = CredentialsFetch.newest(offsite(env(KEY, INSTANCE)), other, INSTANCE);
        assertThat(wrongKey.outcome()).isEqualTo(CredentialsFetch.Outcome.NO_AUTHENTIC);
        assertThat(wrongKey.message()).contains(other.fingerprint()).doesNotContain("devise-1");

        CredentialsFetch.Result otherInstance = CredentialsFetch.newest(offsite(env(KEY, INSTANCE)), KEY,
                "apps/other");
        assertThat(otherInstance.outcome()).isEqualTo(CredentialsFetch.Outcome.NO_AUTHENTIC);
        assertThat(otherInstance.message()).contains("a copy of instance apps/loomio");

        s3.stop();
        CredentialsFetch.Result unreadable = CredentialsFetch.newest(offsite(env(KEY, INSTANCE)), KEY, INSTANCE);
        assertThat(unreadable.outcome()).isEqualTo(CredentialsFetch.Outcome.FAILED);
        assertThat(unreadable.source()).isEqualTo("s3");
        s3.start();
    }
}
