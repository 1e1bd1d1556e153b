package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The generated credentials. Created once and never regenerated: the database (on disk or in a backup) and the
 * users' sessions depend on them. It is not owned by the LoomioInstance, so it survives a delete.
 */
public final class CredentialsSecret {
    public static final String POSTGRES_PASSWORD = "POSTGRES_PASSWORD";
    public static final String DEVISE_SECRET = "DEVISE_SECRET";
    public static final String SECRET_COOKIE_TOKEN = "SECRET_COOKIE_TOKEN";

    private CredentialsSecret() {
    }

    /**
     * @param random a cryptographically strong generator in production (SecureRandom), a seeded one in golden tests
     * @return the Secret with a 32-byte Postgres password and 64-byte Rails secrets, hex-encoded (URL-safe, so the
     *     password can stand in DATABASE_URL unescaped)
     */
    public static Secret desired(LoomioInstance i, RandomGenerator random) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(POSTGRES_PASSWORD, hex(random, 32));
        data.put(DEVISE_SECRET, hex(random, 64));
        data.put(SECRET_COOKIE_TOKEN, hex(random, 64));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(Names.credentialsSecret(i))
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, "credentials"))
                .endMetadata()
                .withType("Opaque")
                .withStringData(data)
                .build();
    }

    private static String hex(RandomGenerator random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
