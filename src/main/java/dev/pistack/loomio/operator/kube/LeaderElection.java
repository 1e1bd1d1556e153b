package dev.pistack.loomio.operator.kube;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
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
 *
 * <p>The timings are a Pi's, not the SDK's defaults (15 s Lease, 10 s renew deadline, 2 s retry, as Kubernetes' own
 * components): k3s keeps the Lease in its datastore on the SD card, and a renewal every 2 s is about 1,800 writes an
 * hour, more than everything else the operator writes. Renewed every 15 s it is 240. What it costs: after a crash
 * (not a stop: a stopping operator gives the Lease up) a new leader waits until the Lease expires, up to a minute.
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
     * @param leaseDuration property loomio.operator.lease-duration: how long a Lease not renewed stays taken
     * @param renewDeadline property loomio.operator.lease-renew-deadline: how long the leader keeps trying to renew
     *     before it gives up and exits
     * @param retryPeriod property loomio.operator.lease-retry-period: how often it renews, and a follower tries
     * @throws IllegalArgumentException when they are not retryPeriod &lt; renewDeadline &lt; leaseDuration
     */
    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(
            @ConfigProperty(name = "loomio.operator.lease-name", defaultValue = "loomio-operator") String leaseName,
            @ConfigProperty(name = "loomio.operator.lease-namespace") Optional<String> leaseNamespace,
            @ConfigProperty(name = "loomio.operator.leader-identity") Optional<String> identity,
            @ConfigProperty(name = "loomio.operator.lease-duration", defaultValue = "60s") Duration leaseDuration,
            @ConfigProperty(name = "loomio.operator.lease-renew-deadline",
                    defaultValue = "45s") Duration renewDeadline,
            @ConfigProperty(name = "loomio.operator.lease-retry-period", defaultValue = "15s") Duration retryPeriod) {
        if (retryPeriod.compareTo(renewDeadline) >= 0 || renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("the Lease's timings must be lease-retry-period < lease-renew-deadline"
                    + " < lease-duration; they are " + retryPeriod + ", " + renewDeadline + ", " + leaseDuration);
        }
        LeaderCallbacks exitWhenLost = new LeaderCallbacks(() -> {
        }, this::stoppedLeading, id -> {
        });
        return new LeaderElectionConfiguration(leaseName, leaseNamespace.orElse(null),
                leaseDuration, renewDeadline, retryPeriod, identity.orElse(null), exitWhenLost, false);
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
