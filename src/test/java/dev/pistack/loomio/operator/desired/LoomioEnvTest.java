package dev.pistack.loomio.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoomioEnvTest {
    @Test
    void userEnvReplacesOperatorValuesInPlaceAndAppendsNewOnes() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        i.getSpec().setEnv(List.of(new EnvVar("WEB_CONCURRENCY", "2", null), new EnvVar("ALLOW_ROBOTS", "1", null)));

        List<EnvVar> env = LoomioEnv.rails(i, DatabaseLogin.LOOMIO);

        assertThat(env).filteredOn(e -> e.getName().equals("WEB_CONCURRENCY")).singleElement()
                .extracting(EnvVar::getValue).isEqualTo("2");
        assertThat(env.get(env.size() - 1).getName()).isEqualTo("ALLOW_ROBOTS");
        assertThat(env.stream().map(EnvVar::getName).toList())
                .as("DATABASE_URL expands $(LOOMIO_DATABASE_PASSWORD), which must come first")
                .containsSubsequence("LOOMIO_DATABASE_PASSWORD", "DATABASE_URL")
                .as("Loomio never sees the superuser's password").doesNotContain("POSTGRES_PASSWORD");
    }

    @Test
    void secretsEnterOnlyAsReferences() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        assertThat(LoomioEnv.rails(i, DatabaseLogin.LOOMIO))
                .filteredOn(e -> e.getName().matches("LOOMIO_DATABASE_PASSWORD|DEVISE_SECRET|SECRET_COOKIE_TOKEN"))
                .hasSize(3)
                .allSatisfy(e -> {
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("loomio-credentials");
                });
    }
}
