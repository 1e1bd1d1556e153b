package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What GitOps tools make of a live object, computed by their own code: kstatus (sigs.k8s.io/cli-utils and Flux's
 * fork, hack/kstatus) and this project's Argo CD health checks run by Argo CD's util/lua (hack/argocd-health). The
 * tools are built by hack/gitops-tools.sh into the directory in {@code $LOOMIO_GITOPS_TOOLS} (hack/test.sh sets it);
 * without them the check fails, it is never skipped.
 *
 * <p>Each checked object is also kept under {@code target/live-objects/<kind>-<phase>.json}: the testdata of the Argo
 * CD health tests (deploy/argocd/…/testdata) are copies of such objects.
 */
final class GitOpsStatus {
    static final Path LIVE = Path.of("target/live-objects");
    private static final Path HEALTH_CHECKS = Path.of("deploy/argocd/resource_customizations");

    private GitOpsStatus() {
    }

    /**
     * @param phase a name for the object's state, e.g. {@code hibernated}
     * @param kstatus the expected kstatus: InProgress, Current, Failed, Terminating
     * @param argoHealth the expected Argo CD health: Progressing, Healthy, Suspended, Degraded
     * @return the Argo CD health message, for further checks
     */
    static String assertStatus(HasMetadata live, String phase, String kstatus, String argoHealth) {
        Path file = save(live, phase);
        String[] k = runTool("kstatus", file.toString()).split("\t", -1);
        assertThat(k[1]).as("kstatus of %s %s (%s)", live.getKind(), phase, k.length > 2 ? k[2] : "")
                .isEqualTo(kstatus);
        String[] a = runTool("argocd-health", "eval", HEALTH_CHECKS.toString(), file.toString()).split("\t", -1);
        assertThat(a[1]).as("Argo CD health of %s %s (%s)", live.getKind(), phase, a.length > 2 ? a[2] : "")
                .isEqualTo(argoHealth);
        return a.length > 2 ? a[2] : "";
    }

    private static Path save(HasMetadata live, String phase) {
        try {
            Files.createDirectories(LIVE);
            Path file = LIVE.resolve(live.getKind().toLowerCase() + "-" + phase + ".json");
            Files.writeString(file, Serialization.asJson(live), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs a tool of hack/gitops-tools.sh (helm3, helm4, …); @return its output; fails the test on a non-zero exit */
    static String runTool(String name, String... args) {
        ToolRun run = tryTool(name, args);
        assertThat(run.exitCode()).as("%s %s: %s", name, String.join(" ", args), run.output()).isZero();
        return run.output();
    }

    /** The exit code and output of a tool's run. */
    record ToolRun(int exitCode, String output) {
    }

    /** Runs a tool of hack/gitops-tools.sh; @return its exit code and output, whatever the exit code */
    static ToolRun tryTool(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(tool(name)));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return new ToolRun(p.waitFor(), out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tool(String name) {
        String dir = System.getenv("LOOMIO_GITOPS_TOOLS");
        assertThat(dir).as("LOOMIO_GITOPS_TOOLS: the directory hack/gitops-tools.sh prints").isNotBlank();
        Path bin = Path.of(dir, name);
        assertThat(bin).as("built by hack/gitops-tools.sh").isExecutable();
        return bin.toString();
    }
}
