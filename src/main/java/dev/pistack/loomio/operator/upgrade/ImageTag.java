package dev.pistack.loomio.operator.upgrade;

import java.util.Optional;
import java.util.Set;

/**
 * Whether an image reference follows a moving tag. Upstream pins release series ({@code LOOMIO_CONTAINER_TAG=3.5} in
 * loomio/loomio deploy/env_template, commit 0bcb9de8) and publishes {@code latest} and {@code stable} besides them;
 * those move across release series, past required stepping stones (deploy/UPGRADING.md). A pure function.
 */
public final class ImageTag {
    private static final Set<String> MOVING = Set.of("latest", "stable");

    private ImageTag() {
    }

    /**
     * @param image an image reference, {@code [registry/]repository[:tag][@digest]}
     * @return the moving tag the reference follows ("latest" when it names none), or empty when it is pinned by a
     *     digest or names another tag
     */
    public static Optional<String> moving(String image) {
        if (image.contains("@")) {
            return Optional.empty();
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        String tag = colon > slash ? image.substring(colon + 1) : "latest";
        return MOVING.contains(tag) ? Optional.of(tag) : Optional.empty();
    }

    /** @return the Warning's message for a reference that follows the moving tag {@code tag} */
    public static String warning(String image, String tag) {
        return "spec.image " + image + " follows the moving tag " + tag + ": the app tier runs the digest that was"
                + " migrated, but the next migration (an update request, or a migration Job created again on resume)"
                + " pulls whatever the tag names then, which can skip a required stepping stone"
                + " (deploy/UPGRADING.md). Pin a release series such as loomio/loomio:3.5, or a digest.";
    }
}
