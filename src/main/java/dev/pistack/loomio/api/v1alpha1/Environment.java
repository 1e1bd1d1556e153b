package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where Postgres and Redis keep their data: the seed system's production/development switch. */
public enum Environment {
    /** RAM mode: memory-backed emptyDir volumes, durability from backups. */
    @JsonProperty("production")
    PRODUCTION,
    /** Disk mode: PersistentVolumeClaims. */
    @JsonProperty("development")
    DEVELOPMENT;

    /** @return the value as written in the spec: production or development */
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return true when Postgres and Redis data live in memory-backed volumes */
    public boolean ramMode() {
        return this == PRODUCTION;
    }
}
