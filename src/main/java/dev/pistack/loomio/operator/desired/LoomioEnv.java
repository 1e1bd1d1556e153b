package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceSpec;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Environment of the Loomio containers, with loomio-deploy's variable names (scripts/default_env). Secrets enter as
 * secretKeyRef, never as values, so they never appear in the Deployment.
 */
public final class LoomioEnv {
    private LoomioEnv() {
    }

    /** Environment of the Rails containers (app, worker, migration Job, hourly tasks); user env last and winning. */
    public static List<EnvVar> rails(LoomioInstance i) {
        LoomioInstanceSpec spec = i.getSpec();
        String host = spec.getHost();
        List<EnvVar> env = new ArrayList<>();
        env.add(plain("RAILS_ENV", "production"));
        env.add(plain("CANONICAL_HOST", host));
        env.add(plain("REPLY_HOSTNAME", host));
        env.add(plain("SITE_NAME", spec.getSiteName()));
        if (spec.getSupportEmail() != null) {
            env.add(plain("SUPPORT_EMAIL", spec.getSupportEmail()));
        }
        env.add(plain("HELPER_BOT_EMAIL", "no-reply@" + host));
        env.add(plain("CHANNELS_URL", "wss://" + Names.channelsHost(i)));
        env.add(plain("HOCUSPOCUS_URL", "wss://" + Names.hocuspocusHost(i)));
        env.add(plain("FORCE_SSL", "1"));
        env.add(plain("USE_RACK_ATTACK", "1"));
        // One puma process: a Raspberry Pi has the cores but not the RAM for loomio-deploy's per-core workers.
        env.add(plain("PUMA_WORKERS", "1"));
        env.add(plain("MIN_THREADS", "4"));
        env.add(plain("MAX_THREADS", "4"));
        env.add(plain("ACTIVE_STORAGE_SERVICE", "local"));
        env.add(plain("LOOMIO_SYSTEM_RELOAD", "1"));
        env.add(secret(i, CredentialsSecret.POSTGRES_PASSWORD));
        // $(VAR) expands because POSTGRES_PASSWORD is defined above; the generated password is URL-safe.
        env.add(plain("DATABASE_URL",
                "postgresql://" + Names.DATABASE_USER + ":$(" + CredentialsSecret.POSTGRES_PASSWORD
                        + ")@" + Names.postgres(i) + ":" + PostgresStatefulSet.PORT + "/" + Names.DATABASE));
        env.add(plain("REDIS_URL", redisUrl(i)));
        env.add(secret(i, CredentialsSecret.DEVISE_SECRET));
        env.add(secret(i, CredentialsSecret.SECRET_COOKIE_TOKEN));
        return withOverrides(env, spec.getEnv());
    }

    /** Environment of the channels and hocuspocus servers (loomio_channel_server reads these). */
    public static List<EnvVar> channels(LoomioInstance i) {
        List<EnvVar> env = new ArrayList<>();
        env.add(plain("RAILS_ENV", "production"));
        env.add(plain("PORT", Integer.toString(AppDeployments.CHANNELS_PORT)));
        env.add(plain("REDIS_URL", redisUrl(i)));
        env.add(plain("APP_URL", "http://" + Names.app(i) + ":" + AppDeployments.APP_PORT));
        return env;
    }

    /** The SMTP Secret as environment, when one is referenced. */
    public static List<EnvFromSource> smtp(LoomioInstance i) {
        if (i.getSpec().getSmtpSecretRef() == null) {
            return List.of();
        }
        return List.of(new EnvFromSourceBuilder()
                .withNewSecretRef().withName(i.getSpec().getSmtpSecretRef().getName()).endSecretRef().build());
    }

    /** base with every variable of overrides replacing the one of the same name, or appended; order kept. */
    static List<EnvVar> withOverrides(List<EnvVar> base, List<EnvVar> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return base;
        }
        Map<String, EnvVar> merged = new LinkedHashMap<>();
        base.forEach(e -> merged.put(e.getName(), e));
        overrides.forEach(e -> merged.put(e.getName(), e));
        return new ArrayList<>(merged.values());
    }

    private static String redisUrl(LoomioInstance i) {
        return "redis://" + Names.redis(i) + ":" + RedisStatefulSet.PORT + "/0";
    }

    private static EnvVar plain(String name, String value) {
        return new EnvVar(name, value, null);
    }

    private static EnvVar secret(LoomioInstance i, String key) {
        return new EnvVarBuilder().withName(key)
                .withNewValueFrom().withNewSecretKeyRef(key, Names.credentialsSecret(i), false).endValueFrom()
                .build();
    }
}
