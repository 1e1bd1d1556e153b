package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.agent.offsite.OffsiteTargets;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The off-site targets' settings as the backup agent reads them from the backup Secret (and the Drive Secret), checked
 * by the operator with the agent's own parsers, so a Secret the agent would refuse shows in the instance's status
 * before a backup or a restore fails on it.
 */
public final class OffsiteSettings {
    private OffsiteSettings() {
    }

    /**
     * @param secrets the backup Secret, then the Drive Secret if any (later keys win, as in the pods' envFrom)
     * @return what the agent would refuse, naming the key to set or fix; empty when Drive and S3 are off or usable.
     *     The message never holds a value.
     */
    public static Optional<String> problem(Secret... secrets) {
        Map<String, String> env = new HashMap<>();
        for (Secret secret : secrets) {
            env.putAll(values(secret));
        }
        try {
            OffsiteTargets.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    /** @return the Secret's keys and values as text ({@code data} decoded, {@code stringData} as written) */
    static Map<String, String> values(Secret secret) {
        Map<String, String> values = new HashMap<>();
        if (secret == null) {
            return values;
        }
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k,
                    new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }
}
