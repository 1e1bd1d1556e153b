package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** Desired ClusterIP Services, one per component that listens; each forwards one named port. */
public final class Services {
    private Services() {
    }

    public static Service postgres(LoomioInstance i) {
        return of(i, Names.postgres(i), PostgresStatefulSet.COMPONENT, "postgres", PostgresStatefulSet.PORT);
    }

    public static Service redis(LoomioInstance i) {
        return of(i, Names.redis(i), RedisStatefulSet.COMPONENT, "redis", RedisStatefulSet.PORT);
    }

    public static Service app(LoomioInstance i) {
        return of(i, Names.app(i), AppDeployments.APP, "http", AppDeployments.APP_PORT);
    }

    public static Service hocuspocus(LoomioInstance i) {
        return of(i, Names.hocuspocus(i), AppDeployments.HOCUSPOCUS, "http", AppDeployments.HOCUSPOCUS_PORT);
    }

    private static Service of(LoomioInstance i, String name, String component, String portName, int port) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, component))
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Labels.selector(i, component))
                .addNewPort().withName(portName).withPort(port).withNewTargetPort(portName).withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }
}
