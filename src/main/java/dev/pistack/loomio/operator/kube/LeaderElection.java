package dev.pistack.loomio.operator.kube;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Leader election through a coordination.k8s.io Lease, so two replicas (or an old pod and a new one) never reconcile at
 * once: only the holder of the Lease starts its controllers, the others wait, and a holder that loses the Lease exits
 * so its pod restarts as a follower. QOSDK uses this bean in the prod profile (the packaged operator); tests in the
 * test profile run one operator without it.
 *
 * <p>The SDK's own exit on losing the Lease calls {@code System.exit} also when the Lease is given up because the
 * operator is stopping (SIGTERM): inside the JVM's shutdown that call blocks forever, and the pod hangs until the
 * kubelet kills it after its grace period. So the exit is this class's: only when the Lease is lost while running.
 *
 * <p>The timings are a Pi's, not the SDK's defaults (15 s Lease, 10 s renew deadline, 2 s retry, as Kubernetes' own
 * components): k3s keeps the Lease in its datastore on the SD card, and a renewal every 2 s is about 1,800 writes an
 * hour, more than everything else the operator writes. Renewed every 90 s it is 40. A long Lease costs nothing on a
 * planned stop: the SDK leaves the Lease held when it stops (it does not release on cancel), so this class releases it
 * once the controllers have stopped, and the next operator (the chart's Deployment replaces its pod with the Recreate
 * strategy) takes it at its first try. A container restarted in the same pod keeps its identity (the pod's name) and
 * renews at once; a pod lost with its node is replaced after Kubernetes' 300 s eviction delay, when the Lease has
 * expired. Only a pod killed without stopping and replaced at once leaves a Lease its successor waits out: 5 minutes
 * plus its next try, up to about 8 minutes of nothing reconciled, which the idempotent reconcile makes a delay, not a
 * loss.
 */
@Singleton
public class LeaderElection {
    private static final Logger LOG = Logger.getLogger(LeaderElection.class);
    /** After QOSDK's shutdown observer (default priority 2500), which stops the controllers and the elector. */
    private static final int AFTER_THE_SDK_STOPPED = 4000;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean leading = new AtomicBoolean();
    private final KubernetesClient client;
    private volatile String leaseName;
    private volatile String leaseNamespace;
    private volatile String identity;

    /** @param client the operator's client, which releases the Lease at shutdown */
    @Inject
    LeaderElection(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param leaseName property loomio.operator.lease-name, default loomio-operator
     * @param leaseNamespace property loomio.operator.lease-namespace; default: the namespace of the client's
     *     configuration, i.e. the ServiceAccount's namespace in a pod
     * @param identity property loomio.operator.leader-identity; default: $HOSTNAME, the pod's name, or else a random
     *     UUID
     * @param leaseDuration property loomio.operator.lease-duration: how long a Lease not renewed stays taken
     * @param renewDeadline property loomio.operator.lease-renew-deadline: how long the leader keeps trying to renew
     *     before it gives up and exits
     * @param retryPeriod property loomio.operator.lease-retry-period: how often it renews, and a follower tries
     * @throws IllegalArgumentException when they are not 2.2 &times; retryPeriod &lt; renewDeadline &lt;
     *     leaseDuration (fabric8's LeaderElectorBuilder: a retry is jittered by up to 1.2 periods)
     */
    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(
            @ConfigProperty(name = "loomio.operator.lease-name", defaultValue = "loomio-operator") String leaseName,
            @ConfigProperty(name = "loomio.operator.lease-namespace") Optional<String> leaseNamespace,
            @ConfigProperty(name = "loomio.operator.leader-identity") Optional<String> identity,
            @ConfigProperty(name = "loomio.operator.lease-duration", defaultValue = "300s") Duration leaseDuration,
            @ConfigProperty(name = "loomio.operator.lease-renew-deadline",
                    defaultValue = "240s") Duration renewDeadline,
            @ConfigProperty(name = "loomio.operator.lease-retry-period", defaultValue = "90s") Duration retryPeriod) {
        // fabric8's LeaderElectorBuilder refuses a deadline that a retry with its jitter (up to 1.2 periods) can miss.
        if (retryPeriod.multipliedBy(22).dividedBy(10).compareTo(renewDeadline) >= 0
                || renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("the Lease's timings must be 2.2 x lease-retry-period <"
                    + " lease-renew-deadline < lease-duration; they are " + retryPeriod + ", " + renewDeadline + ", "
                    + leaseDuration);
        }
        this.leaseName = leaseName;
        this.leaseNamespace = leaseNamespace.orElse(null);
        this.identity = identity.filter(i -> !i.isBlank())
                .or(() -> Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()))
                .orElseGet(() -> UUID.randomUUID().toString());
        LeaderCallbacks callbacks = new LeaderCallbacks(() -> leading.set(true), this::stoppedLeading, id -> {
        });
        return new LeaderElectionConfiguration(leaseName, this.leaseNamespace,
                leaseDuration, renewDeadline, retryPeriod, this.identity, callbacks, false);
    }

    /** Runs before the SDK stops (lower priority value first), so giving up the Lease then is no loss. */
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        stopping.set(true);
    }

    /**
     * Releases the Lease this operator held, once the SDK has stopped its controllers: the holder is cleared and the
     * Lease made to expire at once, as client-go's ReleaseOnCancel does. The update carries the resourceVersion read,
     * so a Lease another operator took in between is left alone. A failure is logged, not thrown: the next leader then
     * waits for the Lease to expire.
     */
    void releaseLease(@Observes @Priority(AFTER_THE_SDK_STOPPED) ShutdownEvent event) {
        if (!leading.get()) {
            return;
        }
        String namespace = leaseNamespace != null ? leaseNamespace : client.getNamespace();
        try {
            Lease lease = client.leases().inNamespace(namespace).withName(leaseName).get();
            if (lease == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
                return;
            }
            lease.getSpec().setHolderIdentity(null);
            lease.getSpec().setLeaseDurationSeconds(1);
            lease.getSpec().setRenewTime(ZonedDateTime.now().truncatedTo(ChronoUnit.MICROS));
            client.resource(lease).update();
            LOG.infof("released the Lease %s/%s: the next operator takes it at once", namespace, leaseName);
        } catch (RuntimeException e) {
            LOG.warnf("could not release the Lease %s/%s (%s): the next operator waits until it expires", namespace,
                    leaseName, e.getMessage());
        }
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
