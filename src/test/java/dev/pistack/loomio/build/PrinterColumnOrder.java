package dev.pistack.loomio.build;

import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioRestore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A build step (Maven, package phase, after Quarkus generated the CRDs): puts a CRD's additionalPrinterColumns in the
 * order their {@link AdditionalPrinterColumn} annotations are declared, the order a user reads them in
 * {@code kubectl get}. The CRD generator sorts them by name. The YAML is edited as text, column block by column
 * block, so the file keeps the generator's formatting byte for byte otherwise.
 */
public final class PrinterColumnOrder {
    private static final Pattern NAME = Pattern.compile("^\\s+name: \"(.*)\"$", Pattern.MULTILINE);

    /** The custom resources, by plural name. */
    static final Map<String, Class<?>> RESOURCES = Map.of(
            "loomioinstances", LoomioInstance.class, "loomiobackups", LoomioBackup.class, "loomiorestores",
            LoomioRestore.class);

    private PrinterColumnOrder() {
    }

    /**
     * @param args the directory of the generated CRDs (target/kubernetes); each of {@link #RESOURCES} is edited
     * @throws IOException when a CRD cannot be read or written
     * @throws IllegalStateException when a CRD's columns are not those of the annotations
     */
    public static void main(String[] args) throws IOException {
        for (Map.Entry<String, Class<?>> e : RESOURCES.entrySet()) {
            Path crd = Path.of(args[0], e.getKey() + "." + LoomioInstance.GROUP + "-v1.yml");
            String text = Files.readString(crd, StandardCharsets.UTF_8);
            Files.writeString(crd, reorder(text, declared(e.getValue())), StandardCharsets.UTF_8);
        }
    }

    /** @return the column names in declaration order */
    public static List<String> declared(Class<?> type) {
        return Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
    }

    /**
     * @param text a CRD with one version, as the generator writes it ({@code - additionalPrinterColumns:} then one
     *     {@code - jsonPath:} block per column, each holding {@code name:})
     * @param order the column names in the wanted order
     * @return the CRD with its column blocks in that order
     */
    static String reorder(String text, List<String> order) {
        String head = "  - additionalPrinterColumns:\n";
        int start = text.indexOf(head);
        if (start < 0) {
            throw new IllegalStateException("no additionalPrinterColumns in the CRD");
        }
        start += head.length();
        List<String> blocks = new ArrayList<>();
        int at = start;
        // Each column is a "    - " line followed by its "      " lines; the list ends at the first other line.
        while (text.startsWith("    - ", at)) {
            int stop = text.indexOf('\n', at) + 1;
            while (text.startsWith("      ", stop)) {
                stop = text.indexOf('\n', stop) + 1;
            }
            blocks.add(text.substring(at, stop));
            at = stop;
        }
        List<String> sorted = new ArrayList<>();
        for (String name : order) {
            sorted.add(blocks.stream().filter(b -> name.equals(name(b))).findFirst().orElseThrow(
                    () -> new IllegalStateException("no printer column " + name + " in the CRD")));
        }
        if (sorted.size() != blocks.size()) {
            throw new IllegalStateException("the CRD has " + blocks.size() + " printer columns, the annotations "
                    + order.size());
        }
        return text.substring(0, start) + String.join("", sorted) + text.substring(at);
    }

    private static String name(String block) {
        Matcher m = NAME.matcher(block);
        return m.find() ? m.group(1) : null;
    }
}
