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
 * Environment of the Loomio containers, with the names of upstream's deploy/env_template (loomio/loomio, commit
 * 0bcb9de8). Secrets enter as secretKeyRef, never as values, so they never appear in the Deployment. Loomio reads its
 * flags as presence checks ({@code ENV['FORCE_SSL'].present?}): an empty value switches one off, "0" does not.
 */
public final class LoomioEnv {
    private LoomioEnv() {
    }

    /**
     * Environment of the Rails containers (app, worker, migration Job); user env last and winning.
     *
     * @param database the role Loomio logs in as ({@link DatabaseLogin#loomio})
     */
    public static List<EnvVar> rails(LoomioInstance i, DatabaseLogin database) {
        LoomioInstanceSpec spec = i.getSpec();
        String host = spec.getHost();
        List<EnvVar> env = new ArrayList<>();
        env.add(plain("RAILS_ENV", "production"));
        env.add(plain("CANONICAL_HOST", host));
        env.add(plain("PUBLIC_APP_URL", "https://" + host));
        env.add(plain("PRIVATE_APP_URL", privateAppUrl(i)));
        // No REPLY_HOSTNAME: with it Loomio sends notifications whose replies go to that host, and nothing here
        // receives mail (upstream runs a Haraka relay for it); the README says how to add reply-by-email.
        env.add(plain("SITE_NAME", spec.getSiteName()));
        if (spec.getSupportEmail() != null) {
            env.add(plain("SUPPORT_EMAIL", spec.getSupportEmail()));
        }
        env.add(plain("HELPER_BOT_EMAIL", "no-reply@" + host));
        env.add(plain("HOCUSPOCUS_URL", "wss://" + Names.hocuspocusHost(i)));
        env.add(plain("FORCE_SSL", "1"));
        env.add(plain("USE_RACK_ATTACK", "1"));
        // One Puma process: upstream's "auto" forks one per core, and each Rails process costs 250-400 MiB, which
        // a Pi (4 cores, 4-8 GiB for everything) does not have. Upstream's 3 threads serve a small group's traffic.
        env.add(plain("WEB_CONCURRENCY", "1"));
        env.add(plain("MIN_THREADS", "3"));
        env.add(plain("MAX_THREADS", "3"));
        env.add(plain("ACTIVE_STORAGE_SERVICE", "local"));
        env.add(plain("LOOMIO_SYSTEM_RELOAD", "1"));
        env.add(secret(i, database.passwordKey()));
        // $(VAR) expands because the password is defined above; the generated password is URL-safe.
        env.add(plain("DATABASE_URL",
                "postgresql://" + database.user() + ":$(" + database.passwordKey()
                        + ")@" + Names.postgres(i) + ":" + PostgresStatefulSet.PORT + "/" + Names.DATABASE));
        // Redis holds only the cache and ActionCable's subscriptions since Loomio 3.1 (jobs are in Postgres).
        env.add(secret(i, CredentialsSecret.REDIS_PASSWORD));
        env.add(plain("REDIS_CACHE_URL", redisUrl(i)));
        env.add(secret(i, CredentialsSecret.DEVISE_SECRET));
        env.add(secret(i, CredentialsSecret.SECRET_COOKIE_TOKEN));
        if (spec.getSupportEmail() != null) {
            // Web push is on when all three are present (deploy/env_template); its subject is the support address,
            // as upstream's create_env.sh and UPGRADING.md make it.
            env.add(secret(i, CredentialsSecret.VAPID_PUBLIC_KEY));
            env.add(secret(i, CredentialsSecret.VAPID_PRIVATE_KEY));
            env.add(plain("VAPID_SUBJECT", "mailto:" + spec.getSupportEmail()));
        }
        return withOverrides(env, spec.getEnv());
    }

    /**
     * Environment of hocuspocus: only what hocuspocus/server.mjs and config.mjs read (loomio/loomio, commits
     * 1858c58c and f541474b). It authorizes each connection with a POST to PRIVATE_APP_URL's /api/hocuspocus, a
     * path FORCE_SSL does not redirect (config/application.rb excludes paths matching "hocuspocus").
     */
    public static List<EnvVar> hocuspocus(LoomioInstance i) {
        List<EnvVar> env = new ArrayList<>();
        env.add(plain("RAILS_ENV", "production"));
        env.add(plain("CANONICAL_HOST", i.getSpec().getHost()));
        env.add(plain("PRIVATE_APP_URL", privateAppUrl(i)));
        return env;
    }

    /** The app's Service, as the other pods reach Rails (upstream's PRIVATE_APP_URL=http://app:3000). */
    private static String privateAppUrl(LoomioInstance i) {
        return "http://" + Names.app(i) + ":" + AppDeployments.APP_PORT;
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

    /** With the password as $(REDIS_PASSWORD), defined before it; the generated password is URL-safe. */
    private static String redisUrl(LoomioInstance i) {
        return "redis://:$(" + CredentialsSecret.REDIS_PASSWORD + ")@" + Names.redis(i) + ":" + RedisStatefulSet.PORT
                + "/0";
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
