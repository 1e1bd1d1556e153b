package dev.pistack.loomio.operator.kube;

/** The two core/v1 Event types (Kubernetes API conventions). */
public enum EventType {
    /** Normal progress, e.g. the instance became Ready. */
    NORMAL("Normal"),
    /** Something the user should look at, e.g. the instance stalled. */
    WARNING("Warning");

    private final String value;

    EventType(String value) {
        this.value = value;
    }

    /** @return the type as written in the Event */
    public String value() {
        return value;
    }
}
