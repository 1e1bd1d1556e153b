package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.operator.desired.RestoreConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMap;

/** The restore init container's no-backup rule, the newest backup recorded and a LoomioRestore's choice. */
public class RestoreConfigMapDependent extends OwnedDependent<ConfigMap> {
    public RestoreConfigMapDependent() {
        super(ConfigMap.class, (instance, context) -> RestoreConfigMap.desired(instance,
                WorkflowInputs.of(context).newestKnownBackup(), WorkflowInputs.of(context).restoreChoice()));
    }
}
