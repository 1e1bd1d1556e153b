package dev.pistack.loomio.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.backup.BackupResults;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.RestoreChoice;
import dev.pistack.loomio.operator.desired.Tiers;
import dev.pistack.loomio.operator.instance.LoomioInstanceReconciler;
import dev.pistack.loomio.operator.instance.Observed;
import dev.pistack.loomio.operator.instance.StatusCalculator;
import dev.pistack.loomio.operator.lifecycle.PlannedStop;
import dev.pistack.loomio.operator.upgrade.Releases;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files of everything the reconciler derives, produced through the real wiring: the dependents declared in
 * {@link LoomioInstanceReconciler}'s {@code @Workflow}, instantiated and asked for {@code desired()}, with their
 * reconcile preconditions evaluated. A dependent wired to the wrong builder, or a precondition that no longer holds,
 * shows as a difference.
 *
 * <p>One directory per case under src/test/resources/derived/: the input ({@code instance.yaml}; the production and
 * development cases read samples/ instead, so the samples users copy are what is tested) and one expected file per
 * derived object, {@code <kind>-<name>.yaml}, plus {@code status-first-reconcile.yaml}, the status written before any
 * child exists. Parsed objects are compared; the YAML diff is only the failure message. Expected files that no derived
 * object matches fail the case. {@code -Dgolden.update=true} rewrites the files and fails every case, so a run that
 * rewrote them can never pass: review {@code git diff}, then run again without it.
 */
class DerivedResourcesTest {
    private static final Path CASES = Path.of("src/test/resources/derived");
    private static final Map<String, Path> SAMPLE_CASES = Map.of(
            "production", Samples.PRODUCTION, "development", Samples.DEVELOPMENT);
    private static final String INPUT = "instance.yaml";
    /** The operator runs as a pod there: the NetworkPolicies let it reach the data tier. */
    private static final String OPERATOR_NAMESPACE = "loomio-operator";
    private static final Instant FIXED_NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TestFactory
    Stream<DynamicNode> everyCase() throws IOException {
        List<DynamicNode> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(CASES)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                cases.add(DynamicContainer.dynamicContainer(dir.getFileName().toString(), check(dir)));
            }
        }
        assertThat(cases).extracting(DynamicNode::getDisplayName)
                .as("the cases the project promises to cover")
                .contains("production", "development", "ingress-off", "tls-on", "smtp-secret", "env-override",
                        "explicit-resources", "hibernate", "restore-test", "release-pinned");
        return cases.stream();
    }

    /** What the workflow would apply for this instance, by golden file name. */
    static Map<String, Object> derive(LoomioInstance instance) throws ReflectiveOperationException {
        // What the reconciler decides before the workflow runs, with nothing of the instance existing yet.
        PlannedStop.Plan stop = PlannedStop.plan(instance, Optional.empty(),
                backup -> new PlannedStop.Observation(false, false, true, true, false, Optional.empty(), true,
                        OptionalLong.empty()),
                FIXED_NOW);
        Context<LoomioInstance> context = contextServingNothing(stop.tiers(), instance);
        Map<String, Object> derived = new TreeMap<>();
        Workflow workflow = LoomioInstanceReconciler.class.getAnnotation(Workflow.class);
        for (Dependent declared : workflow.dependents()) {
            KubernetesDependentResource<?, LoomioInstance> dependent = instantiate(declared.type());
            if (!preconditionMet(declared, dependent, instance, context)) {
                continue;
            }
            HasMetadata child = desired(dependent, instance, context);
            String file = child.getKind().toLowerCase() + "-" + child.getMetadata().getName() + ".yaml";
            assertThat(derived).as("two dependents derive %s", file).doesNotContainKey(file);
            derived.put(file, child);
        }
        instance.setStatus(null);
        derived.put("status-first-reconcile.yaml",
                stop.record(StatusCalculator.compute(instance, Observed.NOTHING, stop.view(), List.of(),
                        FIXED_NOW)));
        return derived;
    }

    private Stream<DynamicNode> check(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        Path input = SAMPLE_CASES.getOrDefault(name, dir.resolve(INPUT));
        assertThat(input).as("case %s needs an input %s", name, input).exists();
        LoomioInstance instance = Samples.load(input, "loomio");
        Map<String, Object> derived;
        try {
            derived = derive(instance);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate a declared dependent", e);
        }
        if (UPDATE) {
            rewrite(dir, derived);
            return Stream.of(DynamicTest.dynamicTest("rewritten", () -> fail(
                    "golden files of %s rewritten: review git diff, then run again without -Dgolden.update", name)));
        }
        List<DynamicNode> tests = new ArrayList<>();
        for (Map.Entry<String, Object> e : derived.entrySet()) {
            Path expected = dir.resolve(e.getKey());
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> compare(expected, e.getValue())));
        }
        tests.add(DynamicTest.dynamicTest("no unused expected files", () -> {
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(f -> !f.equals(INPUT)))
                        .as("expected files in %s that no derived object matches", dir)
                        .isSubsetOf(derived.keySet());
            }
        }));
        return tests.stream();
    }

    private static void compare(Path expectedFile, Object actual) throws IOException {
        assertThat(expectedFile).as("expected file (create it with -Dgolden.update=true)").exists();
        String expectedYaml = Files.readString(expectedFile);
        String actualYaml = Serialization.asYaml(actual);
        JsonNode expected = YAML.readTree(expectedYaml);
        JsonNode derived = YAML.readTree(actualYaml);
        if (!expected.equals(derived)) {
            List<String> lines = expectedYaml.lines().toList();
            List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(expectedFile.toString(), "derived", lines,
                    DiffUtils.diff(lines, actualYaml.lines().toList()), 3);
            fail("%s differs from what the workflow derives:%n%s", expectedFile, String.join("\n", diff));
        }
    }

    private static void rewrite(Path dir, Map<String, Object> derived) throws IOException {
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.filter(p -> !p.getFileName().toString().equals(INPUT)).toList()) {
                Files.delete(p);
            }
        }
        for (Map.Entry<String, Object> e : derived.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), Serialization.asYaml(e.getValue()));
        }
    }

    /** {@code desired()} is protected; these are the dependent classes of this package that declare it. */
    private static HasMetadata desired(KubernetesDependentResource<?, LoomioInstance> dependent,
            LoomioInstance instance, Context<LoomioInstance> context) {
        return switch (dependent) {
            case OwnedDependent<?> owned -> owned.desired(instance, context);
            case CredentialsSecretDependent secret -> secret.desired(instance, context);
            case KeptPvcDependent pvc -> pvc.desired(instance, context);
            default -> throw new IllegalStateException(dependent.getClass() + " is a new kind of dependent: "
                    + "add it to DerivedResourcesTest#desired");
        };
    }

    @SuppressWarnings("unchecked")
    private static KubernetesDependentResource<?, LoomioInstance> instantiate(Class<?> type)
            throws ReflectiveOperationException {
        if (type == CredentialsSecretDependent.class) {
            // Seeded, so the generated passwords are repeatable; the operator uses SecureRandom.
            return new CredentialsSecretDependent(new Random(42), () -> Samples.VAPID);
        }
        return (KubernetesDependentResource<?, LoomioInstance>) type.getDeclaredConstructor().newInstance();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean preconditionMet(Dependent declared, KubernetesDependentResource dependent,
            LoomioInstance instance, Context<LoomioInstance> context)
            throws ReflectiveOperationException {
        if (declared.reconcilePrecondition() == Condition.class) {
            return true;
        }
        Condition condition = declared.reconcilePrecondition().getDeclaredConstructor().newInstance();
        return condition.isMet(dependent, instance, context);
    }

    /** Dependents derive from the spec alone; one that starts reading the context fails here, naming the call. */
    @SuppressWarnings("unchecked")
    private static Context<LoomioInstance> contextServingNothing(Tiers tiers, LoomioInstance instance) {
        Map<Object, Object> workflowValues = new java.util.HashMap<>();
        ManagedWorkflowAndDependentResourceContext workflow = (ManagedWorkflowAndDependentResourceContext) Proxy
                .newProxyInstance(Context.class.getClassLoader(),
                        new Class<?>[]{ManagedWorkflowAndDependentResourceContext.class},
                        (proxy, method, args) -> switch (method.getName()) {
                            case "put" -> workflowValues.put(args[0], args[1]);
                            case "getMandatory" -> java.util.Objects.requireNonNull(workflowValues.get(args[0]),
                                    "nothing put under " + args[0]);
                            default -> throw new UnsupportedOperationException("a dependent called "
                                    + method.getName() + ": serve it in DerivedResourcesTest's context");
                        });
        Context<LoomioInstance> context = (Context<LoomioInstance>) Proxy.newProxyInstance(
                Context.class.getClassLoader(), new Class<?>[]{Context.class}, (proxy, method, args) -> {
                    if (method.getName().equals("managedWorkflowAndDependentResourceContext")) {
                        return workflow;
                    }
                    throw new UnsupportedOperationException("a dependent called Context." + method.getName()
                            + Arrays.toString(method.getParameterTypes())
                            + ": serve it in DerivedResourcesTest's context");
                });
        // What the reconciler puts there before the workflow runs.
        // The golden cases are first installs: nothing to back up before their migration.
        WorkflowInputs.put(context, new WorkflowInputs(Samples.AGENT_IMAGE, tiers,
                Releases.image(instance, Releases.current(instance)), true, OPERATOR_NAMESPACE,
                DatabaseLogin.LOOMIO, BackupResults.newestKnown(
                        instance.getStatus() == null ? null : instance.getStatus().getBackup()).orElse(null),
                RestoreChoice.NEWEST, null));
        return context;
    }
}
