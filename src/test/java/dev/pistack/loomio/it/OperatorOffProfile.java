package dev.pistack.loomio.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The tests' application without its operator: for tests where the operator runs elsewhere (a pod on the node) and
 * a second one in the test JVM would reconcile the same instances.
 */
public class OperatorOffProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.operator-sdk.start-operator", "false");
    }
}
