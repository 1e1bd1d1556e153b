package dev.pistack.loomio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the project's hack/ scripts from tests: the tools they build and the paths they print. */
public final class HackScripts {
    private HackScripts() {
    }

    /**
     * @param command a hack/ script and its arguments, e.g. {@code hack/local-cluster.sh bindir}
     * @return what it printed on stdout, stripped (its stderr goes to the test's)
     * @throws IOException when it cannot run or exits non-zero
     */
    public static String output(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + p.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    /**
     * @param env the variable hack/test.sh sets to the tool's path (e.g. LOOMIO_S3_SERVER)
     * @param script the script that builds the tool and prints its path, run when the variable is unset
     * @return the tool's path
     * @throws IOException when the script fails
     */
    public static String tool(String env, String script) throws IOException {
        String configured = System.getenv(env);
        return configured != null && !configured.isBlank() ? configured : output(script);
    }

    /** @return the lines the command printed, blank ones left out */
    public static List<String> lines(String... command) throws IOException {
        return output(command).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
