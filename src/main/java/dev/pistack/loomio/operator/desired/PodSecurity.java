package dev.pistack.loomio.operator.desired;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * Security settings of the pod templates, against the Kubernetes Pod Security Standards.
 *
 * <p>Postgres and Redis meet "restricted": their official images are built to run as uid 999. The Loomio and
 * channel-server images run as root upstream and write into their own directories, so their pods meet "baseline"
 * plus seccomp and no privilege escalation, not "restricted" (runAsNonRoot would keep them from starting).
 *
 * <p>The restricted containers (Postgres, Redis, the agent's) also have a read-only root filesystem: they write only
 * to their volumes, a memory-backed {@code /tmp} ({@link #tmpVolume}) and, for Postgres, its socket directory
 * ({@link #postgresRunVolume}). An exploited server cannot change its own binaries or leave files for its next start.
 */
final class PodSecurity {
    /** uid and gid of the postgres and redis users in the official Debian-based images. */
    static final long DATA_SERVICE_UID = 999L;

    private PodSecurity() {
    }

    static PodSecurityContext nonRootPod(long uid) {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(uid)
                .withRunAsGroup(uid)
                .withFsGroup(uid)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    static PodSecurityContext upstreamRootPod() {
        return new PodSecurityContextBuilder()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    static SecurityContext restrictedContainer() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    static final String TMP_VOLUME = "tmp";
    static final String POSTGRES_RUN_VOLUME = "postgres-run";
    /** Where the official postgres image (and Debian's) puts the server's Unix socket and lock file. */
    static final String POSTGRES_RUN_DIR = "/var/run/postgresql";

    /**
     * @return {@code /tmp} for a container with a read-only root filesystem: memory-backed, so nothing a shell's
     *     here-document or a tool's temporary file holds reaches the node's SD card; 16 MiB at most
     */
    static Volume tmpVolume() {
        return MemoryVolume.of(TMP_VOLUME, "16Mi");
    }

    static VolumeMount tmpMount() {
        return new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build();
    }

    /** @return the Postgres socket directory's volume (the server's socket and its lock file), 1 MiB */
    static Volume postgresRunVolume() {
        return MemoryVolume.of(POSTGRES_RUN_VOLUME, "1Mi");
    }

    static VolumeMount postgresRunMount() {
        return new VolumeMountBuilder().withName(POSTGRES_RUN_VOLUME).withMountPath(POSTGRES_RUN_DIR).build();
    }

    static SecurityContext upstreamRootContainer() {
        return new SecurityContextBuilder().withAllowPrivilegeEscalation(false).build();
    }
}
