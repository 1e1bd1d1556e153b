package dev.pistack.loomio.it;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The operator under test for {@link EndToEnd} classes: a {@link PackagedOperator} under deploy/rbac.yaml's
 * ServiceAccount ({@link OperatorServiceAccount}), so a rule missing there fails the test that needs it. One process
 * serves every class that runs at the same time; it is restarted only for a class that needs other properties and
 * stopped for one that deploys its own operator (both {@code @Isolated}). Its log: target/e2e-operator.log.
 */
public final class OperatorProcess implements BeforeAllCallback {
    static final Path LOG = Path.of("target/e2e-operator.log");

    private static PackagedOperator shared;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        EndToEnd endToEnd = context.getRequiredTestClass().getAnnotation(EndToEnd.class);
        if (endToEnd == null || !endToEnd.operator()) {
            stop();
        } else {
            ensure(List.of(endToEnd.operatorProperties()));
        }
    }

    /** @return the shared operator's HTTP address for that path (e.g. /q/metrics) */
    static synchronized URI uri(String path) {
        if (shared == null) {
            throw new IllegalStateException("the operator process is not running; see " + LOG);
        }
        return shared.uri(path);
    }

    private static synchronized void ensure(List<String> properties) throws Exception {
        if (shared != null && shared.alive() && shared.properties.equals(properties)) {
            return;
        }
        stop();
        shared = PackagedOperator.start(OperatorServiceAccount.install(), properties, LOG);
    }

    private static synchronized void stop() throws InterruptedException {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }
}
