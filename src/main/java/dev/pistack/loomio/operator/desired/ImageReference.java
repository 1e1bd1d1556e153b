package dev.pistack.loomio.operator.desired;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Image references as the kubelet reports them and as pods name them: {@code [registry/]repository[:tag][@digest]}
 * (the OCI distribution spec's reference grammar; a container status' {@code imageID} is the repository digest of a
 * pulled image, or only the image's config digest for an image imported without one). Pure functions.
 */
public final class ImageReference {
    /** A repository digest as containerd's CRI reports it in imageID: {@code <repository>@sha256:<64 hex>}. */
    private static final Pattern REPOSITORY_DIGEST = Pattern.compile("^[^@\\s]+@(sha256:[0-9a-f]{64})$");

    private ImageReference() {
    }

    /**
     * The reference that runs exactly the image a container ran.
     *
     * @param image the reference the container was started from, e.g. {@code loomio/loomio:3.5}
     * @param imageID the container status' imageID, e.g. {@code docker.io/loomio/loomio@sha256:…}; may be null
     * @return {@code image}'s repository with imageID's digest, e.g. {@code loomio/loomio@sha256:…} (the user's
     *     registry name kept, so a mirror configured for it still applies); {@code image} itself when it names a
     *     digest already; empty when imageID holds no repository digest
     */
    public static Optional<String> pinned(String image, String imageID) {
        if (image.contains("@")) {
            return Optional.of(image);
        }
        if (imageID == null) {
            return Optional.empty();
        }
        Matcher digest = REPOSITORY_DIGEST.matcher(imageID);
        return digest.matches() ? Optional.of(repository(image) + "@" + digest.group(1)) : Optional.empty();
    }

    /** @return the digest a reference names ({@code sha256:…}), or empty when it names only a tag */
    public static Optional<String> digest(String reference) {
        int at = reference.lastIndexOf('@');
        return at < 0 ? Optional.empty() : Optional.of(reference.substring(at + 1));
    }

    /** @return the reference without its tag and digest: {@code [registry[:port]/]repository} */
    static String repository(String image) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        return colon > slash ? name.substring(0, colon) : name;
    }
}
