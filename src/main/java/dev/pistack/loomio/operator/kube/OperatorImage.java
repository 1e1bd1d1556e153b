package dev.pistack.loomio.operator.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The image the backup agent runs from: the operator's own image (one artifact holds both), so the CronJob and the
 * restore init container always match the operator that wrote them. Property {@code loomio.agent.image} (env
 * LOOMIO_AGENT_IMAGE) when set; otherwise the image of this pod's {@code operator} container, found through
 * POD_NAME and POD_NAMESPACE (the downward API, set by deploy/operator.yaml), so {@code kustomize edit set image} or
 * Helm's image value is all a user changes.
 */
@Singleton
public class OperatorImage {
    private final String image;

    /**
     * @throws IllegalStateException when neither the property nor the pod tells the image: the operator does not start
     */
    OperatorImage(@ConfigProperty(name = "loomio.agent.image") Optional<String> configured, KubernetesClient client) {
        this.image = configured.filter(s -> !s.isBlank()).orElseGet(() -> ownPodImage(client));
    }

    /** @return an image reference, e.g. {@code ghcr.io/pistack/loomio-operator:0.1.0} */
    public String image() {
        return image;
    }

    private static String ownPodImage(KubernetesClient client) {
        String name = System.getenv("POD_NAME");
        String namespace = System.getenv("POD_NAMESPACE");
        if (name == null || namespace == null) {
            throw new IllegalStateException("the backup agent's image is unknown: set LOOMIO_AGENT_IMAGE (property"
                    + " loomio.agent.image) to the operator's image, or run the operator as a pod with POD_NAME and"
                    + " POD_NAMESPACE set from the downward API");
        }
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        if (pod == null) {
            throw new IllegalStateException("the operator's own pod " + namespace + "/" + name + " was not found;"
                    + " set LOOMIO_AGENT_IMAGE to the operator's image");
        }
        return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals("operator")).findFirst()
                .or(() -> pod.getSpec().getContainers().stream().findFirst())
                .map(Container::getImage)
                .orElseThrow();
    }
}
