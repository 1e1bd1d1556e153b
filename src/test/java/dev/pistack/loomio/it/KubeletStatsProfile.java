package dev.pistack.loomio.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The operator with the opt-in pod memory source: the kubelet's /stats/summary (deploy/rbac-kubelet-stats.yaml). */
public class KubeletStatsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("loomio.operator.memory.kubelet-stats", "true");
    }
}
