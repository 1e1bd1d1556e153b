package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The Loomio release the app tier runs: the image whose migration Job completed last, pinned to the digest that Job's
 * pod ran, so a tag that moves later (a patch release under {@code 3.5}) never reaches a pod whose schema it has not
 * migrated.
 *
 * @param image spec.image when the migration ran, e.g. {@code loomio/loomio:3.5}
 * @param updateRequestedAt the value of annotation {@code loomio.pistack.dev/update-requested-at} the migration
 *     answered; null when none was set
 * @param imageID the image the migration pod ran, as the kubelet reports it ({@code <repository>@sha256:<hex>} for a
 *     pulled image); null when the pod could not be read
 * @param reference what the app, worker and hocuspocus pods run: {@code <repository of image>@sha256:<hex>}, or
 *     {@code image} itself when the kubelet reported no repository digest (an image imported by hand)
 * @param migratedAt when the migration Job completed (RFC 3339)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseStatus(
        @JsonPropertyDescription("spec.image when its migration ran, e.g. loomio/loomio:3.5.") String image,
        @JsonPropertyDescription("The value of annotation loomio.pistack.dev/update-requested-at the migration"
                + " answered; absent when none was set.") String updateRequestedAt,
        @JsonPropertyDescription("The image the migration pod ran, as the kubelet reports it"
                + " (<repository>@sha256:<digest> for a pulled image).") String imageID,
        @JsonPropertyDescription("The image reference the app, worker and hocuspocus pods run: the migrated digest,"
                + " or image itself when the node reported no digest.") String reference,
        @JsonPropertyDescription("When the migration Job completed (RFC 3339).") String migratedAt) {
}
