package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.operator.desired.NetworkPolicies;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/** The instance's NetworkPolicies ({@link NetworkPolicies}), sharing {@link ChildEventSources#NETWORK_POLICIES}. */
public final class NetworkPolicyDependents {
    private NetworkPolicyDependents() {
    }

    /** No ingress to any pod of the instance but what the others open. */
    public static class DenyIngress extends OwnedDependent<NetworkPolicy> {
        public DenyIngress() {
            super(NetworkPolicy.class, NetworkPolicies::denyIngress);
        }
    }

    /** Postgres from its clients and the operator. */
    public static class Postgres extends OwnedDependent<NetworkPolicy> {
        public Postgres() {
            super(NetworkPolicy.class,
                    (i, context) -> NetworkPolicies.postgres(i, WorkflowInputs.of(context).operatorNamespace()));
        }
    }

    /** Redis from Loomio's pods and the operator. */
    public static class Redis extends OwnedDependent<NetworkPolicy> {
        public Redis() {
            super(NetworkPolicy.class,
                    (i, context) -> NetworkPolicies.redis(i, WorkflowInputs.of(context).operatorNamespace()));
        }
    }

    /** The app and hocuspocus from the ingress controller. */
    public static class Web extends OwnedDependent<NetworkPolicy> {
        public Web() {
            super(NetworkPolicy.class, NetworkPolicies::web);
        }
    }

    /** Where Loomio's pods may connect. */
    public static class LoomioEgress extends OwnedDependent<NetworkPolicy> {
        public LoomioEgress() {
            super(NetworkPolicy.class, NetworkPolicies::loomioEgress);
        }
    }
}
