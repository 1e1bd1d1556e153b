/**
 * RAM-mode memory sampling: a quarkus-scheduler job reads, for every instance the controller tracks, the database's
 * and Redis' own fill figures and the pods' and node's memory from the Metrics API, and hands each significant sample
 * to the controller as a secondary resource ({@link dev.pistack.loomio.operator.memory.MemorySampleSource}), which
 * triggers a reconcile that turns it into status.memory and the MemoryHealthy condition ({@link
 * dev.pistack.loomio.operator.memory.MemoryHealth}). A failed read is an "unavailable" line in the sample, never an
 * exception in a reconcile. Imports the API, {@code kube}, {@code desired} and {@code dependent}.
 */
package dev.pistack.loomio.operator.memory;
