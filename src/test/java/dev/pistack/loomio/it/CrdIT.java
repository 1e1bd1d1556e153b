package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed CRD, as the real API server serves it. */
class CrdIT {
    static final KubernetesClient client = Cluster.admin();

    @BeforeAll
    static void crdInstalled() {
        Cluster.installCrd(client);
    }

    /** The build fails when crds/ is not what the API classes generate; hack/update-crds.sh refreshes it. */
    @Test
    void committedCrdsAreTheGeneratedOnes() throws IOException {
        for (Path crd : Cluster.CRDS) {
            String file = crd.getFileName().toString();
            assertThat(Files.readString(crd))
                    .as("crds/%s differs from target/kubernetes/%s generated from the API classes: run"
                            + " hack/update-crds.sh and commit crds/", file, file)
                    .isEqualTo(Files.readString(Path.of("target/kubernetes", file)));
        }
        try (var generated = Files.list(Path.of("target/kubernetes"))) {
            assertThat(generated.map(p -> p.getFileName().toString()).filter(f -> f.endsWith("-v1.yml")))
                    .as("every generated CRD is committed and installed by the tests")
                    .containsExactlyInAnyOrderElementsOf(
                            Cluster.CRDS.stream().map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void isEstablishedWithShortNameStatusAndPrinterColumns() {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName("loomioinstances.loomio.pistack.dev").get();
        assertThat(crd.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Established");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("loomio");
        CustomResourceDefinitionVersion v1alpha1 = crd.getSpec().getVersions().get(0);
        assertThat(v1alpha1.getName()).isEqualTo("v1alpha1");
        assertThat(v1alpha1.getSubresources().getStatus()).isNotNull();
        assertThat(v1alpha1.getAdditionalPrinterColumns()).extracting("name")
                .contains("Environment", "Ready", "Host", "Age");
    }

    @Test
    void everyFieldOfOurOwnTypesHasADescriptionForKubectlExplain() {
        JSONSchemaProps spec = client.apiextensions().v1().customResourceDefinitions()
                .withName("loomioinstances.loomio.pistack.dev").get()
                .getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertDescribed("spec", spec.getProperties());
        for (String nested : new String[]{"postgres", "redis", "uploads", "ingress", "monitoring"}) {
            assertDescribed("spec." + nested, spec.getProperties().get(nested).getProperties());
        }
        assertDescribed("spec.postgres.resources",
                spec.getProperties().get("postgres").getProperties().get("resources").getProperties());
    }

    private static void assertDescribed(String path, Map<String, JSONSchemaProps> properties) {
        assertThat(properties).isNotEmpty();
        properties.forEach((name, schema) -> assertThat(schema.getDescription())
                .as("description of %s.%s", path, name).isNotBlank());
    }
}
