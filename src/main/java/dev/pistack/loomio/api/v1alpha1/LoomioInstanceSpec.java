package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/**
 * Desired state of a Loomio installation. Rules that protect data are CEL transition rules, so the API server
 * refuses such a change at {@code kubectl apply} with a message that says what to do instead.
 */
@ValidationRule(value = "self.environment == 'production' || oldSelf.environment == 'production'"
        + " || self.postgres.dataSize == oldSelf.postgres.dataSize",
        message = "postgres.dataSize cannot change in development: the StatefulSet's volume claim is immutable."
                + " Resize the PVC data-<name>-postgres-0 directly instead.")
@ValidationRule(value = "self.environment == 'production' || oldSelf.environment == 'production'"
        + " || self.redis.dataSize == oldSelf.redis.dataSize",
        message = "redis.dataSize cannot change in development: the StatefulSet's volume claim is immutable."
                + " Resize the PVC data-<name>-redis-0 directly instead.")
@ValidationRule(value = "self.environment != 'development' || oldSelf.environment != 'development'"
        + " || self.postgres.image.find(" + Validation.IMAGE_TAG + ").find('[0-9]+')"
        + " == oldSelf.postgres.image.find(" + Validation.IMAGE_TAG + ").find('[0-9]+')",
        message = "postgres.image cannot change its PostgreSQL major version in development: the new server cannot"
                + " read the data directory on the PVC. Keep the major; or switch to production (the data moves"
                + " through a dump into RAM), change the image there with a planned restart, and switch back.")
@ValidationRule(value = "!(" + Validation.RELEASES_NAMED + ") || !(" + Validation.OLD_VERSION + " < 2004002 && "
        + Validation.NEW_SERIES + " > 2004)",
        message = "image: this upgrade skips v2.4.2, a stepping stone Loomio requires (loomio/loomio deploy/UPGRADING.md):"
                + " set image to loomio/loomio:v2.4.2 first, wait until the instance is Ready, then go on.")
@ValidationRule(value = "!(" + Validation.RELEASES_NAMED + ") || !(" + Validation.OLD_VERSION + " < 2008008 && "
        + Validation.NEW_SERIES + " > 2008)",
        message = "image: this upgrade skips v2.8.8, a stepping stone Loomio requires (loomio/loomio deploy/UPGRADING.md):"
                + " set image to loomio/loomio:v2.8.8 first, wait until the instance is Ready, then go on.")
@ValidationRule(value = "!(" + Validation.RELEASES_NAMED + ") || !(" + Validation.OLD_VERSION + " < 2011013 && "
        + Validation.NEW_SERIES + " > 2011)",
        message = "image: this upgrade skips v2.11.13, a stepping stone Loomio requires (loomio/loomio deploy/UPGRADING.md):"
                + " set image to loomio/loomio:v2.11.13 first, wait until the instance is Ready, then go on.")
@ValidationRule(value = "!(" + Validation.RELEASES_NAMED + ") || !(" + Validation.OLD_VERSION + " < 2015004 && "
        + Validation.NEW_SERIES + " > 2015)",
        message = "image: this upgrade skips v2.15.4, a stepping stone Loomio requires (loomio/loomio deploy/UPGRADING.md):"
                + " set image to loomio/loomio:v2.15.4 first, wait until the instance is Ready, then go on.")
@ValidationRule(value = "!(" + Validation.RELEASES_NAMED + ") || !(" + Validation.OLD_VERSION + " < 2017001 && "
        + Validation.NEW_SERIES + " > 2017)",
        message = "image: this upgrade skips v2.17.1, a stepping stone Loomio requires (loomio/loomio deploy/UPGRADING.md):"
                + " set image to loomio/loomio:v2.17.1 first, wait until the instance is Ready, then go on.")
@ValidationRule(value = "!(" + Validation.RELEASES_NAMED + ") || !(" + Validation.OLD_VERSION + " < 3002000 && "
        + Validation.NEW_SERIES + " > 3002)",
        message = "image: this upgrade skips v3.2.0, a stepping stone Loomio requires (loomio/loomio deploy/UPGRADING.md):"
                + " set image to loomio/loomio:v3.2.0 first and let its anonymous-poll conversion jobs finish, wait until the instance is Ready, then go on.")
@ValidationRule(value = "!(" + Validation.RELEASES_NAMED + ") || !(" + Validation.OLD_VERSION + " < 3003000 && "
        + Validation.NEW_SERIES + " > 3003)",
        message = "image: this upgrade skips v3.3.0, a stepping stone Loomio requires (loomio/loomio deploy/UPGRADING.md):"
                + " set image to loomio/loomio:v3.3.0 first so its transition migration runs, wait until the instance is Ready, then go on.")
@ValidationRule(value = "!has(self.env) || !has(self.backup.secretRef) || self.env.all(e, !has(e.valueFrom)"
        + " || !has(e.valueFrom.secretKeyRef) || e.valueFrom.secretKeyRef.name != self.backup.secretRef.name)",
        message = "env may not read the backup Secret (backup.secretRef): it holds the backup encryption key, which"
                + " the Loomio pods never get; put what they need in a Secret of its own")
@ValidationRule(value = "!has(self.env) || !has(self.backup.driveSecretRef) || self.env.all(e, !has(e.valueFrom)"
        + " || !has(e.valueFrom.secretKeyRef) || e.valueFrom.secretKeyRef.name != self.backup.driveSecretRef.name)",
        message = "env may not read the Drive Secret (backup.driveSecretRef): it holds the credential of the backups'"
                + " Drive folder, which the Loomio pods never get; put what they need in a Secret of its own")
@ValidationRule(value = "self.environment != 'production' || has(self.backup.secretRef)",
        message = "production keeps the database in RAM and needs backups: set backup.secretRef to a Secret holding"
                + " BACKUP_ENCRYPTION_KEY. Generate a key with `agent keygen` from the operator's image (docs/backups.md),"
                + " create the Secret with kubectl create secret generic loomio-backup"
                + " --from-literal=BACKUP_ENCRYPTION_KEY=<key>, and keep a copy of the key outside the cluster.",
        reason = "FieldValueRequired", fieldPath = ".backup.secretRef")
@ValidationRule(value = "!has(self.monitoring.notify) || !has(self.monitoring.notify.email)"
        + " || has(self.smtpSecretRef)",
        message = "monitoring.notify.email sends through the instance's SMTP server: set smtpSecretRef, or remove"
                + " monitoring.notify.email",
        reason = "FieldValueRequired", fieldPath = ".smtpSecretRef")
@ValidationRule(value = "!has(self.monitoring.notify) || !has(self.monitoring.notify.email)"
        + " || (has(self.monitoring.notify.email.to) && size(self.monitoring.notify.email.to) > 0)"
        + " || has(self.supportEmail)",
        message = "monitoring.notify.email needs recipients: list them in monitoring.notify.email.to, or set"
                + " supportEmail",
        reason = "FieldValueRequired", fieldPath = ".monitoring.notify.email.to")
public class LoomioInstanceSpec {
    /**
     * Default Loomio image: the release series upstream's deploy/env_template pins (LOOMIO_CONTAINER_TAG=3.5;
     * loomio/loomio deploy/env_template, commit 0bcb9de8). The app, worker and hocuspocus all run it.
     */
    public static final String DEFAULT_IMAGE = "loomio/loomio:3.5";

    @JsonPropertyDescription("production: Postgres and Redis data in RAM (memory-backed emptyDir), made durable by"
            + " backups. development: data on PVCs. A change moves the data through a final backup"
            + " (docs/lifecycle.md, \"Switching between RAM and disk\").")
    @Default("production")
    private Environment environment = Environment.PRODUCTION;

    @JsonPropertyDescription("Public DNS name of Loomio, e.g. loomio.example.org. hocuspocus.<host> (collaborative"
            + " editing) is served too and needs a DNS record.")
    @Required
    @Size(min = 1, max = 240)
    @Pattern(Validation.DNS_NAME)
    @ValidationRule(value = "self.matches('" + Validation.DNS_LABELS_AT_MOST_63 + "')",
            message = "each dot-separated label of host must have 1 to 63 characters (RFC 1035)")
    private String host;

    @JsonPropertyDescription("Name of the site shown in the UI and in e-mails (SITE_NAME).")
    @Default("Loomio")
    @Size(min = 1, max = 100)
    private String siteName = "Loomio";

    @JsonPropertyDescription("Address users write to for help (SUPPORT_EMAIL).")
    @Size(max = 254)
    @Pattern(Validation.EMAIL)
    private String supportEmail;

    @JsonPropertyDescription("Secret in this namespace with the SMTP settings as environment variables: SMTP_SERVER,"
            + " SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_DOMAIN, SMTP_AUTH, SMTP_USE_SSL (loomio-deploy's names).")
    @ValidationRule(value = "has(self.name) && size(self.name) <= 253 && self.name.matches('" + Validation.DNS_NAME_CEL
            + "')", message = "smtpSecretRef.name must name a Secret: lower-case letters, digits, '-' and '.'")
    private LocalObjectReference smtpSecretRef;

    @JsonPropertyDescription("Extra environment variables for the Loomio app, worker and migration Job, e.g."
            + " FEATURES_DISABLE_CREATE_USER=1. They override the operator's values. Loomio's flags are presence checks"
            + " (0 still means on): to switch off a flag the operator sets, such as FORCE_SSL, give it an empty value.")
    // At most 30: more would put the CEL rule below on the backup Secret over the API server's cost budget.
    @Size(max = 30)
    @ValidationRule(value = "self.all(e, !(e.name in " + Validation.OPERATOR_OWNED_ENV + "))",
            message = "env may not set DATABASE_URL, POSTGRES_PASSWORD, LOOMIO_DATABASE_PASSWORD, REDIS_CACHE_URL,"
                    + " REDIS_PASSWORD, DEVISE_SECRET, SECRET_COOKIE_TOKEN, VAPID_PUBLIC_KEY or VAPID_PRIVATE_KEY: the"
                    + " operator sets them from the"
                    + " instance's own Postgres, Redis and credentials Secret; remove them from env")
    private List<EnvVar> env;

    @JsonPropertyDescription("Loomio image (app, worker and hocuspocus), a release series of loomio/loomio such as 3.5."
            + " A change runs the database migration Job (after a PreUpgrade backup) before the app tier moves to it; the"
            + " app tier runs the digest that Job ran (status.release).")
    @Default(DEFAULT_IMAGE)
    @Size(min = 1, max = 255)
    @ValidationRule(value = Validation.IMAGE_RULE, message = "image" + Validation.IMAGE_MESSAGE)
    private String image = DEFAULT_IMAGE;

    @JsonPropertyDescription("Resources of the Loomio app container (default: requests 250m/512Mi, limit 1Gi).")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Resources of the Loomio worker container (default: requests 100m/384Mi, limit 768Mi).")
    private ResourceRequirements workerResources;

    @JsonPropertyDescription("The Postgres database.")
    @Default("{}")
    private PostgresSpec postgres = new PostgresSpec();

    @JsonPropertyDescription("The Redis server.")
    @Default("{}")
    private RedisSpec redis = new RedisSpec();

    @JsonPropertyDescription("The uploads volume, on disk in both environments.")
    @Default("{}")
    private UploadsSpec uploads = new UploadsSpec();

    @JsonPropertyDescription("The Ingress for host and hocuspocus.<host>.")
    @Default("{}")
    private IngressSpec ingress = new IngressSpec();

    @JsonPropertyDescription("NetworkPolicies that keep the instance's pods apart from the rest of the cluster.")
    @Default("{}")
    private NetworkPolicySpec networkPolicy = new NetworkPolicySpec();

    @JsonPropertyDescription("Scheduled, encrypted backups of the database (required in production: RAM is lost on"
            + " every restart, and each Postgres start restores the newest backup).")
    @Default("{}")
    private BackupSpec backup = new BackupSpec();

    @JsonPropertyDescription("true stops the instance without losing data: the app tier stops (no new writes), a"
            + " final backup is taken (backup.finalBackup.policy says what a failure means), then Postgres and Redis"
            + " stop and the CronJobs are suspended; the Hibernated condition says when it is done. false resumes:"
            + " Postgres restores that backup and the app tier comes back. Not suspend: nothing stops reconciling.")
    @Default("false")
    private boolean hibernate;

    @JsonPropertyDescription("Thresholds of the MemoryHealthy and BackupHealthy conditions (and of the gauges and"
            + " alert rules that mirror them).")
    @Default("{}")
    private MonitoringSpec monitoring = new MonitoringSpec();

    public boolean isHibernate() {
        return hibernate;
    }

    public void setHibernate(boolean hibernate) {
        this.hibernate = hibernate;
    }

    public BackupSpec getBackup() {
        return backup;
    }

    public void setBackup(BackupSpec backup) {
        this.backup = backup;
    }

    public Environment getEnvironment() {
        return environment;
    }

    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public String getSiteName() {
        return siteName;
    }

    public void setSiteName(String siteName) {
        this.siteName = siteName;
    }

    public String getSupportEmail() {
        return supportEmail;
    }

    public void setSupportEmail(String supportEmail) {
        this.supportEmail = supportEmail;
    }

    public LocalObjectReference getSmtpSecretRef() {
        return smtpSecretRef;
    }

    public void setSmtpSecretRef(LocalObjectReference smtpSecretRef) {
        this.smtpSecretRef = smtpSecretRef;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public ResourceRequirements getWorkerResources() {
        return workerResources;
    }

    public void setWorkerResources(ResourceRequirements workerResources) {
        this.workerResources = workerResources;
    }

    public PostgresSpec getPostgres() {
        return postgres;
    }

    public void setPostgres(PostgresSpec postgres) {
        this.postgres = postgres;
    }

    public RedisSpec getRedis() {
        return redis;
    }

    public void setRedis(RedisSpec redis) {
        this.redis = redis;
    }

    public UploadsSpec getUploads() {
        return uploads;
    }

    public void setUploads(UploadsSpec uploads) {
        this.uploads = uploads;
    }

    public NetworkPolicySpec getNetworkPolicy() {
        return networkPolicy;
    }

    public void setNetworkPolicy(NetworkPolicySpec networkPolicy) {
        this.networkPolicy = networkPolicy;
    }

    public IngressSpec getIngress() {
        return ingress;
    }

    public void setIngress(IngressSpec ingress) {
        this.ingress = ingress;
    }

    public MonitoringSpec getMonitoring() {
        return monitoring;
    }

    public void setMonitoring(MonitoringSpec monitoring) {
        this.monitoring = monitoring;
    }
}
