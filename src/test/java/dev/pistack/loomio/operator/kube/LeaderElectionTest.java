package dev.pistack.loomio.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Lease's timings reach the SDK as given, and an order that could not work is refused at start. */
class LeaderElectionTest {
    private final LeaderElection election = new LeaderElection(null);

    @Test
    void thePisTimingsReachTheSdk() {
        LeaderElectionConfiguration c = election.leaderElection("loomio-operator", Optional.of("ops"),
                Optional.of("pod-1"), Duration.ofSeconds(300), Duration.ofSeconds(240), Duration.ofSeconds(90));
        assertThat(c.getLeaseName()).isEqualTo("loomio-operator");
        assertThat(c.getLeaseNamespace()).contains("ops");
        assertThat(c.getIdentity()).contains("pod-1");
        assertThat(c.getLeaseDuration()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.getRenewDeadline()).isEqualTo(Duration.ofSeconds(240));
        assertThat(c.getRetryPeriod()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aRetryPeriodNotBelowTheRenewDeadlineOrADeadlineNotBelowTheLeaseIsRefused() {
        assertThatThrownBy(() -> election.leaderElection("l", Optional.empty(), Optional.empty(),
                Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(15)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2.2 x lease-retry-period <");
        assertThatThrownBy(() -> election.leaderElection("l", Optional.empty(), Optional.empty(),
                Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(15)))
                .as("fabric8 would refuse it at start").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("they are PT15S, PT30S, PT1M");
        assertThatThrownBy(() -> election.leaderElection("l", Optional.empty(), Optional.empty(),
                Duration.ofSeconds(30), Duration.ofSeconds(45), Duration.ofSeconds(15)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("they are PT15S, PT45S, PT30S");
    }
}
