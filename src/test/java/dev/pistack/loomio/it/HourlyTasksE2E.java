package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hourly-tasks CronJob on the real node, run once as {@code kubectl create job --from=cronjob/...} does. Its pod
 * is scheduled and started with Loomio's rake task, and then waits for the Loomio image, which cannot be had here:
 * the test proves the wiring up to the container runtime, not the task itself.
 */
@QuarkusTest
@QuarkusTestResource(OperatorServiceAccount.class)
class HourlyTasksE2E {
    static final KubernetesClient client = Cluster.admin();

    String namespace;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-cron");
    }

    @Test
    void aJobFromTheCronJobRunsTheRakeTaskOnTheNode() {
        LoomioInstance instance = Samples.load(Samples.PRODUCTION, namespace);
        Node.withTestImages(instance);
        Node.withBackupVolume(client, instance);
        // The task's pod mounts the uploads claim, which needs a volume to be scheduled.
        HostPathVolumes.claim(client, namespace, Names.uploads(instance), instance.getSpec().getUploads().getSize());
        client.resource(instance).create();
        CronJob cronJob = await().atMost(Cluster.TIMEOUT).until(() -> client.batch().v1().cronjobs()
                .inNamespace(namespace).withName(Names.hourlyTasks(instance)).get(), c -> c != null);

        Job job = Node.runNow(client, cronJob, "manual");

        Pod pod = await().atMost(Duration.ofMinutes(2)).until(() -> client.pods().inNamespace(namespace)
                .withLabel("job-name", job.getMetadata().getName()).list().getItems().stream()
                .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null
                        && !p.getStatus().getContainerStatuses().isEmpty())
                .findFirst().orElse(null), p -> p != null);
        assertThat(pod.getSpec().getNodeName()).as("scheduled on the node").isEqualTo(Node.NAME);
        assertThat(pod.getSpec().getContainers().get(0).getArgs())
                .containsExactly("bundle", "exec", "rake", "loomio:hourly_tasks");
        // The kubelet tried to start it: the Loomio image is what is missing, nothing else.
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            ContainerStatus status = client.resource(pod).get().getStatus().getContainerStatuses().get(0);
            assertThat(status.getImage()).isEqualTo(instance.getSpec().getImage());
            assertThat(status.getState().getWaiting()).isNotNull();
            assertThat(status.getState().getWaiting().getReason())
                    .isIn(Set.copyOf(List.of("ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull")));
        });
    }
}
