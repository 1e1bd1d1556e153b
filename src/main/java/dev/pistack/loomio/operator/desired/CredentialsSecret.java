package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The generated credentials. Created once and never regenerated: the database (on disk or in a backup), the users'
 * sessions and their browsers' push subscriptions depend on them. A key that a Secret of an earlier version lacks is
 * added, the others stay as they are. It is not owned by the LoomioInstance, so it survives a delete.
 */
public final class CredentialsSecret {
    /** Postgres' superuser's, which logs in over the Postgres pod's Unix socket only. */
    public static final String POSTGRES_PASSWORD = "POSTGRES_PASSWORD";
    public static final String DEVISE_SECRET = "DEVISE_SECRET";
    public static final String SECRET_COOKIE_TOKEN = "SECRET_COOKIE_TOKEN";
    /** Web push (Loomio 3.5+): the VAPID key pair, {@link VapidKeys}. */
    public static final String VAPID_PUBLIC_KEY = "VAPID_PUBLIC_KEY";
    public static final String VAPID_PRIVATE_KEY = "VAPID_PRIVATE_KEY";
    /** Redis' password (requirepass): Rails' cache and the operator's sampler authenticate with it. */
    public static final String REDIS_PASSWORD = "REDIS_PASSWORD";
    /** The password of {@link DatabaseLogin#LOOMIO}, the role Loomio and the backups log in as. */
    public static final String LOOMIO_DATABASE_PASSWORD = "LOOMIO_DATABASE_PASSWORD";
    /** The password of {@link DatabaseLogin#MONITOR}, the operator's sampler's role. */
    public static final String MONITOR_DATABASE_PASSWORD = "MONITOR_DATABASE_PASSWORD";
    /** Every key the Secret holds. */
    public static final List<String> KEYS = List.of(POSTGRES_PASSWORD, DEVISE_SECRET, SECRET_COOKIE_TOKEN,
            VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, REDIS_PASSWORD, LOOMIO_DATABASE_PASSWORD, MONITOR_DATABASE_PASSWORD);

    private CredentialsSecret() {
    }

    /** Set to "true" on a Secret taken back from an off-site copy (the CredentialsRecovered Event says which). */
    public static final String RECOVERED_ANNOTATION = "loomio.pistack.dev/recovered-from-backup";

    /**
     * @param random a cryptographically strong generator in production (SecureRandom), a seeded one in golden tests
     * @param vapid the VAPID key pair to store ({@link VapidKeys#generate} in production)
     * @param recovered the keys and values of an off-site copy of the Secret, which replace the generated ones (a key
     *     the copy lacks keeps its generated value), or null for a new install
     * @return the Secret with 32-byte Postgres (one per role) and Redis passwords and 64-byte Rails secrets, hex-encoded (URL-safe,
     *     so the passwords can stand in DATABASE_URL and REDIS_CACHE_URL unescaped), and the VAPID keys
     */
    public static Secret desired(LoomioInstance i, RandomGenerator random, VapidKeys vapid,
            Map<String, String> recovered) {
        Secret secret = desired(i, random, vapid);
        if (recovered != null) {
            secret.getStringData().putAll(recovered);
            secret.getMetadata().setAnnotations(new LinkedHashMap<>(Map.of(RECOVERED_ANNOTATION, "true")));
        }
        return secret;
    }

    private static Secret desired(LoomioInstance i, RandomGenerator random, VapidKeys vapid) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(POSTGRES_PASSWORD, hex(random, 32));
        data.put(DEVISE_SECRET, hex(random, 64));
        data.put(SECRET_COOKIE_TOKEN, hex(random, 64));
        data.put(VAPID_PUBLIC_KEY, vapid.publicKey());
        data.put(VAPID_PRIVATE_KEY, vapid.privateKey());
        data.put(REDIS_PASSWORD, hex(random, 32));
        data.put(LOOMIO_DATABASE_PASSWORD, hex(random, 32));
        data.put(MONITOR_DATABASE_PASSWORD, hex(random, 32));
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

    /**
     * @param actual the Secret as it is
     * @param desired a freshly generated one ({@link #desired})
     * @return the values of desired (base64, as in {@code data}) for the keys actual lacks, in {@link #KEYS} order;
     *     empty when none is missing
     */
    public static Map<String, String> missing(Secret actual, Secret desired) {
        Map<String, String> missing = new LinkedHashMap<>();
        for (String key : KEYS) {
            if (actual.getData() == null || !actual.getData().containsKey(key)) {
                missing.put(key, Base64.getEncoder().encodeToString(
                        desired.getStringData().get(key).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return missing;
    }

    /** @return true when the Secret holds every key of {@link #KEYS} */
    public static boolean complete(Secret actual) {
        return actual.getData() != null && actual.getData().keySet().containsAll(KEYS);
    }

    private static String hex(RandomGenerator random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
