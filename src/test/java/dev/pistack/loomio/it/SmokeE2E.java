package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The foundation every other end-to-end test stands on, checked first (hack/test.sh runs it alone, and stops when it
 * fails instead of letting each test time out in turn): the node is Ready, and a production instance's data tier
 * (Postgres restoring from an empty backup volume, Redis) becomes Ready on it. When it does not, the failure says why:
 * each pod's waiting or terminated containers and the namespace's Warning Events.
 */
@EndToEnd
class SmokeE2E {
    private static final Duration START = Duration.ofMinutes(2);
    static final KubernetesClient client = Cluster.admin();

    @Test
    void theNodeRunsAProductionDataTier() {
        String namespace = Node.namespace(client, "e2e-smoke");
        LoomioInstance instance = Node.createProduction(client, namespace, "64Mi");
        try {
            await().atMost(START).until(() -> {
                LoomioInstance seen = client.resource(instance).get();
                return seen.getStatus() != null
                        && Conditions.isTrue(seen.getStatus().getConditions(), ConditionType.DATABASE_READY)
                        && Conditions.isTrue(seen.getStatus().getConditions(), ConditionType.REDIS_READY);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the data tier of a production instance was not Ready within " + START
                    .toSeconds() + " s, so the other end-to-end tests cannot pass:\n" + why(namespace), e);
        }
        for (String pod : List.of(Names.postgres(instance) + "-0", Names.redis(instance) + "-0")) {
            assertThat(client.pods().inNamespace(namespace).withName(pod).get().getSpec().getNodeName())
                    .as("the node of %s", pod).isEqualTo(Node.NAME);
        }
    }

    /** @return what blocks the namespace's pods: their containers' states and the Warning Events */
    private static String why(String namespace) {
        List<String> lines = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            lines.add("pod " + pod.getMetadata().getName() + ": " + pod.getStatus().getPhase());
            Stream.concat(statuses(pod.getStatus().getInitContainerStatuses()),
                    statuses(pod.getStatus().getContainerStatuses()))
                    .filter(c -> c.getState() != null && c.getState().getRunning() == null)
                    .forEach(c -> lines.add("  " + c.getName() + ": " + (c.getState().getWaiting() != null
                            ? c.getState().getWaiting().getReason() + " " + c.getState().getWaiting().getMessage()
                            : "exited " + c.getState().getTerminated().getExitCode() + " "
                                    + c.getState().getTerminated().getMessage())));
        }
        for (Event e : client.v1().events().inNamespace(namespace).list().getItems()) {
            if ("Warning".equals(e.getType())) {
                lines.add("event " + e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName() + " "
                        + e.getReason() + ": " + e.getMessage());
            }
        }
        return String.join("\n", lines);
    }

    private static Stream<ContainerStatus> statuses(List<ContainerStatus> statuses) {
        return statuses == null ? Stream.empty() : statuses.stream();
    }
}
