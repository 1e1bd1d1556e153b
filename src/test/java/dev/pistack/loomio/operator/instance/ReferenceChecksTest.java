package dev.pistack.loomio.operator.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ReferenceChecksTest {
    private static final String KEY = ReferenceChecks.BACKUP_KEY;

    private static Secret data(String key, String value) {
        return new SecretBuilder().addToData(key,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))).build();
    }

    @Test
    void aKeyWithAValueCounts() {
        assertThat(ReferenceChecks.hasValue(data(KEY, "d95CskwRHPWShMaKKWZgk8465EaMYvTkgHu0PLEC_3M="), KEY)).isTrue();
        assertThat(ReferenceChecks.hasValue(new SecretBuilder().addToStringData(KEY, "passphrase").build(), KEY))
                .isTrue();
    }

    @Test
    void anEmptyOrBlankKeyIsNoKey() {
        assertThat(ReferenceChecks.hasValue(data(KEY, ""), KEY)).isFalse();
        assertThat(ReferenceChecks.hasValue(data(KEY, " \n"), KEY)).isFalse();
        assertThat(ReferenceChecks.hasValue(new SecretBuilder().addToStringData(KEY, "").build(), KEY)).isFalse();
    }

    @Test
    void anotherKeyOrNoDataIsNoKey() {
        assertThat(ReferenceChecks.hasValue(data("GDRIVE_FOLDER_ID", "x"), KEY)).isFalse();
        assertThat(ReferenceChecks.hasValue(new SecretBuilder().build(), KEY)).isFalse();
    }
}
