package dev.pistack.loomio.operator.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.OperatorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileErrorsTest {
    private static KubernetesClientException http(int code, String message) {
        return new KubernetesClientException(message, code, null);
    }

    @Test
    void conflictsAloneAreRacesNotProblems() {
        var aggregated = new AggregatedOperatorException("workflow failed",
                Map.of("app-service", http(409, "the object has been modified")));
        assertThat(LoomioInstanceReconciler.onlyConflicts(new OperatorException(aggregated))).isTrue();
    }

    @Test
    void anyRealFailureIsReportedPerChild() {
        var aggregated = new AggregatedOperatorException("workflow failed", Map.of(
                "app-service", http(409, "the object has been modified"),
                "uploads", http(422, "PersistentVolumeClaim \"loomio-uploads\" is invalid")));
        OperatorException e = new OperatorException(aggregated);

        assertThat(LoomioInstanceReconciler.onlyConflicts(e)).isFalse();
        assertThat(LoomioInstanceReconciler.problems(e)).extracting(p -> p.message())
                .containsExactly("applying app-service failed: the object has been modified",
                        "applying uploads failed: PersistentVolumeClaim \"loomio-uploads\" is invalid");
    }
}
