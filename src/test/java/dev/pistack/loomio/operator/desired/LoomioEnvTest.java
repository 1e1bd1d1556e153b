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

        List<EnvVar> env = LoomioEnv.rails(i);

        assertThat(env).filteredOn(e -> e.getName().equals("WEB_CONCURRENCY")).singleElement()
                .extracting(EnvVar::getValue).isEqualTo("2");
        assertThat(env.get(env.size() - 1).getName()).isEqualTo("ALLOW_ROBOTS");
        assertThat(env.stream().map(EnvVar::getName).toList())
                .as("DATABASE_URL expands $(POSTGRES_PASSWORD), which must come first")
                .containsSubsequence("POSTGRES_PASSWORD", "DATABASE_URL");
    }

    @Test
    void secretsEnterOnlyAsReferences() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        assertThat(LoomioEnv.rails(i))
                .filteredOn(e -> e.getName().matches("POSTGRES_PASSWORD|DEVISE_SECRET|SECRET_COOKIE_TOKEN"))
                .hasSize(3)
                .allSatisfy(e -> {
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("loomio-credentials");
                });
    }
}
