package dev.pistack.loomio.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @Test
    void aPulledImageIsPinnedToItsRepositoryDigestUnderTheUsersName() {
        assertThat(ImageReference.pinned("loomio/loomio:3.5", "docker.io/loomio/loomio@" + DIGEST))
                .hasValue("loomio/loomio@" + DIGEST);
        assertThat(ImageReference.pinned("registry.local:5000/loomio/loomio:3.5",
                "registry.local:5000/loomio/loomio@" + DIGEST))
                .as("a registry with a port keeps its port").hasValue("registry.local:5000/loomio/loomio@" + DIGEST);
        assertThat(ImageReference.pinned("registry.local:5000/loomio", "registry.local:5000/loomio@" + DIGEST))
                .as("no tag: the port is not a tag").hasValue("registry.local:5000/loomio@" + DIGEST);
    }

    @Test
    void anImageWithoutRepositoryDigestIsNotPinned() {
        assertThat(ImageReference.pinned("loomio/loomio:3.5", DIGEST)).as("only the config digest").isEmpty();
        assertThat(ImageReference.pinned("loomio/loomio:3.5", null)).isEmpty();
        assertThat(ImageReference.pinned("loomio/loomio:3.5", "")).isEmpty();
        assertThat(ImageReference.pinned("loomio/loomio:3.5", "docker.io/loomio/loomio@sha256:abc"))
                .as("not a SHA-256 digest").isEmpty();
    }

    @Test
    void aReferenceNamingADigestStaysAsItIs() {
        assertThat(ImageReference.pinned("loomio/loomio@" + DIGEST, "docker.io/loomio/loomio@sha256:" + "f".repeat(64)))
                .hasValue("loomio/loomio@" + DIGEST);
        assertThat(ImageReference.digest("loomio/loomio@" + DIGEST)).hasValue(DIGEST);
        assertThat(ImageReference.digest("loomio/loomio:3.5")).isEmpty();
    }
}
