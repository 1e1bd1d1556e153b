package dev.pistack.loomio.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Leader election through a coordination.k8s.io Lease, so two replicas (or the old and new pod of a rolling update)
 * never reconcile at once: only the holder of the Lease starts its controllers, the others wait, and a holder that
 * loses the Lease exits (the SDK's default) so its pod restarts as a follower. QOSDK uses this bean in the prod
 * profile (the packaged operator); tests in the test profile run one operator without it.
 */
public class LeaderElection {
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
        return new LeaderElectionConfiguration(leaseName, leaseNamespace.orElse(null), identity.orElse(null));
    }
}
