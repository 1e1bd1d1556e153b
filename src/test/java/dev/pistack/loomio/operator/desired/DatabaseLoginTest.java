package dev.pistack.loomio.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Who logs in as whom: Loomio and the backups as loomio, the sampler as loomio_monitor, unless a Postgres pod of an
 * earlier version still runs (RAM mode, OnDelete), which has no such roles.
 */
class DatabaseLoginTest {
    private static final LoomioInstance INSTANCE = Samples.load(Samples.PRODUCTION, "loomio");

    private static Pod podOf(boolean current) {
        var template = PostgresStatefulSet.desired(INSTANCE, Samples.AGENT_IMAGE, Tiers.ALL).getSpec().getTemplate();
        Pod pod = new PodBuilder().withMetadata(template.getMetadata()).withSpec(template.getSpec()).build();
        if (!current) {
            pod.getSpec().setInitContainers(pod.getSpec().getInitContainers().stream()
                    .filter(c -> !PostgresRoles.INIT.equals(c.getName())).toList());
        }
        return pod;
    }

    @Test
    void aPodOfTheCurrentTemplateOrNoneHasTheRoles() {
        assertThat(DatabaseLogin.rolesIn(Optional.of(podOf(true)))).isTrue();
        assertThat(DatabaseLogin.rolesIn(Optional.empty())).as("the next pod comes from the current template")
                .isTrue();
        assertThat(DatabaseLogin.loomio(true)).isEqualTo(DatabaseLogin.LOOMIO);
        assertThat(DatabaseLogin.monitor(true)).isEqualTo(DatabaseLogin.MONITOR);
    }

    @Test
    void anEarlierPodKeepsItsClientsOnTheSuperuserUntilItRestarts() {
        assertThat(DatabaseLogin.rolesIn(Optional.of(podOf(false)))).isFalse();
        assertThat(DatabaseLogin.loomio(false)).isEqualTo(DatabaseLogin.EARLIER_SUPERUSER);
        assertThat(DatabaseLogin.monitor(false)).isEqualTo(DatabaseLogin.EARLIER_SUPERUSER);
        Map<String, String> env = LoomioEnv.rails(INSTANCE, DatabaseLogin.loomio(false)).stream()
                .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(env.get("DATABASE_URL")).startsWith("postgresql://postgres:$(POSTGRES_PASSWORD)@");
    }

    @Test
    void theRolesContainerRunsLastWithTheServersImageAndEveryRolesPassword() {
        var init = podOf(true).getSpec().getInitContainers();
        assertThat(init.get(init.size() - 1)).satisfies(c -> {
            assertThat(c.getName()).isEqualTo(PostgresRoles.INIT);
            assertThat(c.getImage()).isEqualTo(INSTANCE.getSpec().getPostgres().getImage());
            assertThat(c.getEnv()).filteredOn(e -> e.getValueFrom() != null)
                    .extracting(e -> e.getValueFrom().getSecretKeyRef().getKey())
                    .containsExactlyInAnyOrder(CredentialsSecret.POSTGRES_PASSWORD,
                            CredentialsSecret.LOOMIO_DATABASE_PASSWORD, CredentialsSecret.MONITOR_DATABASE_PASSWORD);
            assertThat(String.join(" ", c.getCommand())).doesNotContain("PASSWORD=");
        });
        assertThat(List.of(DatabaseLogin.LOOMIO, DatabaseLogin.MONITOR)).extracting(DatabaseLogin::passwordKey)
                .allMatch(CredentialsSecret.KEYS::contains);
    }
}
