package dev.pistack.loomio.operator.desired;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/**
 * Security settings of the pod templates, against the Kubernetes Pod Security Standards.
 *
 * <p>Postgres and Redis meet "restricted": their official images are built to run as uid 999. The Loomio and
 * channel-server images run as root upstream and write into their own directories, so their pods meet "baseline"
 * plus seccomp and no privilege escalation, not "restricted" (runAsNonRoot would keep them from starting).
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
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    static SecurityContext upstreamRootContainer() {
        return new SecurityContextBuilder().withAllowPrivilegeEscalation(false).build();
    }
}
