package dev.pistack.loomio.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CredentialsSecretTest {
    private final LoomioInstance instance = Samples.load(Samples.PRODUCTION, "apps");

    @Test
    void aNewInstallGetsGeneratedValuesForEveryKey() {
        Secret secret = CredentialsSecret.desired(instance, new Random(1), Samples.VAPID, null);
        assertThat(secret.getStringData()).containsOnlyKeys(CredentialsSecret.KEYS);
        assertThat(secret.getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void aRecoveryTakesTheCopysValuesAndGeneratesOnlyTheKeysItLacks() {
        Secret generated = CredentialsSecret.desired(instance, new Random(1), Samples.VAPID, null);
        Map<String, String> copy = Map.of(CredentialsSecret.DEVISE_SECRET, "devise-from-the-backup",
                CredentialsSecret.LOOMIO_DATABASE_PASSWORD, "loomio-password-from-the-backup");
        Secret recovered = CredentialsSecret.desired(instance, new Random(1), Samples.VAPID, copy);
        assertThat(recovered.getStringData()).containsOnlyKeys(CredentialsSecret.KEYS)
                .containsAllEntriesOf(copy)
                .containsEntry(CredentialsSecret.REDIS_PASSWORD,
                        generated.getStringData().get(CredentialsSecret.REDIS_PASSWORD));
        assertThat(recovered.getMetadata().getAnnotations())
                .containsEntry(CredentialsSecret.RECOVERED_ANNOTATION, "true");
    }
}
