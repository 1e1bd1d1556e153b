package dev.pistack.loomio.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OffsiteSettingsTest {
    private static Secret secret(Map<String, String> values) {
        SecretBuilder builder = new SecretBuilder().withNewMetadata().withName("loomio-backup").endMetadata();
        values.forEach((k, v) -> builder.addToData(k,
                Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return builder.build();
    }

    @Test
    void theKeyAloneHasNoOffSiteTargetToCheck() {
        assertThat(OffsiteSettings.problem(secret(Map.of("BACKUP_ENCRYPTION_KEY", "k")))).isEmpty();
    }

    @Test
    void anS3BucketWithoutItsKeysIsNamedAndTheSecretIsNotShown() {
        assertThat(OffsiteSettings.problem(secret(Map.of("S3_BUCKET", "b", "S3_ACCESS_KEY_ID", "AKIA-9f2"))))
                .hasValueSatisfying(m -> assertThat(m).contains("S3_SECRET_ACCESS_KEY").doesNotContain("AKIA-9f2"));
        assertThat(OffsiteSettings.problem(secret(Map.of("S3_BUCKET", "b", "S3_ACCESS_KEY_ID", "a",
                "S3_SECRET_ACCESS_KEY", "s", "S3_ENDPOINT", "nas.lan:9000")))).hasValueSatisfying(
                        m -> assertThat(m).contains("S3_ENDPOINT"));
    }

    @Test
    void theDriveSecretCompletesTheBackupSecretAsTheirEnvFromDoes() {
        Secret backup = secret(Map.of("BACKUP_ENCRYPTION_KEY", "k", "GDRIVE_FOLDER_ID", "folder"));
        assertThat(OffsiteSettings.problem(backup, null)).hasValueSatisfying(
                m -> assertThat(m).contains("no Drive credentials"));
        Secret drive = secret(Map.of("GDRIVE_CLIENT_ID", "c", "GDRIVE_CLIENT_SECRET", "s",
                "GDRIVE_REFRESH_TOKEN", "r"));
        assertThat(OffsiteSettings.problem(backup, drive)).isEmpty();
    }
}
