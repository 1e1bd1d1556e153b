package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;

/**
 * The instance's NetworkPolicies: who may reach its pods, and where the Loomio pods may connect. k3s enforces
 * NetworkPolicies out of the box (its embedded kube-router policy controller); on a cluster without a policy
 * controller they are stored and do nothing.
 */
public class NetworkPolicySpec {
    /** k3s' default pod (cluster-cidr) and Service (service-cidr) ranges. */
    public static final List<String> K3S_CLUSTER_CIDRS = List.of("10.42.0.0/16", "10.43.0.0/16");

    @JsonPropertyDescription("Create the NetworkPolicies: no ingress to the instance's pods but what it needs; Loomio's"
            + " pods reach DNS, their own Postgres, Redis and app, and addresses outside clusterCidrs. Turn off only"
            + " where another policy system governs the namespace.")
    @Default("true")
    private boolean enabled = true;

    @JsonPropertyDescription("Who may reach the app and hocuspocus: the ingress controller's pods. Unset: k3s' Traefik"
            + " (pods labelled app.kubernetes.io/name=traefik in kube-system). An empty list: nobody outside the"
            + " instance (kubectl port-forward still works).")
    @Size(max = 10)
    private List<NetworkPolicyPeer> ingressFrom;

    @JsonPropertyDescription("The cluster's pod and Service ranges, which the Loomio pods may not reach but for their"
            + " own data tier and DNS. Default: k3s' 10.42.0.0/16 and 10.43.0.0/16; set them when the cluster was"
            + " installed with other --cluster-cidr or --service-cidr.")
    @Size(min = 1, max = 10)
    @ValidationRule(value = "self.all(c, size(c) <= 18 && isCIDR(c) && cidr(c).ip().family() == 4)",
            message = "networkPolicy.clusterCidrs must be IPv4 CIDRs such as 10.42.0.0/16 (they are cut out of"
                    + " 0.0.0.0/0)")
    private List<String> clusterCidrs;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<NetworkPolicyPeer> getIngressFrom() {
        return ingressFrom;
    }

    public void setIngressFrom(List<NetworkPolicyPeer> ingressFrom) {
        this.ingressFrom = ingressFrom;
    }

    public List<String> getClusterCidrs() {
        return clusterCidrs;
    }

    public void setClusterCidrs(List<String> clusterCidrs) {
        this.clusterCidrs = clusterCidrs;
    }
}
