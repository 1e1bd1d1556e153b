package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pistack.loomio.agent.drive.FakeDrive;
import dev.pistack.loomio.agent.s3.S3Server;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.AgentCli;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The durability loop as end-to-end tests drive it on the node: the Loomio fixture loaded and fingerprinted over
 * TCP, a backup taken by a Job from the backup CronJob, the Postgres pod replaced, and the results its restore init
 * containers and the backup pod report.
 */
final class Durability {
    static final Duration START = Duration.ofMinutes(3);
    static final Path FIXTURE = Path.of("../shared/testdata/loomio-fixture");
    /** The node's bridge address (hack/node.sh), where pods reach this machine. */
    static final String NODE_IP = "10.244.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final String namespace;

    Durability(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    LoomioInstance instance() {
        return Cluster.get(client, namespace, "loomio");
    }

    void awaitDatabaseReady() {
        await().atMost(START).untilAsserted(() -> assertThat(instance().getStatus(), ConditionType.DATABASE_READY)
                .isTrue());
    }

    /** @return the Postgres pod, or null when there is none or it is the one with that uid */
    Pod postgresPod(String notUid) {
        Pod pod = client.pods().inNamespace(namespace).withName(Names.postgres(instance()) + "-0").get();
        return pod == null || pod.getMetadata().getUid().equals(notUid) ? null : pod;
    }

    /** Deletes the Postgres pod (its RAM goes with it) and waits for the replacement to exist. */
    Pod replacePostgresPod() {
        Pod old = postgresPod(null);
        client.resource(old).delete();
        return await().atMost(START).until(() -> postgresPod(old.getMetadata().getUid()), p -> p != null);
    }

    /**
     * Waits until the operator wrote postgres.dataSize into the Postgres StatefulSet's data volume: a pod replaced
     * before that would still be created from the older template.
     */
    void awaitPostgresDataSize(String dataSize) {
        await().atMost(START).until(() -> client.apps().statefulSets().inNamespace(namespace)
                .withName("loomio-postgres").get().getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(v -> v.getEmptyDir() != null && v.getEmptyDir().getSizeLimit() != null
                        && new Quantity(dataSize).equals(v.getEmptyDir().getSizeLimit())));
    }

    /** @return the replacement once Ready */
    Pod awaitReady(Pod pod) {
        return await().atMost(START).until(() -> client.resource(pod).get(), Durability::ready);
    }

    static boolean ready(Pod p) {
        return p != null && p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * The lifecycle tests' scale: {@code LOOMIO_E2E_BULK_MIB} MiB of extra rows on top of the fixture (0 unless set;
     * docs/lifecycle.md, "Lifecycle figures", sets it to time the transitions at a dump of 100 MB and more).
     */
    static int bulkMebibytes() {
        String bulk = System.getenv("LOOMIO_E2E_BULK_MIB");
        return bulk == null || bulk.isBlank() ? 0 : Integer.parseInt(bulk.strip());
    }

    /** @return postgres.dataSize for the lifecycle tests: 256Mi, plus room for the bulk rows and their restore */
    static String lifecycleDataSize() {
        return (256 + 3 * bulkMebibytes()) + "Mi";
    }

    /** Loads the fixture and the bulk rows of {@link #bulkMebibytes()}; @return the fixture's fingerprint */
    String loadFixtureAtScale(Pod pod) throws IOException, InterruptedException {
        String fingerprint = loadFixture(pod);
        if (bulkMebibytes() > 0) {
            addTable(pod, "lifecycle_bulk", bulkMebibytes());
        }
        return fingerprint;
    }

    /** @return the SQL bytes of the last restore as status reports them, -1 while it reports none */
    long restoredSqlBytes() {
        var restore = instance().getStatus().getRestore();
        return restore == null || restore.sqlBytes() == null ? -1 : restore.sqlBytes();
    }

    /**
     * The state every lifecycle test starts from: the fixture at scale, an hourly backup of it, and then a row the
     * backup does not have, so that only a backup taken by the transition itself can bring it back.
     *
     * @return the fingerprint with that row, the one every later restore must reproduce
     */
    String fixtureWithARowAfterTheHourlyBackup(Pod pod) throws IOException, InterruptedException {
        loadFixtureAtScale(pod);
        assertThat(backupNow().get("status").asText()).isEqualTo("ok");
        psql(pod, "-c", "INSERT INTO users (email, name, username, created_at, updated_at) VALUES"
                + " ('after-the-hourly@example.org', 'Late', 'late', now(), now())");
        return fingerprint(pod);
    }

    /** @return the Events of the namespace's LoomioInstance */
    List<Event> instanceEvents() {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "LoomioInstance".equals(e.getInvolvedObject().getKind())).toList();
    }

    /** Loads the Loomio fixture; @return its fingerprint */
    String loadFixture(Pod pod) throws IOException, InterruptedException {
        psql(pod, "-f", FIXTURE.resolve("schema.sql").toString());
        psql(pod, "-f", FIXTURE.resolve("seed.sql").toString());
        return fingerprint(pod);
    }

    String fingerprint(Pod pod) throws IOException, InterruptedException {
        String fingerprint = psql(pod, "-At", "-f", FIXTURE.resolve("fingerprint.sql").toString());
        assertThat(fingerprint.lines().count()).isGreaterThan(5);
        return fingerprint;
    }

    /** Adds a table of about that many MiB of incompressible-enough rows (md5 text). */
    void addTable(Pod pod, String name, int mebibytes) throws IOException, InterruptedException {
        psql(pod, "-c", "CREATE TABLE " + name + " AS SELECT g AS id, repeat(md5(g::text), 14) AS pad"
                + " FROM generate_series(1, " + (mebibytes * 2200) + ") g");
    }

    /**
     * Runs this machine's psql against the pod's address on the node's bridge, as Loomio connects: over TCP as
     * {@link DatabaseLogin#LOOMIO} with its password from the credentials Secret.
     *
     * @return psql's output
     * @throws AssertionError when psql exits non-zero
     */
    String psql(Pod pod, String... args) throws IOException, InterruptedException {
        Psql run = psqlAs(DatabaseLogin.LOOMIO, pod, args);
        assertThat(run.exitCode()).as("psql %s: %s", String.join(" ", args), run.output()).isZero();
        return run.output();
    }

    /** One psql run: its exit code and its output (standard output and error). */
    record Psql(int exitCode, String output) {
    }

    /** Runs this machine's psql against the pod over TCP as login, with its password from the credentials Secret. */
    Psql psqlAs(DatabaseLogin login, Pod pod, String... args) throws IOException, InterruptedException {
        String password = new String(Base64.getDecoder().decode(client.secrets().inNamespace(namespace)
                .withName(Names.credentialsSecret(instance())).get().getData()
                .get(login.passwordKey())), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h",
                client.resource(pod).get().getStatus().getPodIP(), "-U", login.user(), "-d", Names.DATABASE));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().put("PGPASSWORD", password);
        // A pod deleted under psql leaves an address nothing answers: connecting would wait for TCP's 2 minutes.
        pb.environment().put("PGCONNECT_TIMEOUT", "10");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Psql(p.waitFor(), out);
    }

    /**
     * Runs the backup CronJob's template now, always storing a backup: without the change token it is given, as a
     * LoomioBackup's Job (the tests take backups of unchanged data back to back).
     *
     * @return the agent's JSON summary, whatever the outcome
     */
    JsonNode backupNow() throws IOException {
        CronJob cronJob = client.batch().v1().cronjobs().inNamespace(namespace)
                .withName(Names.backupCronJob(instance()))
                .get();
        cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .removeIf(e -> e.getName().equals(AgentCli.ENV_SKIP_UNCHANGED_SINCE));
        return runAndAwait(cronJob);
    }

    /**
     * Runs the backup CronJob's template now, as the schedule would: it skips when the database is unchanged since
     * the last success.
     *
     * @return the agent's JSON summary, whatever the outcome
     */
    JsonNode scheduledRunNow() throws IOException {
        return runAndAwait(client.batch().v1().cronjobs().inNamespace(namespace)
                .withName(Names.backupCronJob(instance())).get());
    }

    private JsonNode runAndAwait(CronJob cronJob) throws IOException {
        Job job = Node.runNow(client, cronJob, UUID.randomUUID().toString().substring(0, 5));
        Pod pod = await().atMost(START).until(() -> client.pods().inNamespace(namespace)
                .withLabel(Labels.JOB_NAME, job.getMetadata().getName()).list().getItems().stream()
                .filter(p -> "Succeeded".equals(p.getStatus().getPhase())
                        || "Failed".equals(p.getStatus().getPhase()))
                .findFirst().orElse(null), p -> p != null);
        return JSON.readTree(terminated(pod.getStatus().getContainerStatuses().get(0)).getMessage());
    }

    /** @return the JSON result an init container left as its termination message */
    static JsonNode initSummary(Pod pod, String initContainer) throws IOException {
        ContainerStatus status = pod.getStatus().getInitContainerStatuses().stream()
                .filter(s -> s.getName().equals(initContainer)).findFirst().orElseThrow();
        return JSON.readTree(terminated(status).getMessage());
    }

    static ContainerStateTerminated terminated(ContainerStatus status) {
        assertThat(status.getState().getTerminated()).as("%s has terminated", status.getName()).isNotNull();
        return status.getState().getTerminated();
    }

    /**
     * Starts a fake Google Drive on the node's bridge address, where the pods reach this machine, and puts its
     * settings into the backup Secret as a user adds GDRIVE_* keys (Drive is on because GDRIVE_FOLDER_ID is set).
     *
     * @return the fake, to close after the test
     */
    FakeDrive useDrive() throws IOException {
        FakeDrive drive = new FakeDrive(NODE_IP);
        Secret secret = client.secrets().inNamespace(namespace).withName(Cluster.BACKUP_SECRET).get();
        Map<String, String> env = drive.oauthEnv();
        env.remove("GDRIVE_ENABLED");
        secret.setStringData(env);
        client.resource(secret).update();
        return drive;
    }

    /**
     * Starts a real S3 server (versitygw) on the node's bridge address, creates a bucket and puts its settings into the
     * backup Secret as a user adds S3_* keys (S3 is on because S3_BUCKET is set).
     *
     * @return the server, to close after the test
     */
    S3Server useS3(String bucket) throws IOException {
        S3Server s3 = new S3Server(NODE_IP);
        s3.createBucket(bucket);
        Secret secret = client.secrets().inNamespace(namespace).withName(Cluster.BACKUP_SECRET).get();
        secret.setStringData(s3.env(bucket));
        client.resource(secret).update();
        return s3;
    }

    /** @return the directory on this machine behind the local backup PVC (a hostPath volume of the test) */
    Path localBackups() {
        return localBackupsOf(instance());
    }

    /** @return the same for an instance that may be gone by now (its backup PVC is kept) */
    Path localBackupsOf(LoomioInstance instance) {
        return hostPathOf(Names.backupPvc(instance));
    }

    /** @return the directory on this machine behind a claim of the namespace (a hostPath volume of the test) */
    Path hostPathOf(String claim) {
        String volume = client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get().getSpec()
                .getVolumeName();
        PersistentVolume pv = client.persistentVolumes().withName(volume).get();
        return Path.of(pv.getSpec().getHostPath().getPath());
    }

    /**
     * Writes uploads as Loomio does, from a pod that mounts the uploads claim: {@code files} files of Active Storage's
     * layout ({@code storage/xx/yy/<key>}, 1 to 30 KiB of random bytes) and one of {@code bigBytes} under {@code
     * system/} unless bigBytes is 0; as root, as the Loomio image runs.
     *
     * @param prefix the start of the files' names, so that a second call adds files
     */
    void writeUploads(LoomioInstance instance, String prefix, int files, int bigBytes) {
        String script = "set -e; cd /uploads; i=1; while [ $i -le " + files + " ]; do"
                + " d=storage/$(printf %02x $((i % 256)))/$(printf %02x $((i * 7 % 256))); mkdir -p $d;"
                + " head -c $((1000 + i * 97 % 30000)) /dev/urandom > $d/" + prefix + "$i; i=$((i + 1)); done;"
                + (bigBytes == 0
                        ? ""
                        : " mkdir -p system/avatars; head -c " + bigBytes
                                + " /dev/urandom > system/avatars/original.png");
        // The operator's image, which the node has: the one its backup CronJob runs.
        String agentImage = client.batch().v1().cronjobs().inNamespace(namespace)
                .withName(Names.backupCronJob(instance)).get().getSpec().getJobTemplate().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage();
        Pod writer = client.resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("write-uploads-" + UUID.randomUUID().toString().substring(0, 5))
                .withNamespace(namespace).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .addNewContainer().withName("write").withImage(agentImage).withImagePullPolicy("IfNotPresent")
                .withCommand("sh", "-c", script)
                .withNewSecurityContext().withRunAsUser(0L).endSecurityContext()
                .addNewVolumeMount().withName("uploads").withMountPath("/uploads").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("uploads").withNewPersistentVolumeClaim()
                .withClaimName(Names.uploads(instance)).endPersistentVolumeClaim().endVolume()
                .endSpec().build()).create();
        await().atMost(START).untilAsserted(() -> assertThat(client.resource(writer).get().getStatus().getPhase())
                .as("the pod writing the uploads").isEqualTo("Succeeded"));
        client.resource(writer).delete();
    }

    /** @return path → SHA-256 of every file under dir, the agent's own entries left out */
    static Map<String, String> checksums(Path dir) throws IOException {
        Map<String, String> sums = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String rel = dir.relativize(f).toString();
                if (!rel.startsWith(".loomio-")) {
                    try {
                        sums.put(rel, java.util.HexFormat.of().formatHex(java.security.MessageDigest
                                .getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(f))));
                    } catch (java.security.NoSuchAlgorithmException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return sums;
    }
}
