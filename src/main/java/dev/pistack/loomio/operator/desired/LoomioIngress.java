package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.IngressSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import java.util.LinkedHashMap;

/**
 * Desired Ingress: host → app (ActionCable's /cable included), hocuspocus.host → hocuspocus: the two virtual hosts of
 * upstream's deploy/docker-compose.yml (commit 95ca1df7).
 */
public final class LoomioIngress {
    private LoomioIngress() {
    }

    public static Ingress desired(LoomioInstance i) {
        IngressSpec spec = i.getSpec().getIngress();
        IngressBuilder ingress = new IngressBuilder()
                .withNewMetadata()
                .withName(Names.ingress(i))
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, "ingress"))
                // A fresh map: the SDK adds its own annotations to what desired() returns.
                .withAnnotations(spec.getAnnotations() == null
                        ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(spec.getAnnotations()))
                .endMetadata()
                .withNewSpec()
                .withIngressClassName(spec.getClassName())
                .withRules(
                        rule(i.getSpec().getHost(), Names.app(i), AppDeployments.APP_PORT),
                        rule(Names.hocuspocusHost(i), Names.hocuspocus(i), AppDeployments.HOCUSPOCUS_PORT))
                .endSpec();
        if (spec.getTlsSecretName() != null) {
            ingress.editSpec().addNewTl()
                    .withHosts(i.getSpec().getHost(), Names.hocuspocusHost(i))
                    .withSecretName(spec.getTlsSecretName())
                    .endTl().endSpec();
        }
        return ingress.build();
    }

    private static IngressRule rule(String host, String service, int port) {
        HTTPIngressPath path = new HTTPIngressPathBuilder().withPath("/").withPathType("Prefix")
                .withNewBackend().withNewService().withName(service).withNewPort().withNumber(port).endPort()
                .endService().endBackend().build();
        return new IngressRuleBuilder().withHost(host).withNewHttp().withPaths(path).endHttp().build();
    }
}
