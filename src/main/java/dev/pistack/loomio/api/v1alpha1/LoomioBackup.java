package dev.pistack.loomio.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One on-demand backup of a LoomioInstance: creating it runs the backup agent once (no retention pruning), and its
 * status records the outcome. Scheduled hourly backups are not LoomioBackups (they would pile up in the API server's
 * store); the instance's {@code status.backup} reports them.
 *
 * <p>Printer columns answer the first questions ({@code kubectl get loomiobackups}): which instance, what kind,
 * which phase, how big, when completed; {@code -o wide} adds the backup's name and the error.
 */
@Group(LoomioInstance.GROUP)
@Version(LoomioInstance.VERSION)
@Plural("loomiobackups")
@ValidationRule(value = "self.metadata.name.size() <= 63",
        message = "metadata.name must be at most 63 characters: the backup's Job and its pods' labels carry it")
@ValidationRule(value = "self.spec == oldSelf.spec",
        message = "spec is immutable: a LoomioBackup is one backup run; create a new LoomioBackup instead")
// Printer columns in the order kubectl shows them (a build step, PrinterColumnOrder, keeps this order in the CRD).
@AdditionalPrinterColumn(name = "Instance", jsonPath = ".spec.instanceRef.name",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Kind", jsonPath = ".spec.kind", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Size", jsonPath = ".status.size", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Completed", jsonPath = ".status.completedAt",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Backup", jsonPath = ".status.backupName", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(name = "Error", jsonPath = ".status.error", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
public class LoomioBackup extends CustomResource<LoomioBackupSpec, LoomioBackupStatus> implements Namespaced {
}
