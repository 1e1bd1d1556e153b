package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.NetworkPolicySpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpecBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Desired NetworkPolicies of one instance. Policies add up (a pod selected by several is reachable by the union of
 * their rules), so the set is: nothing reaches any of the instance's pods ({@link #denyIngress}), then one opening
 * per listening component, then where the Loomio pods may connect ({@link #loomioEgress}).
 *
 * <ul>
 * <li>Postgres: from the Loomio pods (app, worker, hocuspocus's migration gate, the migration Job), the backup
 * pods, and the operator (its memory sampler).
 * <li>Redis: from the Loomio pods and the operator. Rails' cache is its only client (loomio/loomio config/cable.yml
 * at 6c5b98dd uses Redis only with REDIS_URL or REDIS_QUEUE_URL, which the operator never sets).
 * <li>The app and hocuspocus: from the ingress controller; the app also from hocuspocus (PRIVATE_APP_URL).
 * <li>The Loomio pods' egress: DNS, their own Postgres, Redis and app, and anything outside the cluster's ranges
 * (SMTP, webhooks, link previews), so a server-side request cannot reach another workload of the cluster.
 * </ul>
 * Backup and restore-test pods keep unrestricted egress: they reach Google Drive, whose addresses are not fixed.
 * Traffic from the node itself (kubelet probes, kubectl port-forward) is not governed by NetworkPolicies.
 */
public final class NetworkPolicies {
    /** The operator's pods carry this name label (deploy/operator.yaml and the chart). */
    static final String OPERATOR_NAME = "loomio-operator";
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    /** Every pod that runs Loomio's image. */
    static final List<String> LOOMIO_COMPONENTS = List.of(AppDeployments.APP, AppDeployments.WORKER,
            AppDeployments.HOCUSPOCUS, MigrationJob.COMPONENT);

    private NetworkPolicies() {
    }

    /** @return true when the instance asks for them (spec.networkPolicy.enabled, on by default) */
    public static boolean enabled(LoomioInstance i) {
        return i.getSpec().getNetworkPolicy().isEnabled();
    }

    /** @return {@code <instance>-deny-ingress}: every pod of the instance, no ingress rule */
    public static NetworkPolicy denyIngress(LoomioInstance i) {
        return policy(i, "deny-ingress", instancePods(i, List.of()), new NetworkPolicySpecBuilder()
                .withPolicyTypes("Ingress"));
    }

    /**
     * @param operatorNamespace the namespace of the operator's pod, or null when it runs outside the cluster (then
     *     it reaches Postgres from the node, which NetworkPolicies do not govern)
     * @return {@code <instance>-postgres}
     */
    public static NetworkPolicy postgres(LoomioInstance i, String operatorNamespace) {
        List<String> clients = new ArrayList<>(LOOMIO_COMPONENTS);
        clients.add(BackupCronJob.COMPONENT);
        return opening(i, "postgres", PostgresStatefulSet.COMPONENT, PostgresStatefulSet.PORT, clients,
                operatorNamespace);
    }

    /** @return {@code <instance>-redis}; the operator namespace as for {@link #postgres} */
    public static NetworkPolicy redis(LoomioInstance i, String operatorNamespace) {
        return opening(i, "redis", RedisStatefulSet.COMPONENT, RedisStatefulSet.PORT, LOOMIO_COMPONENTS,
                operatorNamespace);
    }

    /** @return {@code <instance>-web}: the app and hocuspocus, from the ingress controller and hocuspocus */
    public static NetworkPolicy web(LoomioInstance i) {
        List<NetworkPolicyPeer> from = new ArrayList<>(ingressFrom(i.getSpec().getNetworkPolicy()));
        from.add(new NetworkPolicyPeerBuilder().withPodSelector(instancePods(i, List.of(AppDeployments.HOCUSPOCUS)))
                .build());
        return policy(i, "web", instancePods(i, List.of(AppDeployments.APP, AppDeployments.HOCUSPOCUS)),
                new NetworkPolicySpecBuilder().withPolicyTypes("Ingress").addNewIngress().withFrom(from)
                        .endIngress());
    }

    /** @return {@code <instance>-loomio-egress}: where the pods of Loomio's image may connect */
    public static NetworkPolicy loomioEgress(LoomioInstance i) {
        List<String> cidrs = i.getSpec().getNetworkPolicy().getClusterCidrs() != null
                ? i.getSpec().getNetworkPolicy().getClusterCidrs()
                : NetworkPolicySpec.K3S_CLUSTER_CIDRS;
        List<NetworkPolicyPort> dns = List.of(port("UDP", 53), port("TCP", 53));
        return policy(i, "loomio-egress", instancePods(i, LOOMIO_COMPONENTS), new NetworkPolicySpecBuilder()
                .withPolicyTypes("Egress")
                .addNewEgress().withPorts(dns).endEgress()
                .addNewEgress().addNewTo().withPodSelector(instancePods(i, List.of(PostgresStatefulSet.COMPONENT,
                        RedisStatefulSet.COMPONENT, AppDeployments.APP)))
                .endTo().endEgress()
                .addNewEgress().addNewTo().withNewIpBlock().withCidr("0.0.0.0/0").withExcept(cidrs).endIpBlock()
                .endTo().endEgress());
    }

    /** @return the ingress controller's pods: spec.networkPolicy.ingressFrom, or k3s' Traefik */
    static List<NetworkPolicyPeer> ingressFrom(NetworkPolicySpec spec) {
        if (spec.getIngressFrom() != null) {
            return spec.getIngressFrom();
        }
        return List.of(new NetworkPolicyPeerBuilder()
                .withNewNamespaceSelector().addToMatchLabels(NAMESPACE_NAME_LABEL, "kube-system").endNamespaceSelector()
                .withNewPodSelector().addToMatchLabels(Labels.NAME, "traefik").endPodSelector()
                .build());
    }

    private static NetworkPolicy opening(LoomioInstance i, String suffix, String component, int port,
            List<String> clients, String operatorNamespace) {
        List<NetworkPolicyPeer> from = new ArrayList<>();
        from.add(new NetworkPolicyPeerBuilder().withPodSelector(instancePods(i, clients)).build());
        if (operatorNamespace != null) {
            from.add(new NetworkPolicyPeerBuilder()
                    .withNewNamespaceSelector().addToMatchLabels(NAMESPACE_NAME_LABEL, operatorNamespace)
                    .endNamespaceSelector()
                    .withNewPodSelector().addToMatchLabels(Labels.NAME, OPERATOR_NAME).endPodSelector()
                    .build());
        }
        return policy(i, suffix, instancePods(i, List.of(component)), new NetworkPolicySpecBuilder()
                .withPolicyTypes("Ingress")
                .addNewIngress().withFrom(from).withPorts(port("TCP", port)).endIngress());
    }

    /** @return the instance's pods; of these components only, unless the list is empty */
    private static LabelSelector instancePods(LoomioInstance i, List<String> components) {
        LabelSelectorBuilder selector = new LabelSelectorBuilder().withMatchLabels(Labels.instance(i));
        if (!components.isEmpty()) {
            selector.addNewMatchExpression().withKey(Labels.COMPONENT).withOperator("In").withValues(components)
                    .endMatchExpression();
        }
        return selector.build();
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
    }

    private static NetworkPolicy policy(LoomioInstance i, String suffix, LabelSelector pods,
            NetworkPolicySpecBuilder spec) {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(i.getMetadata().getName() + "-" + suffix)
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, "network-policy"))
                .endMetadata()
                .withSpec(spec.withPodSelector(pods).build())
                .build();
    }
}
