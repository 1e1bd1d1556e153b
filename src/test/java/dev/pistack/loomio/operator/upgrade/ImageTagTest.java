package dev.pistack.loomio.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageTagTest {
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "loomio/loomio:stable, stable",
        "loomio/loomio:latest, latest",
        "loomio/loomio, latest",
        "registry.example.org:5000/loomio/loomio, latest",
        "registry.example.org:5000/loomio/loomio:stable, stable",
        "loomio/loomio:3.5, -",
        "loomio/loomio:v3.3.0, -",
        "loomio/loomio:stable@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, -",
    })
    void movingTagsAreLatestStableAndNone(String image, String moving) {
        assertThat(ImageTag.moving(image).orElse(null)).isEqualTo(moving);
    }
}
