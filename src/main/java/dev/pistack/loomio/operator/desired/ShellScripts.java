package dev.pistack.loomio.operator.desired;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The shell scripts the Postgres pod's init containers run with {@code sh -c}, kept as resources beside this class. */
final class ShellScripts {
    private ShellScripts() {
    }

    /**
     * @param name the script's file name, e.g. {@code restore-apply.sh}
     * @return its text
     * @throws IllegalStateException when the operator was built without it
     */
    static String load(String name) {
        try (InputStream in = ShellScripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the operator's classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
