package dev.pistack.loomio.agent.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("S3_BUCKET", "pi-backups");
        env.put("S3_ACCESS_KEY_ID", "AKIAEXAMPLE");
        env.put("S3_SECRET_ACCESS_KEY", "secret-value-9c1f");
        return env;
    }

    @Test
    void theKeyPrefixIsTheUsersPrefixThenTheInstancesFolder() {
        Map<String, String> env = env();
        assertThat(S3Settings.fromEnvironment(env).keyPrefix()).as("the bucket's root").isEmpty();
        env.put("LOOMIO_INSTANCE", "apps/loomio");
        assertThat(S3Settings.fromEnvironment(env).keyPrefix()).isEqualTo("apps.loomio/");
        env.put("S3_PREFIX", "/home/pi/");
        assertThat(S3Settings.fromEnvironment(env).keyPrefix()).isEqualTo("home/pi/apps.loomio/");
    }

    @Test
    void s3IsOnWhenABucketIsSetUnlessTurnedOff() {
        assertThat(S3Settings.enabled(Map.of())).isFalse();
        Map<String, String> env = env();
        assertThat(S3Settings.enabled(env)).isTrue();
        env.put("S3_ENABLED", "false");
        assertThat(S3Settings.enabled(env)).isFalse();
    }

    @Test
    void missingSettingsSayWhichKeyToSetAndNeverShowTheSecret() {
        Map<String, String> noSecret = env();
        noSecret.remove("S3_SECRET_ACCESS_KEY");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(noSecret)).hasMessageContaining("S3_SECRET_ACCESS_KEY");
        Map<String, String> badEndpoint = env();
        badEndpoint.put("S3_ENDPOINT", "nas.lan:9000");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(badEndpoint)).hasMessageContaining("http(s)://");
        Map<String, String> noBucket = env();
        noBucket.remove("S3_BUCKET");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(noBucket)).hasMessageContaining("S3_BUCKET");
        assertThat(S3Settings.fromEnvironment(env()).toString()).doesNotContain("secret-value-9c1f");
    }

    @Test
    void partsAreAtLeastS3sMinimum() {
        assertThatThrownBy(() -> S3Settings.fromEnvironment(env()).withPartBytes(4L * 1024 * 1024))
                .hasMessageContaining("5 MiB");
    }
}
