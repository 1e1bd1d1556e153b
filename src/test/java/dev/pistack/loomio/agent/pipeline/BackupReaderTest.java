package dev.pistack.loomio.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.crypto.FernetOutputStream;
import dev.pistack.loomio.agent.dump.BackupOrigin;
import dev.pistack.loomio.contract.RejectionReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BackupReaderTest {
    private static final String DUMP_END = "\n--\n-- PostgreSQL database dump complete\n--\n\n";
    private final FernetKey key = FernetKey.generate(new SecureRandom());

    @Test
    void anAlteredBackupIsReportedAsNotAuthenticWhateverLayerNoticesFirst() throws IOException {
        byte[] backup = backup(sql(200_000), true);
        for (int i = 0; i < backup.length; i += 37) {
            byte[] altered = backup.clone();
            altered[i] = (byte) (altered[i] == 'A' ? 'B' : 'A');
            if (Arrays.equals(decode(altered), decode(backup))) {
                continue;
            }
            assertThatThrownBy(() -> BackupReader.verify(new ByteArrayInputStream(altered), key))
                    .as("byte %d altered", i)
                    .isInstanceOfSatisfying(BackupRejected.class, e -> assertThat(e.reason())
                            .isIn(RejectionReason.WRONG_KEY_OR_CORRUPT, RejectionReason.NOT_A_BACKUP));
        }
    }

    @Test
    void anAuthenticBackupOfAnIncompleteDumpIsReportedAsIncomplete() throws IOException {
        byte[] backup = backup("CREATE TABLE t (id int);\n", true);
        assertThatThrownBy(() -> BackupReader.verify(new ByteArrayInputStream(backup), key))
                .isInstanceOfSatisfying(BackupRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.INCOMPLETE_DUMP));
    }

    @Test
    void plainSqlInsideIsAcceptedForTheSeedSystemsBackups() throws IOException {
        String sql = sql(10_000);
        BackupReader.Verified v = BackupReader.verify(new ByteArrayInputStream(backup(sql, false)), key);
        assertThat(v.gzip()).isFalse();
        assertThat(v.sqlBytes()).isEqualTo(sql.getBytes(StandardCharsets.UTF_8).length);
        assertThat(BackupReader.plaintext(new ByteArrayInputStream(backup(sql, true)), key).readAllBytes())
                .isEqualTo(sql.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAgentBackupWhoseNameIsNotItsAuthenticatedTimeIsRefused() throws IOException {
        Instant written = Instant.parse("2026-11-20T10:00:00Z");
        BackupReader.Verified agent = BackupReader.verify(
                new ByteArrayInputStream(backup(sql(1_000), true, written)), key);
        BackupReader.requireNamedTime(written, agent);
        BackupReader.requireNamedTime(written.plusSeconds(2), agent);
        assertThatThrownBy(() -> BackupReader.requireNamedTime(written.plusSeconds(3600), agent))
                .as("renamed to look an hour newer")
                .isInstanceOfSatisfying(BackupRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.NAME_TIME_MISMATCH);
                    assertThat(e.getMessage()).contains("2026-11-20T11:00:00Z").contains("2026-11-20T10:00:00Z");
                });
    }

    @Test
    void theSeedSystemsBackupsGetAWideWindowThatStillRefusesARenameByDays() throws IOException {
        Instant written = Instant.parse("2026-11-21T19:29:44Z");
        BackupReader.Verified seed = BackupReader.verify(
                new ByteArrayInputStream(backup(sql(1_000), false, written)), key);
        // As testdata/seed-backups: named 2026-11-20 03:00, written 40 hours later.
        BackupReader.requireNamedTime(Instant.parse("2026-11-20T03:00:00Z"), seed);
        assertThatThrownBy(() -> BackupReader.requireNamedTime(written.plus(java.time.Duration.ofDays(4)), seed))
                .isInstanceOfSatisfying(BackupRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.NAME_TIME_MISMATCH));
    }

    @Test
    void theOriginOnTheDumpsFirstLineIsReadAndAnotherInstancesBackupRefused() throws IOException {
        BackupOrigin taken = new BackupOrigin("loomio", "prod", "6f1c0a52-4b1e-4c3a-9a55-0d2f7a1e9b31");
        String sql = new String(taken.headerLine(), StandardCharsets.UTF_8) + sql(5_000);
        BackupReader.Verified v = BackupReader.verify(new ByteArrayInputStream(backup(sql, true)), key);
        assertThat(v.origin()).isEqualTo(taken);

        BackupReader.requireOrigin(BackupOrigin.parseInstance("loomio/prod"), v);
        BackupReader.requireOrigin(new BackupOrigin("loomio", "prod", "another-incarnation-uid"), v);
        BackupReader.requireOrigin(null, v);
        assertThatThrownBy(() -> BackupReader.requireOrigin(BackupOrigin.parseInstance("loomio/staging"), v))
                .isInstanceOfSatisfying(BackupRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.OTHER_INSTANCE);
                    assertThat(e.getMessage()).contains("loomio/prod").contains("--from-instance loomio/prod");
                });
    }

    @Test
    void aDumpWithoutAnOriginLineNamesNoneAndIsAcceptedForAnyInstance() throws IOException {
        BackupReader.Verified v = BackupReader.verify(new ByteArrayInputStream(backup(sql(5_000), false)), key);
        assertThat(v.origin()).isNull();
        BackupReader.requireOrigin(BackupOrigin.parseInstance("loomio/prod"), v);
        String notFirst = "SET x = 1;\n" + new String(new BackupOrigin("a", "b", "").headerLine(),
                StandardCharsets.UTF_8) + sql(1_000);
        assertThat(BackupReader.verify(new ByteArrayInputStream(backup(notFirst, true)), key).origin())
                .as("only the first line counts").isNull();
    }

    private static String sql(int size) {
        Random random = new Random(5);
        StringBuilder sql = new StringBuilder("CREATE TABLE t (v text);\n");
        while (sql.length() < size) {
            sql.append("INSERT INTO t VALUES ('").append(Long.toHexString(random.nextLong())).append("');\n");
        }
        return sql.append(DUMP_END).toString();
    }

    private byte[] backup(String sql, boolean gzip) throws IOException {
        return backup(sql, gzip, Instant.now());
    }

    private byte[] backup(String sql, boolean gzip, Instant written) throws IOException {
        ByteArrayOutputStream token = new ByteArrayOutputStream();
        OutputStream fernet = new FernetOutputStream(token, key, written, new SecureRandom().generateSeed(16));
        try (OutputStream out = gzip ? new GZIPOutputStream(fernet) : fernet) {
            out.write(sql.getBytes(StandardCharsets.UTF_8));
        }
        return token.toByteArray();
    }

    private static byte[] decode(byte[] text) {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
