package dev.pistack.loomio.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** kubectl get shows the columns in the order each custom resource declares them, not sorted by name. */
class PrinterColumnOrderTest {
    @Test
    void theCommittedCrdsHaveTheDeclaredOrder() throws Exception {
        assertThat(PrinterColumnOrder.RESOURCES).hasSize(3);
        for (var resource : PrinterColumnOrder.RESOURCES.entrySet()) {
            String crd = Files.readString(Path.of("crds/" + resource.getKey() + ".loomio.pistack.dev-v1.yml"));
            List<String> names = new ArrayList<>();
            Matcher m = Pattern.compile("^      name: \"(.*)\"$", Pattern.MULTILINE).matcher(
                    crd.substring(0, crd.indexOf("    name: \"v1alpha1\"")));
            while (m.find()) {
                names.add(m.group(1));
            }
            assertThat(names).as(resource.getKey())
                    .isEqualTo(PrinterColumnOrder.declared(resource.getValue()));
        }
        assertThat(PrinterColumnOrder.declared(PrinterColumnOrder.RESOURCES.get("loomioinstances")).get(0))
                .as("the first question a user asks").isEqualTo("Ready");
        assertThat(PrinterColumnOrder.declared(PrinterColumnOrder.RESOURCES.get("loomiobackups")).get(0))
                .as("which instance a backup is of").isEqualTo("Instance");
    }

    @Test
    void reorderingKeepsEveryBlockAndTheRestOfTheFile() {
        String crd = """
                spec:
                  versions:
                  - additionalPrinterColumns:
                    - jsonPath: ".a"
                      name: "A"
                      type: "string"
                    - jsonPath: ".b"
                      name: "B"
                      type: "string"
                    name: "v1"
                """;
        assertThat(PrinterColumnOrder.reorder(crd, List.of("B", "A"))).isEqualTo("""
                spec:
                  versions:
                  - additionalPrinterColumns:
                    - jsonPath: ".b"
                      name: "B"
                      type: "string"
                    - jsonPath: ".a"
                      name: "A"
                      type: "string"
                    name: "v1"
                """);
    }
}
