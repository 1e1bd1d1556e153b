package dev.pistack.loomio;

import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.MemoryStatus;
import dev.pistack.loomio.api.v1alpha1.MemoryUsage;
import dev.pistack.loomio.api.v1alpha1.NodeMemory;
import dev.pistack.loomio.operator.desired.VapidKeys;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads the files of samples/ as LoomioInstances, the way users write them. */
public final class Samples {
    public static final Path PRODUCTION = Path.of("samples/loomio.yaml");
    public static final Path DEVELOPMENT = Path.of("samples/loomio-dev.yaml");
    /** The backup agent's image in unit tests: an operator built from this checkout, as the node has it. */
    public static final String AGENT_IMAGE = "localhost/loomio-operator:test";
    /** A fixed VAPID key pair (made once with Python's cryptography), so generated Secrets are repeatable. */
    public static final VapidKeys VAPID = new VapidKeys(
            "BFXRMB32FBAJiYBiRGRFa7C5V7PCgKtYmGAp7Zo-xagnPxly24ccyBKRzf3nva6qjh_M7p1IVWHIV6qpFMYTyB8=",
            "7CBhF0toKgeq4hLt4GQH5ynGRQWi7TtakuLtQ2oUiPk=");

    private Samples() {
    }

    /** @return the sample, placed in the given namespace (samples carry none, as kubectl apply -n expects) */
    public static LoomioInstance load(Path sample, String namespace) {
        try {
            LoomioInstance instance = Serialization.unmarshal(Files.readString(sample), LoomioInstance.class);
            instance.getMetadata().setNamespace(namespace);
            return instance;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final long MIB = 1024 * 1024;

    /**
     * A memory sample of an instance with 1Gi of database tmpfs, Redis maxmemory 100Mi, a Postgres pod limit of
     * 1280Mi and a node of 4000Mi.
     */
    public static MemoryStatus memory(long databaseMi, long redisMi, long nodePercent, boolean pressure,
            List<String> unavailable) {
        return new MemoryStatus("2026-11-22T10:00:00Z", null, MemoryUsage.of(databaseMi * MIB, 1024 * MIB),
                MemoryUsage.of(redisMi * MIB, 100 * MIB), MemoryUsage.of(300 * MIB, 1280 * MIB), null,
                new NodeMemory("pi", nodePercent * 40 * MIB, 4000 * MIB, (int) nodePercent, pressure), unavailable);
    }

    /**
     * @param phase the LoomioBackup's phase
     * @param job its Job's name
     * @param file the stored backup's file name, when Completed
     * @param error why it failed, when Failed
     * @return the status the operator writes in that phase, built with the API's named factories
     */
    public static LoomioBackupStatus backupStatus(BackupPhase phase, String job, String file, String error) {
        return switch (phase) {
            case PENDING -> LoomioBackupStatus.pending(1L, List.of());
            case RUNNING -> LoomioBackupStatus.running(1L, List.of(), job, null, null);
            case COMPLETED -> LoomioBackupStatus.completed(1L, List.of(), null, "2026-11-22T10:00:03Z",
                    new BackupRecord(file, null, "2026-11-22T10:00:03Z", 420_000L, 1.0, List.of("local", "drive"), null,
                            job, null),
                    "410Ki");
            case FAILED -> LoomioBackupStatus.failed(1L, List.of(), job, null, "2026-11-22T10:00:03Z", error);
        };
    }
}
