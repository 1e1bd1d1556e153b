package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioRestore;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Invalid resources are refused by the real API server at apply time, with messages that name the field. */
class ValidationIT {
    static final KubernetesClient client = Cluster.admin();

    @BeforeAll
    static void crdInstalled() {
        Cluster.installCrd(client);
    }

    String namespace;

    @BeforeEach
    void namespace() {
        namespace = Cluster.namespace(client, "validation");
    }

    /** A digest of the OCI grammar's shape: sha256 and 64 hex digits. */
    private static final String DIGEST = "0123abcd".repeat(8);

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of("{host: a.example.org, environment: staging}", "spec.environment",
                        "supported values: \"development\", \"production\""),
                Arguments.of("{host: \"Not A Host!\"}", "spec.host", "should match"),
                Arguments.of("{siteName: x}", "spec.host", "Required value"),
                Arguments.of("{host: a.example.org, postgres: {dataSize: lots}}", "spec.postgres.dataSize",
                        "must be a Kubernetes quantity from 16Mi to 64Gi"),
                Arguments.of("{host: a.example.org, redis: {dataSize: \"-1Gi\"}}", "spec.redis.dataSize",
                        "must be a Kubernetes quantity from 16Mi to 64Gi"),
                Arguments.of("{host: a.example.org, postgres: {dataSize: \"512\"}}", "spec.postgres.dataSize",
                        "a bare number counts bytes"),
                Arguments.of("{host: a.example.org, redis: {resources: {memory: 512m}}}",
                        "spec.redis.resources.memory", "a trailing m thousandths of a byte"),
                Arguments.of("{host: a.example.org, postgres: {dataSize: 100Gi}}", "spec.postgres.dataSize",
                        "from 16Mi to 64Gi"),
                Arguments.of("{host: a.example.org, uploads: {size: 20Ti}}", "spec.uploads.size",
                        "must be a Kubernetes quantity from 64Mi to 16Ti"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}, local: {size: 10Mi}}}",
                        "spec.backup.local.size", "must be a Kubernetes quantity from 64Mi to 16Ti"),
                Arguments.of("{host: a.example.org, postgres: {resources: {cpu: fast}}}", "spec.postgres.resources.cpu",
                        "must be a Kubernetes CPU quantity from 10m to 64"),
                Arguments.of("{host: a.example.org, postgres: {resources: {cpu: 500Mi}}}",
                        "spec.postgres.resources.cpu", "must be a Kubernetes CPU quantity from 10m to 64"),
                Arguments.of("{host: a.example.org, monitoring: {ramWarningPercent: 95}}", "spec.monitoring",
                        "ramWarningPercent must be below monitoring.ramCriticalPercent"),
                Arguments.of("{host: a.example.org, monitoring: {backupWarningAge: 3h}}", "spec.monitoring",
                        "backupWarningAge must be shorter"),
                Arguments.of("{host: a.example.org, monitoring: {backupCriticalAge: two hours}}",
                        "spec.monitoring.backupCriticalAge", "should match"),
                Arguments.of("{host: a.example.org, supportEmail: nobody}", "spec.supportEmail", "should match"),
                Arguments.of("{host: " + "a".repeat(64) + ".example.org}", "spec.host",
                        "each dot-separated label of host must have 1 to 63 characters"),
                Arguments.of("{host: a.example.org}", "spec.backup.secretRef",
                        "production keeps the database in RAM and needs backups: set backup.secretRef"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}, schedule: hourly}}",
                        "spec.backup.schedule", "backup.schedule must be five cron fields in range"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}, schedule: \"60 * * * *\"}}",
                        "spec.backup.schedule", "minute 0-59"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}, schedule: \"0 24 * * *\"}}",
                        "spec.backup.schedule", "hour 0-23"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}, schedule: \"0 0 0 * *\"}}",
                        "spec.backup.schedule", "day of month 1-31"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}, schedule: \"0 0 * 13 *\"}}",
                        "spec.backup.schedule", "month 1-12"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}, schedule: \"0 0 * * 8\"}}",
                        "spec.backup.schedule", "day of week 0-7"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}, restoreTest: {enabled: true,"
                        + " schedule: weekly}}}", "spec.backup.restoreTest.schedule",
                        "backup.restoreTest.schedule must be five cron fields in range"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}, retention: {keepHourly: -1}}}",
                        "spec.backup.retention.keepHourly", "should be greater than or equal to 0"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}}, postgres: {restore:"
                        + " {whenNoBackup: Maybe}}}", "spec.postgres.restore.whenNoBackup", "supported values"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}}, env: [{name: DATABASE_URL,"
                        + " value: \"postgresql://elsewhere\"}]}", "spec.env",
                        "env may not set DATABASE_URL, POSTGRES_PASSWORD"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}}, env: [{name: KEY, valueFrom:"
                        + " {secretKeyRef: {name: b, key: BACKUP_ENCRYPTION_KEY}}}]}", "spec",
                        "env may not read the backup Secret (backup.secretRef)"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}}, ingress: {annotations:"
                        + " {nginx.ingress.kubernetes.io/server-snippet: \"return 200;\"}}}",
                        "spec.ingress.annotations",
                        "ingress.annotations may not hold *-snippet keys"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}}, image: \"Loomio/Loomio:3.5\"}",
                        "spec.image", "image must be an image reference such as loomio/loomio:3.5"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}}, postgres: {image:"
                        + " \"postgres:17 --bad\"}}", "spec.postgres.image",
                        "postgres.image must be an image reference"),
                Arguments.of(
                        "{host: a.example.org, backup: {secretRef: {name: b}}, redis: {image: \"redis@sha256:xyz\"}}",
                        "spec.redis.image", "redis.image must be an image reference"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}, retention: {keepLast: 0,"
                        + " keepHourly: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 0}}}", "spec.backup.retention",
                        "backup.retention must keep at least one scheduled backup"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}}, networkPolicy: {clusterCidrs:"
                        + " [10.42.0.0/16, 10.43.0.0]}}", "spec.networkPolicy.clusterCidrs",
                        "networkPolicy.clusterCidrs must be IPv4 CIDRs such as 10.42.0.0/16"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: Loomio_Backup}}}",
                        "spec.backup.secretRef.name", "backup.secretRef.name must name a Secret"),
                Arguments.of(
                        "{host: a.example.org, backup: {secretRef: {name: b}, driveSecretRef: {name: \"drive key\"}}}",
                        "spec.backup.driveSecretRef.name", "backup.driveSecretRef.name must name a Secret"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}}, smtpSecretRef: {name: SMTP}}",
                        "spec.smtpSecretRef", "smtpSecretRef.name must name a Secret"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}}, postgres: {storageClassName:"
                        + " Local_Path}}", "spec.postgres.storageClassName", "should match"),
                Arguments.of("{host: a.example.org, environment: development, backup: {driveSecretRef: {name: d}}}",
                        "spec.backup", "backup.driveSecretRef holds only the Drive credential: set backup.secretRef"),
                Arguments.of("{host: a.example.org, backup: {secretRef: {name: b}, driveSecretRef: {name: d}}, env:"
                        + " [{name: TOKEN, valueFrom: {secretKeyRef: {name: d, key: GDRIVE_REFRESH_TOKEN}}}]}", "spec",
                        "env may not read the Drive Secret (backup.driveSecretRef)"),
                Arguments.of("{host: a.example.org, environment: development, backup: {restoreTest: {enabled: true}}}",
                        "spec.backup", "backup.restoreTest restores the newest backup, and there are none without"
                                + " backup.secretRef"),
                Arguments.of("{host: a.example.org, environment: development, supportEmail: help@example.org,"
                        + " monitoring: {notify: {email: {}}}}", "spec.smtpSecretRef",
                        "monitoring.notify.email sends through the instance's SMTP server: set smtpSecretRef"),
                Arguments.of("{host: a.example.org, environment: development, smtpSecretRef: {name: smtp},"
                        + " monitoring: {notify: {email: {to: []}}}}", "spec.monitoring.notify.email.to",
                        "monitoring.notify.email needs recipients"),
                Arguments.of("{host: a.example.org, environment: development, smtpSecretRef: {name: smtp},"
                        + " monitoring: {notify: {email: {to: [ops]}}}}", "spec.monitoring.notify.email.to[0]",
                        "should match"),
                Arguments.of("{host: a.example.org, environment: development, monitoring: {notify: {webhook:"
                        + " {urlSecretRef: {name: alerts}}}}}", "spec.monitoring.notify.webhook.urlSecretRef",
                        "needs name (a Secret in this namespace) and key"));
    }

    @ParameterizedTest
    @MethodSource("invalidSpecs")
    void rejectedAtApplyNamingTheField(String spec, String field, String message) {
        String yaml = "apiVersion: loomio.pistack.dev/v1alpha1\nkind: LoomioInstance\nmetadata: {name: bad}\nspec: "
                + spec + "\n";
        assertThatThrownBy(() -> client.resource(yaml).inNamespace(namespace).create())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                .hasMessageContaining(field)
                .hasMessageContaining(message);
    }

    /** Every child is named {@code <name>-<component>}: a name some child could not carry is refused up front. */
    @ParameterizedTest
    @ValueSource(strings = {"loomio-with-a-name-that-is-40-chars-long", "1st-loomio", "loomio.example", "loomio-"})
    void namesThatCannotNameEveryChildAreRefused(String name) {
        String yaml = "apiVersion: loomio.pistack.dev/v1alpha1\nkind: LoomioInstance\nmetadata: {name: " + name
                + "}\nspec: {host: a.example.org}\n";
        assertThatThrownBy(() -> client.resource(yaml).inNamespace(namespace).create())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                .hasMessageContaining("metadata.name must be at most 39 characters");
    }

    @Test
    void theLongestNameAllowedIsAcceptedAndItsLongestChildFitsTheCronJobLimit() {
        LoomioInstance instance = Samples.load(Samples.PRODUCTION, namespace);
        instance.getMetadata().setName("loomio-with-a-name-that-is-39-chars-lon");
        assertThat(instance.getMetadata().getName()).hasSize(39);
        assertThat(client.resource(instance).create().getMetadata().getUid()).isNotNull();
        assertThat(Names.restoreTestCronJob(instance)).as("CronJob names may have 52 characters").hasSize(52);
    }

    @Test
    void environmentMayChangeAndADevelopmentSizeChangesWithIt() {
        Cluster.apply(client, Samples.DEVELOPMENT, namespace);
        assertThatThrownBy(() -> Cluster.patch(client, namespace, "loomio-dev",
                "{\"spec\":{\"postgres\":{\"dataSize\":\"3Gi\"}}}"))
                .as("in development the claim is immutable").hasMessageContaining("postgres.dataSize cannot change");
        assertThat(Cluster.patch(client, namespace, "loomio-dev", "{\"spec\":{\"environment\":\"production\","
                + "\"postgres\":{\"dataSize\":\"3Gi\"},\"backup\":{\"secretRef\":{\"name\":\"b\"}}}}")
                .getSpec().getPostgres().getDataSize()).as("switching to RAM sizes the tmpfs anew").isEqualTo("3Gi");
        assertThatThrownBy(() -> Cluster.patch(client, namespace, "loomio-dev",
                "{\"spec\":{\"environment\":\"production\",\"backup\":{\"secretRef\":null}}}"))
                .hasMessageContaining("production keeps the database in RAM and needs backups");
    }

    @Test
    void aPostgresMajorChangesOnlyWhereTheDataMovesThroughADump() {
        Cluster.apply(client, Samples.DEVELOPMENT, namespace);
        assertThat(Cluster.patch(client, namespace, "loomio-dev",
                "{\"spec\":{\"postgres\":{\"image\":\"registry.example.org:5000/postgres:17.6-trixie\"}}}")
                .getSpec().getPostgres().getImage()).as("same major, another build and a registry port")
                .isEqualTo("registry.example.org:5000/postgres:17.6-trixie");
        assertThatThrownBy(() -> Cluster.patch(client, namespace, "loomio-dev",
                "{\"spec\":{\"postgres\":{\"image\":\"postgres:16@sha256:" + DIGEST + "\"}}}"))
                .as("the PVC's data directory is a 17's").hasMessageContaining(
                        "postgres.image cannot change its PostgreSQL major version in development");
        Cluster.apply(client, Samples.PRODUCTION, namespace);
        assertThat(Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"postgres\":{\"image\":"
                + "\"postgres:16\"}}}").getSpec().getPostgres().getImage())
                .as("in production the planned restart restores a dump into the new major").isEqualTo("postgres:16");
    }

    /** UPGRADING.md's stepping stones: a change of Loomio release that jumps over one is refused, naming it. */
    @Test
    void anUpgradeThatSkipsASteppingStoneIsRefusedNamingIt() {
        Cluster.apply(client, Samples.PRODUCTION, namespace);
        assertThat(image("loomio/loomio:v2.15.4")).as("a downgrade skips nothing").isEqualTo("loomio/loomio:v2.15.4");
        assertThatThrownBy(() -> image("loomio/loomio:3.1")).hasMessageContaining(
                "image: this upgrade skips v2.17.1, a stepping stone Loomio requires");
        assertThat(image("loomio/loomio:v2.17.1")).isEqualTo("loomio/loomio:v2.17.1");
        assertThat(image("registry.example.org:5000/loomio/loomio:3.2@sha256:" + DIGEST))
                .as("a registry port and a digest; 3.2 is the stepping stone's series").contains(":3.2@");
        assertThatThrownBy(() -> image("loomio/loomio:3.5")).hasMessageContaining("skips v3.3.0");
        assertThat(image("loomio/loomio:3.3")).isEqualTo("loomio/loomio:3.3");
        assertThat(image("loomio/loomio:3.5")).isEqualTo("loomio/loomio:3.5");
        assertThat(image("loomio/loomio:stable")).as("not a release: MovingImageTag warns instead")
                .isEqualTo("loomio/loomio:stable");
    }

    private String image(String image) {
        return Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"image\":\"" + image + "\"}}").getSpec()
                .getImage();
    }

    @Test
    void uploadsCannotShrinkNorChangeStorageClass() {
        Cluster.apply(client, Samples.PRODUCTION, namespace);
        assertThatThrownBy(
                () -> Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"uploads\":{\"size\":\"1Gi\"}}}"))
                .hasMessageContaining("spec.uploads")
                .hasMessageContaining("uploads.size cannot shrink");
        assertThatThrownBy(() -> Cluster.patch(client, namespace, "loomio",
                "{\"spec\":{\"uploads\":{\"storageClassName\":\"fast\"}}}"))
                .hasMessageContaining("uploads.storageClassName cannot change");
        assertThat(Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"uploads\":{\"size\":\"10Gi\"}}}")
                .getSpec().getUploads().getSize()).isEqualTo("10Gi");
    }

    @Test
    void developmentDataSizeIsFixed() {
        Cluster.apply(client, Samples.DEVELOPMENT, namespace);
        assertThatThrownBy(() -> Cluster.patch(client, namespace, "loomio-dev",
                "{\"spec\":{\"postgres\":{\"dataSize\":\"8Gi\"}}}"))
                .hasMessageContaining("postgres.dataSize cannot change in development");
    }

    @Test
    @SuppressWarnings("unchecked")
    void defaultsAreFilledInByTheApiServer() {
        String yaml = "apiVersion: loomio.pistack.dev/v1alpha1\nkind: LoomioInstance\nmetadata: {name: minimal}\n"
                + "spec: {host: minimal.example.org, backup: {secretRef: {name: loomio-backup}}}\n";
        client.resource(yaml).inNamespace(namespace).create();
        // Read untyped: the Java classes' own field defaults must not hide a default the schema lacks.
        Map<String, Object> spec = (Map<String, Object>) client.genericKubernetesResources(
                "loomio.pistack.dev/v1alpha1", "LoomioInstance")
                .inNamespace(namespace).withName("minimal").get().getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("environment", "production")
                .containsEntry("image", "loomio/loomio:3.5")
                .containsEntry("siteName", "Loomio");
        assertThat((Map<String, Object>) spec.get("postgres")).containsEntry("image", "postgres:17")
                .containsEntry("dataSize", "1Gi");
        assertThat((Map<String, Object>) spec.get("redis")).containsEntry("dataSize", "256Mi");
        assertThat((Map<String, Object>) spec.get("uploads")).containsEntry("size", "5Gi");
        assertThat((Map<String, Object>) spec.get("ingress")).containsEntry("enabled", true);
        assertThat((Map<String, Object>) spec.get("monitoring")).containsEntry("ramWarningPercent", 80)
                .containsEntry("ramCriticalPercent", 90).containsEntry("backupWarningAge", "1h")
                .containsEntry("backupCriticalAge", "2h");
        Map<String, Object> backup = (Map<String, Object>) spec.get("backup");
        assertThat(backup).containsEntry("schedule", "17 * * * *");
        assertThat((Map<String, Object>) backup.get("restoreTest")).as("off by default, weekly when on")
                .containsEntry("enabled", false).containsEntry("schedule", "43 3 * * 0");
        assertThat((Map<String, Object>) backup.get("local")).containsEntry("enabled", true)
                .containsEntry("size", "4Gi");
        assertThat((Map<String, Object>) backup.get("retention")).containsEntry("keepHourly", 48)
                .containsEntry("keepDaily", 30).containsEntry("keepMonthly", 12);
        assertThat((Map<String, Object>) ((Map<String, Object>) spec.get("postgres")).get("restore"))
                .containsEntry("whenNoBackup", "Auto");
    }

    /** Beside each refusal above, what the same rule lets through. */
    @Test
    void whatTheRulesAllowIsAccepted() {
        String yaml = "apiVersion: loomio.pistack.dev/v1alpha1\nkind: LoomioInstance\nmetadata: {name: allowed}\n"
                + "spec:\n"
                + "  host: allowed.example.org\n"
                + "  image: registry.example.org:5000/team/loomio:3.5.2@sha256:" + "a".repeat(64) + "\n"
                + "  postgres: {image: localhost/test/postgres:17, dataSize: 64Gi, resources: {cpu: 10m, memory: 16Mi}}\n"
                + "  redis: {image: docker.io/library/redis:8.4, storageClassName: local-path, dataSize: 16Mi,"
                + " resources: {cpu: \"64\", memory: 0.5Gi}}\n"
                + "  uploads: {size: 16Ti}\n"
                + "  smtpSecretRef: {name: loomio-smtp.v2}\n"
                + "  monitoring: {notify: {email: {to: [ops@example.org, pi@example.org]}, webhook: {urlSecretRef:"
                + " {name: alerts, key: url}, format: Ntfy}}}\n"
                + "  env:\n"
                + "    - {name: FORCE_SSL, value: \"\"}\n"
                + "    - {name: SMTP_PASSWORD, valueFrom: {secretKeyRef: {name: loomio-smtp, key: password}}}\n"
                + "  ingress: {annotations: {cert-manager.io/cluster-issuer: letsencrypt,"
                + " nginx.ingress.kubernetes.io/proxy-body-size: 50m}}\n"
                + "  networkPolicy: {clusterCidrs: [10.244.0.0/16, 10.96.0.0/12]}\n"
                + "  backup:\n"
                + "    secretRef: {name: loomio-backup}\n"
                + "    driveSecretRef: {name: loomio-drive}\n"
                + "    local: {size: 64Mi}\n"
                + "    schedule: \"*/20 0-23/2 1,15 */3 MON-fri\"\n"
                + "    retention: {keepLast: 1, keepHourly: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 0}\n"
                + "    restoreTest: {enabled: true, schedule: \"43 3 ? jan-DEC 0,7\"}\n";
        client.resource(yaml).inNamespace(namespace).create();
        assertThat(Cluster.get(client, namespace, "allowed").getSpec().getEnv()).hasSize(2);
    }

    @Test
    void theBackupSampleIsAccepted() throws java.io.IOException {
        String sample = java.nio.file.Files.readString(java.nio.file.Path.of("samples/loomio-backup.yaml"));
        client.resource(sample).inNamespace(namespace).create();
        LoomioBackup created = client.resources(LoomioBackup.class).inNamespace(namespace)
                .withName("loomio-before-upgrade").get();
        assertThat(created.getSpec().getInstanceRef().name()).isEqualTo("loomio");
        assertThat(created.getSpec().getKind()).isEqualTo(BackupKind.MANUAL);
    }

    @Test
    void aLoomioBackupIsOneRunItsSpecCannotChangeAndItNeedsAnInstance() {
        String yaml = "apiVersion: loomio.pistack.dev/v1alpha1\nkind: LoomioBackup\nmetadata: {name: nightly}\n"
                + "spec: {instanceRef: {name: loomio}}\n";
        client.resource(yaml).inNamespace(namespace).create();
        LoomioBackup created = client.resources(LoomioBackup.class).inNamespace(namespace).withName("nightly").get();
        assertThat(created.getSpec().getKind()).as("default kind").isEqualTo(BackupKind.MANUAL);
        assertThatThrownBy(() -> client.resource(yaml.replace("loomio}}", "other}}")).inNamespace(namespace)
                .fieldManager("validation-test").forceConflicts().serverSideApply())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec is immutable: a LoomioBackup is one backup run");
        assertThatThrownBy(() -> client.resource(yaml.replace("name: nightly", "name: " + "b".repeat(64)))
                .inNamespace(namespace).create())
                .hasMessageContaining("metadata.name must be at most 63 characters");
        assertThatThrownBy(() -> client.resource(yaml.replace("{instanceRef: {name: loomio}}", "{kind: Manual}"))
                .inNamespace(namespace).create())
                .hasMessageContaining("spec.instanceRef").hasMessageContaining("Required value");
        assertThatThrownBy(() -> client.resource(yaml.replace("name: nightly", "name: weekly")
                .replace("}}\n", "}, kind: Weekly}\n")).inNamespace(namespace).create())
                .hasMessageContaining("spec.kind").hasMessageContaining("supported values: \"Final\", \"Manual\"");
    }

    @Test
    void aLoomioRestoreNamesExactlyOneBackupOrTimeAndIsOneRestore() throws java.io.IOException {
        String sample = java.nio.file.Files.readString(java.nio.file.Path.of("samples/loomio-restore.yaml"));
        client.resource(sample).inNamespace(namespace).create();
        LoomioRestore created = client.resources(LoomioRestore.class).inNamespace(namespace)
                .withName("loomio-before-the-deletion").get();
        assertThat(created.getSpec().getBefore()).isEqualTo("2026-12-06T14:30:00Z");

        String yaml = "apiVersion: loomio.pistack.dev/v1alpha1\nkind: LoomioRestore\nmetadata: {name: undo}\n"
                + "spec: {instanceRef: {name: loomio}, backup: loomio-hourly-20261206-140000.sql.gz.enc}\n";
        client.resource(yaml).inNamespace(namespace).create();
        assertThatThrownBy(() -> client.resource(yaml.replace("140000", "150000")).inNamespace(namespace)
                .fieldManager("validation-test").forceConflicts().serverSideApply())
                .hasMessageContaining("spec is immutable: a LoomioRestore is one restore");
        assertThatThrownBy(() -> client.resource(yaml.replace("name: undo", "name: both").replace("}\n",
                ", before: \"2026-12-06T14:30:00Z\"}\n")).inNamespace(namespace).create())
                .hasMessageContaining("give one of backup (a backup's file name) or before");
        assertThatThrownBy(() -> client.resource(yaml.replace("name: undo", "name: neither")
                .replace(", backup: loomio-hourly-20261206-140000.sql.gz.enc", "")).inNamespace(namespace).create())
                .hasMessageContaining("only a clone (source) may give neither");
        client.resource(yaml.replace("name: undo", "name: clone").replace(
                ", backup: loomio-hourly-20261206-140000.sql.gz.enc", ", source: {namespace: prod, name: loomio}"))
                .inNamespace(namespace).create();
        assertThatThrownBy(() -> client.resource(yaml.replace("name: undo", "name: bad-source").replace(
                ", backup: loomio-hourly-20261206-140000.sql.gz.enc", ", source: {namespace: Prod, name: loomio}"))
                .inNamespace(namespace).create())
                .hasMessageContaining("spec.source.namespace").hasMessageContaining("should match");
        assertThatThrownBy(() -> client.resource(yaml.replace("name: undo", "name: typo")
                .replace("loomio-hourly-20261206-140000.sql.gz.enc", "hourly-20261206.sql")).inNamespace(namespace)
                .create())
                .hasMessageContaining("spec.backup").hasMessageContaining("should match");
        assertThatThrownBy(() -> client.resource(yaml.replace("name: undo", "name: yesterday")
                .replace("backup: loomio-hourly-20261206-140000.sql.gz.enc", "before: yesterday"))
                .inNamespace(namespace).create())
                .hasMessageContaining("spec.before").hasMessageContaining("should match");
    }
}
