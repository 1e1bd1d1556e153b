package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl loomio} (plugin/kubectl-loomio) against a live production instance on the node, found by kubectl's
 * own plugin lookup (the plugin directory on PATH, run as {@code kubectl loomio}). The app tier runs
 * {@code localhost/test/rails-migrations:1} (Rails with Active Record, nothing of Loomio's): the console and the
 * runner really run in the app pod; {@code make-admin} then stops at Rails' NameError for Loomio's User, which is the
 * furthest it can go without Loomio's image.
 */
@EndToEnd
class KubectlPluginE2E {
    private static final Logger LOG = Logger.getLogger(KubectlPluginE2E.class);
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final Pattern STORED = Pattern.compile("stored: (loomio-manual-\\S+)");

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;
    /** Where hack/local-cluster.sh keeps kubectl: put on PATH with the plugin's directory. */
    String bindir;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-plugin");
        loop = new Durability(client, namespace);
    }

    record Run(int exitCode, String output) {
    }

    /** Runs {@code kubectl loomio -n <namespace> args…} with the stdin given; @return exit code and output */
    private Run kubectlLoomio(String stdin, String... args) throws IOException, InterruptedException {
        if (bindir == null) {
            bindir = new String(new ProcessBuilder("hack/local-cluster.sh", "bindir").start().getInputStream()
                    .readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        List<String> command = new ArrayList<>(List.of("kubectl", "loomio", "-n", namespace));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", Path.of("plugin").toAbsolutePath() + ":" + bindir + ":" + env.get("PATH"));
        long start = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Run run = new Run(p.waitFor(), out);
        LOG.infof("kubectl loomio %s: exit %d in %.1f s%n%s", String.join(" ", args), run.exitCode(),
                (System.nanoTime() - start) / 1e9, out);
        return run;
    }

    private String ok(String stdin, String... args) throws IOException, InterruptedException {
        Run run = kubectlLoomio(stdin, args);
        assertThat(run.exitCode()).as("kubectl loomio %s: %s", String.join(" ", args), run.output()).isZero();
        return run.output();
    }

    private String count() throws IOException, InterruptedException {
        return ok("", "psql", "--", "-Atc", "SELECT count(*) FROM decisions").trim();
    }

    private void awaitAppPodRunning() {
        await().atMost(WAIT).until(() -> client.pods().inNamespace(namespace)
                .withLabel("app.kubernetes.io/component", "app").list().getItems().stream()
                .map(Pod::getStatus).anyMatch(s -> s != null && "Running".equals(s.getPhase())));
    }

    @Test
    void everyCommandAgainstALiveInstance() throws Exception {
        Node.createProduction(client, namespace, "128Mi", MigrationWayBackE2E.RELEASE_1);
        loop.awaitDatabaseReady();
        await().atMost(WAIT).until(() -> loop.instance().getStatus().getRelease() != null);

        String status = ok("", "status");
        assertThat(status).contains("Instance     " + namespace + "/loomio", "DatabaseReady  True",
                "Release      localhost/test/rails-migrations");

        ok("", "psql", "--", "-c",
                "INSERT INTO decisions (title, created_at, updated_at) VALUES ('kept', now(), now())");
        Matcher stored = STORED.matcher(ok("", "backup", "--wait"));
        assertThat(stored.find()).isTrue();
        String backup = stored.group(1);
        assertThat(ok("", "backups")).contains(backup);
        ok("", "psql", "--", "-c",
                "INSERT INTO decisions (title, created_at, updated_at) VALUES ('undone', now(), now())");
        assertThat(count()).isEqualTo("2");

        assertThat(ok("", "restore", "--backup", backup, "--wait")).contains("restored");
        loop.awaitDatabaseReady();
        assertThat(count()).as("the row written after the backup is gone").isEqualTo("1");

        awaitAppPodRunning();
        assertThat(ok("puts ActiveRecord::Base.connection.select_value('SELECT title FROM decisions')\n",
                "rails-console")).contains("kept");
        Run admin = kubectlLoomio("", "make-admin", "someone@example.org");
        assertThat(admin.exitCode()).isNotZero();
        assertThat(admin.output()).as("Rails' runner ran in the app pod and asked for Loomio's User")
                .contains("uninitialized constant User");

        ok("", "hibernate", "--wait", "--timeout", "5m");
        assertThat(Conditions.isTrue(loop.instance().getStatus().getConditions(), ConditionType.HIBERNATED)).isTrue();
        ok("", "resume", "--wait", "--timeout", "5m");
        assertThat(count()).as("hibernation kept the rows").isEqualTo("1");

        assertThat(ok("", "logs", "--component", "database", "--tail", "5")).contains("[pod/loomio-postgres-0/");
        ok("", "restart");
        assertThat(loop.instance().getMetadata().getAnnotations())
                .containsKey("loomio.pistack.dev/restart-requested-at");

        for (String command : List.of("status", "backup", "backups", "restore", "hibernate", "resume", "restart",
                "psql", "rails-console", "make-admin", "logs")) {
            assertThat(ok("", command, "--help")).startsWith("Usage: kubectl loomio " + command);
        }
        Run both = kubectlLoomio("", "restore", "--backup", backup, "--before", "2026-01-01T00:00:00Z");
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.output()).contains("give --backup or --before, not both");
    }
}
