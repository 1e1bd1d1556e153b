package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Kubernetes recommended labels (app.kubernetes.io/*) of every child. */
public final class Labels {
    /** Marks what this operator manages; its informers only cache objects carrying it. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "loomio-operator";
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

    private Labels() {
    }

    /** Labels that select the pods of one component; never change them, a Deployment's selector is immutable. */
    public static Map<String, String> selector(LoomioInstance i, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "loomio");
        labels.put("app.kubernetes.io/instance", i.getMetadata().getName());
        labels.put("app.kubernetes.io/component", component);
        return labels;
    }

    /** Selector labels plus the ones that describe, for metadata of children and pod templates. */
    public static Map<String, String> of(LoomioInstance i, String component) {
        Map<String, String> labels = selector(i, component);
        labels.put("app.kubernetes.io/part-of", "loomio");
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        return labels;
    }
}
