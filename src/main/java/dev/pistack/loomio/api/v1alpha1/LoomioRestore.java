package dev.pistack.loomio.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One restore of a LoomioInstance to a backup the user chooses: a named backup, or the newest one taken at or before
 * a time. The operator stops the app tier, takes a {@code PreRestore} safety backup of the data as it is (the way
 * back), stops the data tier, starts Postgres restoring the chosen backup, brings back that backup's uploads the
 * volume lacks (a Job), takes a {@code PostRestore} backup (so the restored data is the newest backup, and a later
 * start of Postgres brings it back, not the data it replaced), then starts the app tier. One restore at a time per instance, oldest first; a finished one (Completed or Failed) never
 * runs again, so the same manifest applied twice does nothing the second time.
 *
 * <p>With {@code spec.source}, the backups are another instance's (a clone): read from the off-site targets, never
 * written to.
 *
 * <p>Printer columns ({@code kubectl get loomiorestores}): instance, what was asked, phase, what was restored, when;
 * {@code -o wide} adds a clone's source, the safety backup and the message.
 */
@Group(LoomioInstance.GROUP)
@Version(LoomioInstance.VERSION)
@Plural("loomiorestores")
@ValidationRule(value = "self.metadata.name.size() <= 63",
        message = "metadata.name must be at most 63 characters")
@ValidationRule(value = "self.spec == oldSelf.spec",
        message = "spec is immutable: a LoomioRestore is one restore; create a new LoomioRestore instead")
// Printer columns in the order kubectl shows them (a build step, PrinterColumnOrder, keeps this order in the CRD).
@AdditionalPrinterColumn(name = "Instance", jsonPath = ".spec.instanceRef.name",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Backup", jsonPath = ".spec.backup", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Before", jsonPath = ".spec.before", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Restored", jsonPath = ".status.restoredBackup",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Completed", jsonPath = ".status.completedAt",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Source", jsonPath = ".spec.source.name", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(name = "Safety-Backup", jsonPath = ".status.safetyBackupName",
        type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
public class LoomioRestore extends CustomResource<LoomioRestoreSpec, LoomioRestoreStatus> implements Namespaced {
}
