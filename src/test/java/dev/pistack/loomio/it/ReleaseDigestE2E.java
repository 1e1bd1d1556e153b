package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.operator.desired.ImageReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The app tier is pinned to the digest a migration pod ran, as the kubelet reports it (status.release, ReconcileIT
 * plays the kubelet there): here a real kubelet reports it. A pod from a tag reports {@code <name>@sha256:…} as its
 * imageID (hack/node.sh import records images under their digest, as a pull from a registry does), the operator's
 * parser turns that into a reference, and a pod from that reference starts on the node without pulling.
 */
@EndToEnd
class ReleaseDigestE2E {
    private static final Duration START = Duration.ofMinutes(1);
    static final KubernetesClient client = Cluster.admin();

    String namespace;

    @BeforeEach
    void namespace() {
        namespace = Node.namespace(client, "e2e-digest");
    }

    @Test
    void theImageIdAKubeletReportsPinsAReferenceThatRunsTheSameImage() {
        String tag = Node.POSTGRES_IMAGE;
        Pod byTag = running(sleeper("by-tag", tag));
        String imageID = byTag.getStatus().getContainerStatuses().get(0).getImageID();

        String pinned = ImageReference.pinned(tag, imageID).orElseThrow(
                () -> new AssertionError("no repository digest in the kubelet's imageID " + imageID));
        assertThat(pinned).startsWith("localhost/test/postgres@sha256:").isNotEqualTo(tag);

        Pod byDigest = running(sleeper("by-digest", pinned));
        assertThat(byDigest.getStatus().getContainerStatuses().get(0).getImageID()).isEqualTo(imageID);
    }

    private Pod sleeper(String name, String image) {
        return client.resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(0L)
                .addNewContainer().withName("sleep").withImage(image).withCommand("sleep", "300").endContainer()
                .endSpec().build()).create();
    }

    private Pod running(Pod pod) {
        return await().atMost(START).until(() -> client.resource(pod).get(),
                p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()));
    }
}
