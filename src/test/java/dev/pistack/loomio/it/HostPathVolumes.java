package dev.pistack.loomio.it;

import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * PersistentVolumes for the claims of one test namespace, on the node's own disk: the local cluster has no
 * provisioner, so each claim gets a hostPath PersistentVolume reserved for it by claimRef (storage class ""), in a
 * temporary directory owned by uid 999 (a hostPath gets no fsGroup) and world-writable, as k3s' local-path
 * provisioner creates its volumes ({@code mkdir -m 0777}, rancher/local-path-provisioner's setup script): the
 * kubelet gives a subPath directory it creates the volume's mode, so the uploads volume's {@code system},
 * {@code storage} and {@code files}, made when a Loomio pod first mounts them, are open to the backup agent as on
 * k3s. They carry the test label, so the volumes and their directories are deleted after the test, once its pods are
 * gone ({@link DeleteTestNamespaces}).
 */
final class HostPathVolumes {
    private HostPathVolumes() {
    }

    /** Reserves a volume of that size (a Kubernetes quantity) for the claim of that name in that namespace. */
    static void claim(KubernetesClient admin, String namespace, String claim, String size) {
        try {
            Path dir = Files.createTempDirectory("loomio-e2e-pv-" + claim + "-");
            Files.setAttribute(dir, "unix:uid", 999);
            Files.setAttribute(dir, "unix:gid", 999);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            admin.resource(new PersistentVolumeBuilder()
                    .withNewMetadata().withName(namespace + "-" + claim)
                    .withLabels(Map.of(DeleteTestNamespaces.LABEL, namespace)).endMetadata()
                    .withNewSpec()
                    .withCapacity(Map.of("storage", new Quantity(size)))
                    .withAccessModes("ReadWriteOnce")
                    .withPersistentVolumeReclaimPolicy("Retain")
                    .withStorageClassName("")
                    .withNewHostPath().withPath(dir.toString()).withType("Directory").endHostPath()
                    .withNewClaimRef().withNamespace(namespace).withName(claim).endClaimRef()
                    .endSpec()
                    .build()).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
