package dev.pistack.loomio.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Which Loomio the operator targets, one upstream fact per test, each with where it comes from, checked against what
 * the operator derives for the production sample. The sources, all in github.com/loomio/loomio (the maintained
 * deployment since loomio/loomio-deploy was archived):
 * <ul>
 * <li>{@code deploy/docker-compose.yml}, commit 95ca1df7 (services app, worker, hocuspocus, redis; volumes;
 * healthcheck);
 * <li>{@code deploy/env_template}, commit 0bcb9de8 (variable names and values, LOOMIO_CONTAINER_TAG=3.5);
 * <li>{@code deploy/UPGRADING.md}, commit 056b9320 (Solid Queue since 3.1, VAPID keys since 3.5, stepping stones);
 * <li>{@code docker_start.sh}, the version with {@code script/sync_client_assets} (TASK=worker runs {@code bin/jobs
 * start}, TASK=hocuspocus {@code node hocuspocus/server.mjs}, otherwise {@code rake db:prepare} then Puma);
 * <li>{@code hocuspocus/server.mjs}, commit 1858c58c, and {@code hocuspocus/config.mjs}, commit f541474b;
 * <li>{@code config/application.rb}: {@code force_ssl = ENV['FORCE_SSL'].present?}, redirect excluded for paths
 * matching {@code (received_emails|email_processor|up|hocuspocus)}.
 * </ul>
 */
class UpstreamConformanceTest {
    private final LoomioInstance instance = Samples.load(Samples.PRODUCTION, "loomio");
    private final Deployment app = AppDeployments.app(instance, Tiers.ALL, instance.getSpec().getImage(),
            DatabaseLogin.LOOMIO);
    private final Deployment worker = AppDeployments.worker(instance, Tiers.ALL, instance.getSpec().getImage(),
            DatabaseLogin.LOOMIO);
    private final Deployment hocuspocus = AppDeployments.hocuspocus(instance, Tiers.ALL, instance.getSpec().getImage(),
            DatabaseLogin.LOOMIO);

    private static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> plainEnv(Container c) {
        return c.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static List<String> envNames(Container c) {
        return c.getEnv().stream().map(EnvVar::getName).toList();
    }

    /** docker-compose.yml: app, worker and hocuspocus all run ${LOOMIO_CONTAINER_IMAGE}:${LOOMIO_CONTAINER_TAG}. */
    @Test
    void appWorkerAndHocuspocusRunTheOneLoomioImageOfThePinnedSeries() {
        assertThat(LoomioInstanceSpec.DEFAULT_IMAGE).as("env_template: LOOMIO_CONTAINER_TAG=3.5")
                .isEqualTo("loomio/loomio:3.5");
        assertThat(List.of(app, worker, hocuspocus)).extracting(d -> container(d).getImage())
                .containsOnly(instance.getSpec().getImage());
    }

    /** docker_start.sh: TASK selects the process; the worker is Solid Queue, which runs the recurring jobs too. */
    @Test
    void taskSelectsWorkerAndHocuspocus() {
        assertThat(plainEnv(container(worker))).containsEntry("TASK", "worker");
        assertThat(plainEnv(container(hocuspocus))).containsEntry("TASK", "hocuspocus");
        assertThat(plainEnv(container(app))).doesNotContainKey("TASK");
        assertThat(container(worker).getArgs()).as("the image's own start, not a command of ours").isEmpty();
    }

    /** docker_start.sh: the app runs rake db:prepare before Puma; here the migration Job runs it, once per image. */
    @Test
    void migrationsAreRakeDbPrepare() {
        assertThat(MigrationJob.desired(instance, DatabaseLogin.LOOMIO).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getArgs())
                .containsExactly("bundle", "exec", "rake", "db:prepare");
    }

    /**
     * docker-compose.yml exposes the app on 3000 and health-checks it with {@code curl --fail
     * http://localhost:3000/} (no -L: FORCE_SSL's redirect counts as an answer); server.mjs listens on 80 when
     * RAILS_ENV is production.
     */
    @Test
    void portsAndTheHealthCheckAreUpstreams() {
        assertThat(container(app).getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort())
                .isEqualTo(3000));
        assertThat(container(hocuspocus).getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort())
                .isEqualTo(80));
        List<String> probe = container(app).getReadinessProbe().getExec().getCommand();
        assertThat(probe).startsWith("curl", "--fail").endsWith("http://localhost:3000/").doesNotContain("-L",
                "--location");
        assertThat(container(app).getReadinessProbe().getHttpGet()).as("the kubelet would follow the redirect")
                .isNull();
    }

    /** env_template: the names and values of a production .env (hosts, URLs, SSL, rate limits, threads). */
    @Test
    void theEnvironmentHasEnvTemplatesNames() {
        Map<String, String> env = plainEnv(container(app));
        assertThat(env).containsEntry("RAILS_ENV", "production")
                .containsEntry("CANONICAL_HOST", "loomio.example.org")
                .containsEntry("PUBLIC_APP_URL", "https://loomio.example.org")
                .containsEntry("PRIVATE_APP_URL", "http://loomio-app:3000")
                .containsEntry("HOCUSPOCUS_URL", "wss://hocuspocus.loomio.example.org")
                .containsEntry("SITE_NAME", "Our Loomio")
                .containsEntry("SUPPORT_EMAIL", "help@example.org")
                .containsEntry("FORCE_SSL", "1")
                .containsEntry("USE_RACK_ATTACK", "1")
                .containsEntry("MIN_THREADS", "3").containsEntry("MAX_THREADS", "3")
                .containsEntry("ACTIVE_STORAGE_SERVICE", "local")
                .containsEntry("REDIS_CACHE_URL", "redis://:$(REDIS_PASSWORD)@loomio-redis:6379/0");
        assertThat(env.get("DATABASE_URL")).matches(
                "postgresql://loomio:\\$\\(LOOMIO_DATABASE_PASSWORD\\)@loomio-postgres:5432/loomio_production");
        assertThat(envNames(container(app))).contains("DEVISE_SECRET", "SECRET_COOKIE_TOKEN", "REDIS_PASSWORD")
                .as("retired with the channel server, and a reply host nothing receives mail for")
                .doesNotContain("CHANNELS_URL", "REDIS_URL", "REPLY_HOSTNAME", "PUMA_WORKERS");
    }

    /** UPGRADING.md 3.5.0: web push needs VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT=mailto:SUPPORT_EMAIL. */
    @Test
    void webPushHasItsThreeVapidSettings() {
        assertThat(envNames(container(app))).contains("VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY");
        assertThat(plainEnv(container(app))).containsEntry("VAPID_SUBJECT", "mailto:help@example.org");
    }

    /** config.mjs: hocuspocus authorizes at PRIVATE_APP_URL + /api/hocuspocus, which FORCE_SSL does not redirect. */
    @Test
    void hocuspocusReachesTheAppWithoutTheSslRedirect() {
        assertThat(plainEnv(container(hocuspocus))).containsEntry("PRIVATE_APP_URL", "http://loomio-app:3000")
                .containsEntry("RAILS_ENV", "production");
        Pattern excluded = Pattern.compile("(received_emails|email_processor|up|hocuspocus)");
        assertThat(excluded.matcher("/api/hocuspocus").find()).isTrue();
    }

    /** docker-compose.yml mounts ./uploads, ./storage and ./files into app and worker. */
    @Test
    void uploadsAreWhereUpstreamMountsThem() {
        for (Deployment d : List.of(app, worker)) {
            assertThat(container(d).getVolumeMounts()).extracting(VolumeMount::getMountPath)
                    .containsExactlyInAnyOrder("/loomio/public/system", "/loomio/storage", "/loomio/public/files");
        }
    }

    /** docker-compose.yml: redis-server --save "" --appendonly no --maxmemory … --maxmemory-policy allkeys-lru. */
    @Test
    void redisIsAnLruCacheWithoutPersistence() {
        List<String> args = RedisStatefulSet.args(instance);
        assertThat(String.join(" ", args)).contains("--save  --appendonly no")
                .contains("--maxmemory-policy allkeys-lru");
        assertThat(args.get(args.indexOf("--maxmemory") + 1)).as("90 % of redis.dataSize (128Mi)")
                .isEqualTo(Long.toString(128L * 1024 * 1024 * 9 / 10));
    }
}
