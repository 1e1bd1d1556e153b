package dev.pistack.loomio;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the files of samples/ as LoomioInstances, the way users write them. */
public final class Samples {
    public static final Path PRODUCTION = Path.of("samples/loomio.yaml");
    public static final Path DEVELOPMENT = Path.of("samples/loomio-dev.yaml");
    /** The backup agent's image in unit tests: an operator built from this checkout, as the node has it. */
    public static final String AGENT_IMAGE = "localhost/loomio-operator:test";

    private Samples() {
    }

    /** @return the sample, placed in the given namespace (samples carry none, as kubectl apply -n expects) */
    public static LoomioInstance load(Path sample, String namespace) {
        try {
            LoomioInstance instance = Serialization.unmarshal(Files.readString(sample), LoomioInstance.class);
            instance.getMetadata().setNamespace(namespace);
            return instance;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
