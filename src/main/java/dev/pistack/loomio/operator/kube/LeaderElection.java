package dev.pistack.loomio.operator.kube;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Leader election through a coordination.k8s.io Lease, so two replicas (or the old and new pod of a rolling update)
 * never reconcile at once: only the holder of the Lease starts its controllers, the others wait, and a holder that
 * loses the Lease exits so its pod restarts as a follower. QOSDK uses this bean in the prod profile (the packaged
 * operator); tests in the test profile run one operator without it.
 *
 * <p>The SDK's own exit on losing the Lease calls {@code System.exit} also when the Lease is given up because the
 * operator is stopping (SIGTERM): inside the JVM's shutdown that call blocks forever, and the pod hangs until the
 * kubelet kills it after its grace period. So the exit is this class's: only when the Lease is lost while running.
 */
@Singleton
public class LeaderElection {
    private static final Logger LOG = Logger.getLogger(LeaderElection.class);
    private final AtomicBoolean stopping = new AtomicBoolean();

    /**
     * @param leaseName property loomio.operator.lease-name, default loomio-operator
     * @param leaseNamespace property loomio.operator.lease-namespace; default: the namespace of the client's
     *     configuration, i.e. the ServiceAccount's namespace in a pod
     * @param identity property loomio.operator.leader-identity; default: $HOSTNAME, the pod's name
     */
    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(
            @ConfigProperty(name = "loomio.operator.lease-name", defaultValue = "loomio-operator") String leaseName,
            @ConfigProperty(name = "loomio.operator.lease-namespace") Optional<String> leaseNamespace,
            @ConfigProperty(name = "loomio.operator.leader-identity") Optional<String> identity) {
        LeaderCallbacks exitWhenLost = new LeaderCallbacks(() -> {
        }, this::stoppedLeading, id -> {
        });
        return new LeaderElectionConfiguration(leaseName, leaseNamespace.orElse(null),
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, identity.orElse(null), exitWhenLost, false);
    }

    /** Runs before the SDK stops (lower priority value first), so giving up the Lease then is no loss. */
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        stopping.set(true);
    }

    private void stoppedLeading() {
        if (stopping.get()) {
            LOG.info("gave up the Lease: the operator is stopping");
            return;
        }
        LOG.error("lost the Lease while running: exiting, so that this pod restarts as a follower");
        System.exit(1);
    }
}
