package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.desired.MigrationJob;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The instance's NetworkPolicies enforced on the node by kube-router's controller (the one k3s embeds; hack/node.sh
 * runs it): Postgres and Redis answer only the instance's own pods. A pod in another namespace, or in the same one but
 * not of the instance, is refused; a pod labelled as the instance's migration Job reaches both (and Redis then asks it
 * for the password), but not a pod of another namespace. Turned off, the policies go and the outsider gets through.
 */
@EndToEnd
class NetworkPolicyE2E {
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration SYNC = Duration.ofSeconds(60);

    static final KubernetesClient client = Cluster.admin();

    @Test
    void theDataTierAnswersOnlyItsOwnInstance() {
        String namespace = Node.namespace(client, "e2e-np");
        String other = Node.namespace(client, "e2e-np-other");
        LoomioInstance instance = Node.createProduction(client, namespace, "128Mi");
        await().atMost(START).untilAsserted(() -> {
            LoomioInstance seen = Cluster.get(client, namespace, "loomio");
            assertThat(seen.getStatus(), ConditionType.DATABASE_READY).isTrue();
            assertThat(seen.getStatus(), ConditionType.REDIS_READY).isTrue();
        });
        assertThat(client.network().networkPolicies().inNamespace(namespace).list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("loomio-deny-ingress", "loomio-postgres", "loomio-redis", "loomio-web",
                        "loomio-loomio-egress");

        // A client of the instance (labelled as its migration Job, which may use both), one in the same namespace
        // that is not the instance's, one in another namespace, and a server there for the egress check.
        Pod member = probe(namespace, "member", Labels.selector(instance, MigrationJob.COMPONENT));
        Pod stranger = probe(namespace, "stranger", Map.of());
        Pod outsider = probe(other, "outsider", Map.of());
        Pod server = probe(other, "server", Map.of("app", "server"));
        String postgres = Names.postgres(instance) + "." + namespace;
        String redis = Names.redis(instance) + "." + namespace;

        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(postgresAnswers(member, postgres)).as("the instance's own pod reaches Postgres").isTrue();
            assertThat(redisReply(member, redis)).as("Redis answers, and asks for the password").contains("NOAUTH");
        });
        String serverIp = client.pods().inNamespace(other).withName(server.getMetadata().getName()).get()
                .getStatus().getPodIP();
        await().atMost(SYNC).untilAsserted(() -> assertThat(redisReply(outsider, serverIp))
                .as("the outsider's network works: it reaches a server of its own namespace").contains("PONG"));

        for (Pod refused : List.of(outsider, stranger)) {
            String who = refused.getMetadata().getNamespace() + "/" + refused.getMetadata().getName();
            assertThat(postgresAnswers(refused, postgres)).as("%s reaches Postgres", who).isFalse();
            assertThat(redisReply(refused, redis)).as("%s reaches Redis", who).doesNotContain("NOAUTH");
        }
        assertThat(redisReply(member, serverIp)).as("Loomio's pods reach no other pod of the cluster (egress)")
                .doesNotContain("PONG");

        client.resources(LoomioInstance.class).inNamespace(namespace).withName("loomio").edit(i -> {
            i.getSpec().getNetworkPolicy().setEnabled(false);
            return i;
        });
        await().atMost(SYNC).untilAsserted(() -> {
            List<NetworkPolicy> left = client.network().networkPolicies().inNamespace(namespace).list().getItems();
            assertThat(left).as("spec.networkPolicy.enabled=false deletes them").isEmpty();
            assertThat(redisReply(outsider, redis)).as("without them the outsider gets through").contains("NOAUTH");
        });
    }

    /**
     * A pod that waits, of the Postgres test image (pg_isready, bash); labelled app=server, a Redis without a password
     * (the Redis test image) that answers PING with PONG.
     */
    private static Pod probe(String namespace, String name, Map<String, String> labels) {
        boolean serves = "server".equals(labels.get("app"));
        client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("probe").withImage(serves ? Node.REDIS_IMAGE : Node.POSTGRES_IMAGE)
                .withImagePullPolicy("Never")
                .withCommand(serves
                        ? List.of("redis-server", "--protected-mode", "no", "--save", "")
                        : List.of("sleep", "3600"))
                .endContainer()
                .withTerminationGracePeriodSeconds(1L)
                .endSpec().build()).create();
        return await().atMost(START).until(() -> client.pods().inNamespace(namespace).withName(name).get(),
                p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()));
    }

    /** @return true when Postgres at host accepts connections (pg_isready exit 0) within 3 seconds */
    private static boolean postgresAnswers(Pod from, String host) {
        Node.Exec ready = Node.exec(client, from, "pg_isready -t 3 -h " + host + " -p 5432");
        return ready.exitCode() == 0;
    }

    /** @return what Redis at host answers a PING without the password; empty when it cannot be reached */
    private static String redisReply(Pod from, String host) {
        return Node.exec(client, from, "timeout 5 bash -c 'exec 3<>/dev/tcp/" + host + "/6379"
                + " && printf \"PING\\r\\nQUIT\\r\\n\" >&3 && timeout 2 cat <&3' 2>&1 || true").out();
    }
}
