package dev.pistack.loomio.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One Loomio installation: the app, its Solid Queue worker, the hocuspocus server, Postgres and Redis.
 * In {@code production} Postgres and Redis keep their data in RAM; in {@code development} on PVCs.
 *
 * <p>Printer columns answer the first questions a user asks ({@code kubectl get loomio}), in that order: is it
 * ready, which mode, how full is its RAM, when was the last backup, what was restored, where is it served. The name
 * is checked at {@code kubectl apply} so that every child's name is valid.
 */
@Group(LoomioInstance.GROUP)
@Version(LoomioInstance.VERSION)
@Plural("loomioinstances")
@ShortNames("loomio")
@ValidationRule(value = "self.metadata.name.matches('" + Validation.INSTANCE_NAME + "')",
        message = "metadata.name must be at most " + Validation.INSTANCE_NAME_MAX + " characters of lower-case letters,"
                + " digits and '-', starting with a letter and ending with a letter or digit: every child is named"
                + " <name>-<component>, Services must be DNS-1035 labels and the longest child, the CronJob"
                + " <name>-hourly-tasks, may have at most 52 characters")
// Printer columns in the order kubectl shows them (a build step, PrinterColumnOrder, keeps this order in the CRD).
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Environment", jsonPath = ".spec.environment",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "RAM %", jsonPath = ".status.memory.percent",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Last Backup", jsonPath = ".status.backup.lastSuccess.time",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Restored From", jsonPath = ".status.restore.source",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Host", jsonPath = ".spec.host", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class LoomioInstance extends CustomResource<LoomioInstanceSpec, LoomioInstanceStatus> implements Namespaced {
    /** The API group, under a domain this project keeps. */
    public static final String GROUP = "loomio.pistack.dev";
    /** The only served version so far. */
    public static final String VERSION = "v1alpha1";

    @Override
    protected LoomioInstanceStatus initStatus() {
        return new LoomioInstanceStatus();
    }
}
