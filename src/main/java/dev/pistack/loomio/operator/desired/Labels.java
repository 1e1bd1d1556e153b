package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Kubernetes recommended labels (app.kubernetes.io/*) of every child. */
public final class Labels {
    /** The application: always "loomio" ({@link #NAME_VALUE}). */
    public static final String NAME = "app.kubernetes.io/name";
    public static final String NAME_VALUE = "loomio";
    /** The LoomioInstance a child belongs to: its name. */
    public static final String INSTANCE = "app.kubernetes.io/instance";
    /** The part of the stack: postgres, redis, app, worker, hocuspocus, backup, db-migrate, … */
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    /** Set by the Job controller on a Job's pods: the Job's name. */
    public static final String JOB_NAME = "batch.kubernetes.io/job-name";
    /** Marks what this operator manages; its informers only cache objects carrying it. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "loomio-operator";
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

    private Labels() {
    }

    /** Labels that select the pods of one component; never change them, a Deployment's selector is immutable. */
    public static Map<String, String> selector(LoomioInstance i, String component) {
        Map<String, String> labels = instance(i);
        labels.put(COMPONENT, component);
        return labels;
    }

    /** @return the labels every pod of the instance carries, whatever its component (a new, changeable map) */
    public static Map<String, String> instance(LoomioInstance i) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, NAME_VALUE);
        labels.put(INSTANCE, i.getMetadata().getName());
        return labels;
    }

    /** Selector labels plus the ones that describe, for metadata of children and pod templates. */
    public static Map<String, String> of(LoomioInstance i, String component) {
        Map<String, String> labels = selector(i, component);
        labels.put(PART_OF, NAME_VALUE);
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        return labels;
    }
}
