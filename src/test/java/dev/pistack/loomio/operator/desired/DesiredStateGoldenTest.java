package dev.pistack.loomio.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.status.Observed;
import dev.pistack.loomio.operator.status.StatusCalculator;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: for each sample, the expected YAML of every derived resource lives in
 * src/test/resources/golden/&lt;case&gt;/. A change to desired state shows as a YAML diff in review.
 * Regenerate with {@code ./mvnw test -Dtest=DesiredStateGoldenTest -Dgolden.update=true} and read the diff.
 * A golden file that no resource produces fails the test, so stale fixtures cannot linger.
 */
class DesiredStateGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Instant FIXED_NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> production() throws IOException {
        return check("production", Samples.load(Samples.PRODUCTION, "loomio"));
    }

    @TestFactory
    Stream<DynamicTest> development() throws IOException {
        return check("development", Samples.load(Samples.DEVELOPMENT, "loomio"));
    }

    static Map<String, Object> derive(LoomioInstance i) {
        Map<String, Object> out = new LinkedHashMap<>();
        // A seeded generator makes the generated credentials repeatable; production uses SecureRandom.
        out.put("secret-credentials.yaml", CredentialsSecret.desired(i, new Random(42)));
        out.put("statefulset-postgres.yaml", PostgresStatefulSet.desired(i));
        out.put("service-postgres.yaml", Services.postgres(i));
        out.put("statefulset-redis.yaml", RedisStatefulSet.desired(i));
        out.put("service-redis.yaml", Services.redis(i));
        out.put("pvc-uploads.yaml", UploadsPvc.desired(i));
        out.put("deployment-app.yaml", AppDeployments.app(i));
        out.put("service-app.yaml", Services.app(i));
        out.put("deployment-worker.yaml", AppDeployments.worker(i));
        out.put("deployment-channels.yaml", AppDeployments.channels(i));
        out.put("service-channels.yaml", Services.channels(i));
        out.put("deployment-hocuspocus.yaml", AppDeployments.hocuspocus(i));
        out.put("service-hocuspocus.yaml", Services.hocuspocus(i));
        out.put("job-db-migrate.yaml", MigrationJob.desired(i));
        out.put("cronjob-hourly-tasks.yaml", HourlyTasksCronJob.desired(i));
        if (i.getSpec().getIngress().isEnabled()) {
            out.put("ingress.yaml", LoomioIngress.desired(i));
        }
        i.setStatus(null);
        out.put("status-nothing-observed.yaml", StatusCalculator.compute(i,
                new Observed(Optional.empty(), Optional.empty(), Map.of()), List.of(), FIXED_NOW));
        return out;
    }

    private Stream<DynamicTest> check(String name, LoomioInstance instance) throws IOException {
        Path dir = GOLDEN.resolve(name);
        Map<String, Object> derived = derive(instance);
        List<DynamicTest> tests = new ArrayList<>();
        if (UPDATE) {
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        for (Map.Entry<String, Object> e : derived.entrySet()) {
            Path file = dir.resolve(e.getKey());
            String actual = Serialization.asYaml(e.getValue());
            if (UPDATE) {
                Files.writeString(file, actual);
            }
            tests.add(DynamicTest.dynamicTest(name + "/" + e.getKey(), () -> {
                assertThat(file).as("golden file %s (regenerate with -Dgolden.update=true)", file).exists();
                assertThat(actual).as("%s differs from %s", e.getKey(), file).isEqualTo(Files.readString(file));
            }));
        }
        tests.add(DynamicTest.dynamicTest(name + "/no unused golden files", () -> {
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("golden files that no derived resource matches").isSubsetOf(derived.keySet());
            }
        }));
        return tests.stream();
    }
}
