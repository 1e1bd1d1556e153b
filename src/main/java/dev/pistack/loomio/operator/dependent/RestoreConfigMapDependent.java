package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.operator.desired.RestoreConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMap;

/** The restore init container's no-backup rule. */
public class RestoreConfigMapDependent extends OwnedDependent<ConfigMap> {
    public RestoreConfigMapDependent() {
        super(ConfigMap.class, RestoreConfigMap::desired);
    }
}
